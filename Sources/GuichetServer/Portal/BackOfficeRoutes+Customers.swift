import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// A customer in the back office: the record, contracts, equipment, invoices, tickets, data requests
/// and the retention date. Staff with write access to customers record when equipment reaches the
/// customer and when rented equipment comes back; administrators erase the personal data from here
/// once every contract has ended.
extension BackOfficeRoutes {
    func registerCustomers(on router: Router<AppRequestContext>) {
        let b = Self.base
        router.get(RouterPath(stringLiteral: "\(b)/clients/:id")) { request, context -> Response in
            let p = try context.require(.read, .customers, path: b)
            let export = try await portalMapped { try await spaces.privacy.export(try context.parameters.require("id")) }
            let c = export.customer
            let names = await spaces.offeringNames()
            var data: [String: Any] = [
                "customerID": c.id, "number": c.customerNumber, "name": c.name, "kind": c.kind.rawValue, "territory": c.territoryID,
                "contacts": c.details.contacts.map { ["name": $0.name, "email": $0.email ?? "—", "phone": $0.phone ?? "—"] },
                "contracts": export.contracts.map { PortalViews.contract($0, offering: names[$0.offeringID]) },
                "invoices": export.invoices.map { ["number": $0.number, "total": PortalViews.euros($0.totals.includingTax), "issued": PortalViews.date($0.issueDate)] },
                "tickets": export.tickets.map { PortalViews.ticket($0, sla: [], zone: nil, base: b, staff: true) },
                "mayErase": p.may(.write, .administration),
                "mayRecord": p.may(.write, .customers),
                "equipment": await spaces.equipment(among: export.contracts).map { PortalViews.equipment($0, name: names[$0.offeringID]) },
            ]
            data["erasureDue"] = export.erasureDue
            data["message"] = Spaces.message(request)
            // A wholesale operator's e-soutien access keys (002 §2), for administrators to revoke (F6).
            if c.kind == .wholesale, p.may(.read, .administration) {
                let keys = try await self.keys.latestKeys(of: c.id, Self.pageSize).map { k -> [String: Any] in
                    var row: [String: Any] = ["id": k.id, "short": String(k.id.prefix(12)), "issued": k.issuedAt.description,
                                              "expires": k.expiresAt?.description ?? "jamais", "lastUsed": k.lastUsedAt?.description ?? "jamais"]
                    if let r = k.revokedAt { row["revoked"] = r.description }
                    return row
                }
                data["keys"] = keys
                data["hasKeys"] = !keys.isEmpty
                data["mayRevoke"] = p.may(.write, .administration)
            }
            return spaces.pages.render("staff-customer", title: "Client \(c.customerNumber)", context, data)
        }
        // 004 §15 BIL-7: equipment is billed from the day it is received; a rented item's rental ends the day it
        // is back (004 §9.2 TER-5). Both days are the carrier's, typed in by staff.
        router.post(RouterPath(stringLiteral: "\(b)/clients/:id/materiel")) { request, context -> Response in
            _ = try context.require(.write, .customers, path: b)
            let id = try context.parameters.require("id")
            let form = try await FormFields.read(request)
            let contract = try form.require("contract", label: "Matériel")
            let text = try form.require("on", label: "Date")
            guard let day = try? LocalDate(iso: text) else { throw PortalError.invalid("Date : « \(text) » n'est pas une date AAAA-MM-JJ") }
            guard let line = try await spaces.equipment(of: id).first(where: { $0.id == contract }) else { throw PortalError.notFound("matériel") }
            let received = line.state == .pendingActivation
            guard received || (line.isRental && line.state == .pendingTermination) else {
                throw PortalError.invalid("Ce matériel n'attend ni livraison ni retour.")
            }
            // A day on the carrier's proof: not before the order (or the reception), not to come.
            let earliest = received ? line.orderedOn : line.activatedOn ?? line.orderedOn
            let today = spaces.today(try await spaces.customer(id), spaces.now())
            guard earliest <= day, day <= today else {
                throw PortalError.invalid("Date : le \(PortalViews.date(day)) n'est pas entre le \(PortalViews.date(earliest)) (\(received ? "commande" : "réception")) et aujourd'hui")
            }
            _ = try await portalMapped {
                try await spaces.contracts.apply(received ? .activate : .terminate, to: contract, on: day,
                                                 note: received ? "reçu chez le client (004 §15)" : "matériel restitué (004 §9.2)", at: spaces.now())
            }
            return PortalPage.redirect("\(b)/clients/\(id)?fait=\(received ? "reception" : "retour")")
        }
        router.post(RouterPath(stringLiteral: "\(b)/clients/:id/cles/revocation")) { request, context -> Response in
            _ = try context.require(.write, .administration, path: b)
            let id = try context.parameters.require("id")
            let key = try await FormFields.read(request).require("key", label: "Clé")
            _ = try await portalMapped { try await keys.revoke(id: key, of: id, at: spaces.now()) }
            return PortalPage.redirect("\(b)/clients/\(id)?fait=cle")
        }
        router.post(RouterPath(stringLiteral: "\(b)/clients/:id/effacement")) { request, context -> Response in
            let p = try context.require(.write, .administration, path: b)
            let id = try context.parameters.require("id")
            let reason = try await FormFields.read(request).require("reason", label: "Motif")
            _ = try await portalMapped { try await spaces.privacy.erase(id, reason: "\(reason) (by \(p.actor))", at: spaces.now()) }
            return PortalPage.redirect("\(b)/clients/\(id)?fait=efface")
        }
    }
}
