import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// The customer space (001, 003): contracts with their engagement end and termination quote,
/// invoices (view, download), consumption against allowances, tickets, personal data.
/// Business administrators (004 §4.3) see the same for their company under `/espace-entreprise`.
struct CustomerSpaceRoutes {
    let spaces: Spaces
    static let base = "/espace-client"

    func register(on router: Router<AppRequestContext>) {
        let b = Self.base
        router.get(RouterPath(stringLiteral: b)) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let tenant = p.tenant ?? ""
            var data = try await spaces.overview(tenant, base: b, now: spaces.now())
            let customer = try await spaces.customer(tenant)
            let contact = customer.details.contacts.first
            data["paperFrom"] = customer.paperInvoicesFrom.map(PortalViews.date)
            data["contactEmail"] = contact?.email
            data["contactPhone"] = contact?.phone
            let numbers = try await spaces.fixedRIOs(tenant)
            data["numbers"] = numbers
            data["hasNumbers"] = !numbers.isEmpty
            data["privacyRequests"] = try await spaces.privacy.requests(customerID: tenant).map {
                ["kind": Spaces.rightName[$0.kind] ?? $0.kind.rawValue, "received": PortalViews.date($0.receivedOn), "due": PortalViews.date($0.dueOn),
                 "answered": PortalViews.date($0.answeredOn), "open": $0.answeredOn == nil, "answer": $0.answer ?? ""] as [String: Any]
            }
            data["rights"] = PersonalDataRequest.Kind.allCases.filter { $0 != .erasure }.map { ["id": $0.rawValue, "name": Spaces.rightName[$0] ?? $0.rawValue] }
            let names = await spaces.offeringNames()
            data["forfaits"] = names.filter { $0.key.hasPrefix("forfait-") }.sorted { $0.key < $1.key }.map { ["id": $0.key, "name": $0.value] }
            data["assistance"] = try await spaces.assistance.requests(customerID: tenant).map { r -> [String: Any] in
                let v = spaces.assistance.view(r)
                return ["id": r.id, "status": r.status.rawValue, "forfaits": r.lines.map { names[$0.forfait] ?? $0.forfait }.joined(separator: ", "),
                        "callback": v.callbackDeadline?.endsAtLocal ?? "—"]
            }
            data["optionContracts"] = try await spaces.optionContracts(tenant, base: b, now: spaces.now())
            data["paymentContracts"] = try await spaces.paymentContracts(tenant, base: b)
            let lost = try await spaces.selfSuspendable(tenant)
            data["lostLines"] = lost
            data["hasLostLines"] = !lost.isEmpty
            data["message"] = Spaces.message(request)
            return spaces.pages.render("customer", title: "Mon espace client", context, data)
        }
        spaces.registerShared(on: router, base: b, roles: [.customer])
        // 000 art. 3.2: a request names the customer (name, customer number) and the forfait wanted.
        router.post(RouterPath(stringLiteral: "\(b)/assistance")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            let c = try await spaces.customer(p.tenant ?? "")
            // 000 art. 4.7: the confirmation goes to this address.
            guard let os = AssistanceRequest.OperatingSystem(rawValue: try form.require("os", label: "Système")) else {
                throw PortalError.invalid("Système : windows ou mac")
            }
            let r = RemoteAssistanceService.NewRequest(customerNumber: c.customerNumber, lastName: try form.require("lastName", label: "Nom"),
                                                       firstName: try form.require("firstName", label: "Prénom"), email: try form.require("email", label: "E-mail"),
                                                       os: os, lines: [ForfaitLine(forfait: try form.require("forfait", label: "Forfait"))])
            _ = try await portalMapped { try await spaces.assistance.request(r, at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=assistance")
        }
        // GDPR art. 17: the request is recorded with its one-month answer date (001 Annexe 6).
        router.post(RouterPath(stringLiteral: "\(b)/donnees/effacement")) { _, context -> Response in
            let p = try context.require([.customer], path: b)
            let c = try await spaces.customer(p.tenant ?? "")
            _ = try await portalMapped {
                try await spaces.privacy.file(.erasure, customerID: c.id, on: spaces.today(c, spaces.now()), identifiedBy: .customerSpace, at: spaces.now())
            }
            return PortalPage.redirect("\(b)?fait=effacement")
        }
        // 001 Annexe 6: access, rectification, portability, objection, limitation, directives after death — answered within a month.
        router.post(RouterPath(stringLiteral: "\(b)/donnees/demande")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            let c = try await spaces.customer(p.tenant ?? "")
            guard let kind = PersonalDataRequest.Kind(rawValue: try form.require("kind", label: "Demande")), kind != .erasure else {
                throw PortalError.invalid("Demande : choisissez l'un des droits proposés")
            }
            _ = try await portalMapped {
                try await spaces.privacy.file(kind, customerID: c.id, on: spaces.today(c, spaces.now()), text: form["text"], identifiedBy: .customerSpace, at: spaces.now())
            }
            return PortalPage.redirect("\(b)?fait=demande-donnees")
        }
        // GDPR art. 16: the customer corrects the contact details the operator writes to.
        router.post(RouterPath(stringLiteral: "\(b)/donnees/rectification")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            let c = try await spaces.customer(p.tenant ?? "")
            let email = try form.require("email", label: "E-mail")
            guard EmailAddress.isValid(email) else { throw PortalError.invalid("E-mail : « \(email) » n'est pas une adresse e-mail") }
            let phone = form["phone"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            let contact = Contact(name: c.details.contacts.first?.name ?? c.name, email: email, phone: phone, role: c.details.contacts.first?.role)
            _ = try await portalMapped {
                try await spaces.privacy.rectify(c.id, .init(name: nil, address: nil, contacts: [contact] + c.details.contacts.dropFirst()), at: spaces.now())
            }
            return PortalPage.redirect("\(b)?fait=rectification")
        }
        // 001 CG 8.2.2: the customer's own choice of listing for one of their numbers, free and at any time.
        router.post(RouterPath(stringLiteral: "\(b)/annuaire")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            let number = try form.require("number", label: "Numéro")
            guard let line = try await spaces.usage.lines.line(number), line.customerID == p.tenant else { throw PortalError.notFound("numéro") }
            let listing = DirectoryListing(unlisted: form["unlisted"] == "on", hideAddress: form["hideAddress"] == "on", initialOnly: form["initialOnly"] == "on",
                                           noProspecting: form["noProspecting"] == "on", noReverseSearch: form["noReverseSearch"] == "on",
                                           listedUser: line.directory?.listedUser)
            _ = try await portalMapped { try await spaces.usage.lines.list(line.number, listing, at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=annuaire")
        }
        // 001 CG 10.1: the customer's express request for paper invoices, or its end.
        router.post(RouterPath(stringLiteral: "\(b)/factures/papier")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            let c = try await spaces.customer(p.tenant ?? "")
            _ = try await portalMapped { try await spaces.contracts.paperInvoices(c.id, form["paper"] == "on", on: spaces.today(c, spaces.now()), at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=papier")
        }
        // 001 Annexe 2: an option of the offer asked, or stopped, in the customer space (D-CTR-18).
        router.post(RouterPath(stringLiteral: "\(b)/options")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            let (k, kind) = try await ownOption(form, of: p)
            _ = try await portalMapped { try await spaces.billing.requestOption(contractID: k.id, kind, compatibleTV: form["compatibleTV"] == "on", at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=option")
        }
        router.post(RouterPath(stringLiteral: "\(b)/options/arret")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            let (k, kind) = try await ownOption(form, of: p)
            _ = try await portalMapped { try await spaces.contracts.stopOption(k.id, kind, at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=option-arretee")
        }
        // 001 Annexe 5 art. 7.2: the subscriber turns the payment of merchants on the invoice off, or back on.
        router.post(RouterPath(stringLiteral: "\(b)/paiement-tiers")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            guard let k = try await spaces.contracts.contract(try form.require("contract", label: "Contrat")), k.customerID == p.tenant else {
                throw PortalError.notFound("contrat")
            }
            guard let step = Contract.PaymentSolutionStep(rawValue: try form.require("step", label: "Choix")), [.deactivated, .reactivated].contains(step) else {
                throw PortalError.invalid("Choix : désactiver ou réactiver")
            }
            _ = try await portalMapped { try await spaces.billing.paymentSolution(contractID: k.id, step, at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=paiement-tiers")
        }
        // 003 CG 2: the customer suspends their own line at once after losing their SIM card or having it stolen.
        router.post(RouterPath(stringLiteral: "\(b)/perte-vol")) { request, context -> Response in
            let p = try context.require([.customer], path: b)
            let form = try await FormFields.read(request)
            guard let k = try await spaces.contracts.contract(try form.require("contract", label: "Ligne")), k.customerID == p.tenant,
                  let article = k.family.terms.selfSuspensionArticle else { throw PortalError.notFound("ligne") }
            _ = try await portalMapped {
                try await spaces.contracts.apply(.suspend, to: k.id, on: spaces.contracts.today(in: k.territoryID, at: spaces.now()),
                                                 note: "SIM card lost or stolen, declared by the customer in their space (\(article))", at: spaces.now())
            }
            return PortalPage.redirect("\(b)?fait=perte-vol")
        }
        router.get(RouterPath(stringLiteral: "\(b)/donnees.json")) { _, context -> Response in
            let p = try context.require([.customer], path: b)
            return try await spaces.personalDataExport(p.tenant ?? "")
        }
    }

    /// The signed-in customer's contract and the option a form names.
    private func ownOption(_ form: FormFields, of p: Principal) async throws -> (Contract, ContractOption.Kind) {
        guard let k = try await spaces.contracts.contract(try form.require("contract", label: "Contrat")), k.customerID == p.tenant else {
            throw PortalError.notFound("contrat")
        }
        guard let kind = ContractOption.Kind(rawValue: try form.require("option", label: "Option")) else { throw PortalError.invalid("Option : choisissez l'une des options proposées") }
        return (k, kind)
    }
}
