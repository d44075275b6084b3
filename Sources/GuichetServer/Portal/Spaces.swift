import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// What the customer and business spaces share: the services they read, and the pages every
/// tenant space has (an invoice, a termination quote, a ticket).
struct Spaces: Sendable {
    let contracts: ContractService
    let billing: BillingService
    let usage: UsageService
    let support: SupportService
    let assistance: RemoteAssistanceService
    let privacy: PrivacyService
    let catalogs: CatalogRegistry
    let porting: PortingService
    let territories: [String: Territory]
    let pages: PortalPage
    let now: @Sendable () -> Instant

    static let messages: [String: String] = [
        "ticket": "Votre demande est enregistrée : un accusé de réception part par e-mail.",
        "commande": "Votre commande est enregistrée.",
        "complement": "Votre complément est ajouté au ticket.",
        "relance": "Votre demande de suivi est enregistrée : la réponse part par e-mail.",
        "rectification": "Vos coordonnées sont corrigées.",
        "administrateur": "L'administrateur est ajouté : un e-mail l'invite à choisir son mot de passe.",
        "retrait": "L'accès de cet administrateur est fermé.",
        "site": "Le site est ajouté.",
        "restitution": "Le numéro est restitué.",
        "restitution-materiel": "La restitution est demandée : le transporteur vous contacte ; la location court jusqu'au retour du matériel.",
        "reception": "La réception du matériel est enregistrée : il est facturé à partir de ce jour.",
        "retour": "Le retour du matériel est enregistré : sa location s'arrête ce jour-là.",
        "efface": "Les données personnelles sont effacées ; les factures sont conservées.",
        "annuaire": "Votre choix de parution dans l'annuaire est enregistré.",
        "perte-vol": "Votre ligne est suspendue. Contactez le Service Clients pour la remettre en service avec une nouvelle carte SIM.",
        "paiement-tiers": "Votre choix de paiement des tiers marchands sur facture est enregistré.",
        "option": "Votre option est demandée : elle vous est fournie à partir d'aujourd'hui.",
        "option-arretee": "Votre option est arrêtée à partir d'aujourd'hui.",
        "papier": "Votre choix de facture papier est enregistré : il vaut pour les factures émises à partir d'aujourd'hui.",
        "effacement": "Votre demande d'effacement est enregistrée : réponse au plus tard dans un mois.",
        "demande-donnees": "Votre demande est enregistrée : réponse au plus tard dans un mois.",
        "assistance": "Votre demande d'assistance à distance est enregistrée : un technicien vous rappelle dans les 72 heures.",
        "facturation": "La facturation est lancée : suivez-la ci-dessous.",
        "courrier": "Le courrier est noté comme posté.",
        "jeton": "Le jeton est révoqué : toute demande qui le présente est refusée.",
        "cle": "La clé d'accès est révoquée : l'opérateur ne peut plus s'en servir.",
        "etape": "L'étape est enregistrée ; le demandeur est prévenu par e-mail quand il doit l'être.",
    ]

    /// The rights of 001 Annexe 6 as the spaces and the back office name them.
    static let rightName: [PersonalDataRequest.Kind: String] = [
        .erasure: "Effacement", .access: "Accès à mes données", .rectification: "Rectification", .portability: "Portabilité de mes données",
        .objection: "Opposition à un traitement", .limitation: "Limitation d'un traitement", .postMortemDirectives: "Directives après mon décès",
    ]

    /// The confirmation named by `?fait=` after a form, if it is one of ours.
    static func message(_ request: Request) -> String? { messages[request.uri.queryParameters.get("fait") ?? ""] }

    func zone(_ customer: ContractService.Customer) -> ZoneRules? { territories[customer.territoryID]?.zone }

    func today(_ customer: ContractService.Customer, _ now: Instant) -> LocalDate { contracts.today(of: customer, at: now) }

