import Foundation
import GuichetCore
import Hummingbird

/// A customer in the back office: the record, contracts, invoices, tickets, data requests and the
/// retention date; administrators erase the personal data from here once every contract has ended.
extension BackOfficeRoutes {
    func registerCustomers(on router: Router<AppRequestContext>) {
        let b = Self.base
        router.get(RouterPath(stringLiteral: "\(b)/clients/:id")) { request, context -> Response in
            let p = try context.require(.read, .customers, path: b)
            let export = try await portalMapped { try await spaces.privacy.export(try context.parameters.require("id")) }
            let c = export.customer
            let names = await spaces.offeringNames()
            var data: [String: Any] = [
                "id": c.id, "number": c.customerNumber, "name": c.name, "kind": c.kind.rawValue, "territory": c.territoryID,
                "contacts": c.details.contacts.map { ["name": $0.name, "email": $0.email ?? "—", "phone": $0.phone ?? "—"] },
                "contracts": export.contracts.map { PortalViews.contract($0, offering: names[$0.offeringID]) },
                "invoices": export.invoices.map { ["number": $0.number, "total": PortalViews.euros($0.totals.includingTax), "issued": PortalViews.date($0.issueDate)] },
                "tickets": export.tickets.map { PortalViews.ticket($0, sla: [], zone: nil, base: b, staff: true) },
                "mayErase": p.may(.write, .administration),
            ]
            data["erasureDue"] = export.erasureDue
            data["message"] = Spaces.message(request)
            return spaces.pages.render("staff-customer", title: "Client \(c.customerNumber)", context, data)
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