    /// Offering names by id, from the catalog as it stands.
    func offeringNames() async -> [String: String] {
        Dictionary(await catalogs.current.offerings.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func customer(_ id: String) async throws -> ContractService.Customer {
        guard let c = try await contracts.customer(id) else { throw PortalError.notFound("client") }
        return c
    }

    /// Contracts, invoices, consumption and tickets of one customer.
    func overview(_ tenant: String, base: String, now: Instant) async throws -> [String: Any] {
        let c = try await customer(tenant)
        let day = today(c, now)
        let own = try await contracts.contracts(of: tenant)
        let names = await offeringNames()
        let invoices = try await billing.invoices(customerID: tenant)
        let period = RatingContext.period(day)
        let summary = try? await usage.summary(account: tenant, period: period)
        let tickets = try await support.tickets(owner: tenant)
        var data: [String: Any] = [
            "customer": ["name": c.name, "number": c.customerNumber, "territory": c.territoryID] as [String: Any],
            "contracts": own.map { k -> [String: Any] in
                var row = PortalViews.contract(k, offering: names[k.offeringID])
                row["quoteHref"] = "\(base)/contrats/\(k.id)/resiliation"
                return row
            },
            "invoices": invoices.map { PortalViews.invoice($0, base: base) },
            "hasInvoices": !invoices.isEmpty,
            "tickets": tickets.map { PortalViews.ticket($0, sla: [], zone: zone(c), base: base) },
            "hasTickets": !tickets.isEmpty,
            "base": base,
        ]
        data["consumption"] = summary.map(PortalViews.consumption)
        return data
    }

    /// 001 Annexe 2: French names of the options an offer gives on request.
    static let optionName: [ContractOption.Kind: String] = [
        .secondDecoder: "Second décodeur TV (2e écran, frais d'activation facturés)", .tvKey: "Clé TV (2e écran, frais d'activation facturés)",
        .multiScreenRecording: "Enregistrement multi-écrans 100 h (avec décodeur TV6)", .securitySuite: "Suite de Sécurité Orange",
        .tvOnConnectedTV: "TV d'Orange sur TV connectée (24 mois)",
    ]

    /// The customer's running contracts whose offer gives options on request, with those held and those that may be asked today.
    func optionContracts(_ tenant: String, base: String, now: Instant) async throws -> [[String: Any]] {
        let names = await offeringNames()
        return try await contracts.contracts(of: tenant).filter { !$0.state.isFinal }.compactMap { k -> [String: Any]? in
            let kinds = k.family.terms.requestableOptions(offeringID: k.offeringID)
            guard !kinds.isEmpty else { return nil }
            let day = contracts.today(in: k.territoryID, at: now)
            let held = kinds.compactMap { k.option($0, on: day) }
            let available = kinds.filter { kind in
                var probe = k
                return (try? probe.requestOption(kind, on: day, compatibleTV: true)) != nil
            }
            return ["id": k.id, "offering": names[k.offeringID] ?? k.offeringID, "base": base,
                    "tvDeadline": PortalViews.date(k.offerSubscribedOn.adding(months: 3)),
                    "held": held.map { ["name": Self.optionName[$0.kind] ?? $0.kind.rawValue, "kind": $0.kind.rawValue, "contract": k.id,
                                        "since": PortalViews.date($0.requestedOn), "until": $0.endsOn.map { PortalViews.date($0.adding(days: -1)) } ?? "—"] },
                    "hasOptions": !held.isEmpty,
                    "available": available.map { ["kind": $0.rawValue, "name": Self.optionName[$0] ?? $0.rawValue] },
                    "hasAvailable": !available.isEmpty]
        }
    }

    /// 003 CG 2: the customer's active lines they may suspend themselves after a loss or a theft.
    func selfSuspendable(_ tenant: String) async throws -> [[String: Any]] {
        let names = await offeringNames()
        return try await contracts.contracts(of: tenant).filter { $0.state == .active && $0.family.terms.selfSuspensionArticle != nil }
            .map { ["id": $0.id, "offering": names[$0.offeringID] ?? $0.offeringID] }
    }

    /// 001 Annexe 5, 003 CS paiement: the customer's running contracts that pay merchants on the invoice, and whether they do.
    func paymentContracts(_ tenant: String, base: String) async throws -> [[String: Any]] {
        let names = await offeringNames()
        return try await contracts.contracts(of: tenant).filter { !$0.state.isFinal && $0.family.terms.thirdPartyPayments != nil }.map { k in
            let p = k.thirdPartyPayments
            return ["id": k.id, "offering": names[k.offeringID] ?? k.offeringID, "base": base, "active": p?.active ?? true,
                    "deprived": p?.deprivedOn != nil, "since": p?.deactivatedOn.map(PortalViews.date) ?? ""] as [String: Any]
        }
    }

    /// A customer's fixed numbers still in service with the RIO to give the operator they would leave for (001 Annexe 3
    /// art. 3.1); a mobile or ended line has none here.
    func fixedRIOs(_ tenant: String) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for line in try await usage.lines.lines(StateQuery(equal: ["customer_id": tenant])).lines where line.endedOn == nil {
            do {
                let r = try await porting.rio(of: line)
                let d = line.directory ?? DirectoryListing()
                rows.append(["number": line.number, "rio": r.rio, "engagementEnd": r.engagementEnd.map { PortalViews.date($0) } ?? "sans engagement",
                             "unlisted": d.unlisted, "hideAddress": d.hideAddress, "initialOnly": d.initialOnly,
                             "noProspecting": d.noProspecting, "noReverseSearch": d.noReverseSearch,
                             "listing": d.unlisted ? "Liste rouge : ni publié ni communiqué" : "Publié dans l'annuaire"])
            } catch is NumberingError {
                continue
            }
        }
        return rows
    }

    /// An invoice, a quote and a ticket form, behind `base`, for `roles` of the owning tenant only.
    func registerShared(on router: Router<AppRequestContext>, base: String, roles: Set<Role>) {
        registerTicketPages(on: router, base: base, roles: roles, answer: "Répondre ou compléter")
        router.get(RouterPath(stringLiteral: "\(base)/factures/:id")) { _, context -> Response in
            let p = try context.require(roles, path: base)
            let v = try await ownInvoice(try context.parameters.require("id"), of: p)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: billing.html(v))))
        }
        // 001 Préambule: « Si vous souhaitez une facture détaillée, elle vous sera adressée gratuitement sur simple demande sur
        // l'Espace Client »: every call of the invoice's period, with what it cost.
        router.get(RouterPath(stringLiteral: "\(base)/factures/:id/detail")) { _, context -> Response in
            let p = try context.require(roles, path: base)
            let v = try await ownInvoice(try context.parameters.require("id"), of: p)
            let territory = try await customer(v.invoice.buyer.customerID).territoryID
            var records: [StoredUsage] = []
            if let period = v.invoice.period { records = try await usage.records(account: v.invoice.buyer.customerID, period: period.description) }
            return pages.render("detail", title: "Facture détaillée \(v.invoice.number)", context, [
                "number": v.invoice.number, "period": v.invoice.period.map(BillingPeriodText.french) ?? "—", "base": base,
                "invoice": "\(base)/factures/\(v.invoice.id)", "hasCalls": !records.isEmpty,
                "calls": records.sorted { ($0.rated.start, $0.rated.id) < ($1.rated.start, $1.rated.id) }
                    .map { PortalViews.call($0.rated, zone: contracts.territories[territory]?.zone) },
            ])
        }
        router.get(RouterPath(stringLiteral: "\(base)/factures/:id/facturx.xml")) { _, context -> Response in
            let p = try context.require(roles, path: base)
            let v = try await ownInvoice(try context.parameters.require("id"), of: p)
            let xml = try await billing.facturX(v)
            return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"\(v.invoice.number).xml\""],
                            body: .init(byteBuffer: ByteBuffer(string: xml)))
        }
        router.get(RouterPath(stringLiteral: "\(base)/contrats/:id/resiliation")) { _, context -> Response in
            let p = try context.require(roles, path: base)
            let id = try context.parameters.require("id")
            guard let k = try await contracts.contract(id), k.customerID == p.tenant else { throw PortalError.notFound("contrat") }
            let c = try await customer(k.customerID)
            let day = today(c, now())
            let q = try await portalMapped { try await contracts.terminationQuote(id, request: TerminationRequest(receivedOn: day)) }
            return pages.render("quote", title: "Devis de résiliation", context, [
                "offering": await offeringNames()[k.offeringID] ?? k.offeringID, "effective": PortalViews.date(q.effectiveOn),
                "received": PortalViews.date(q.requestReceivedOn), "total": PortalViews.euros(q.total), "base": base,
                "effectiveSource": q.effectiveDateExplanation.source,
                "lines": q.lines.map { ["label": ContractService.terminationLabel[$0.label] ?? $0.label, "amount": PortalViews.euros($0.amount), "source": $0.explanation.source] },
            ])
        }
        router.post(RouterPath(stringLiteral: "\(base)/tickets")) { request, context -> Response in
            let p = try context.require(roles, path: base)
            let form = try await FormFields.read(request)
            let c = try await customer(p.tenant ?? "")
            let complaint = form["kind"] == "complaint"
            let family: TicketFamily = p.role == .businessAdmin ? .supportCentre : (complaint ? .complaint : .afterSales)
            let filing = TicketFiling(family: family, owner: c.id, subject: try form.require("subject", label: "Objet"),
                                      description: try form.require("description", label: "Description"),
                                      contactEmail: try form.require("email", label: "E-mail de contact"), channel: .portal,
                                      territory: c.territoryID, serviceNumber: form["serviceNumber"].flatMap { $0.isEmpty ? nil : $0 },
                                      siteContactPhone: form["sitePhone"].flatMap { $0.isEmpty ? nil : $0 },
                                      complaintLevel: complaint ? .customerService : nil)
            _ = try await portalMapped { try await support.file(filing, at: now(), actor: p.actor) }
            return PortalPage.redirect("\(base)?fait=ticket")
        }
    }

    func ownInvoice(_ id: String, of p: Principal) async throws -> BillingService.InvoiceView {
        // Looked up among the tenant's own invoices: another customer's number is simply not found.
        guard let v = try await billing.invoices(customerID: p.tenant ?? "").first(where: { $0.invoice.id == id }) else {
            throw PortalError.notFound("facture")
        }
        return v
    }

    /// GDPR art. 15 and 20 (001 Annex 6, 003 PDP): what Guichet holds on the customer, as a JSON download.
    func personalDataExport(_ tenant: String) async throws -> Response {
        let export = try await portalMapped { try await privacy.export(tenant) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"mes-donnees.json\""],
                        body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(export))))
    }
}
