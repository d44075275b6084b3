import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// A tenant's ticket page, the same in every space: its history and clocks, and the reporter's
/// return on it (002 §1.b "RETOUR SUR TICKET OUVERT"; an answer to the provider's questions ends
/// the wait, 002 §1.a). Another tenant's ticket is not found.
extension Spaces {
    func registerTicketPages(on router: Router<AppRequestContext>, base: String, roles: Set<Role>, answer: String) {
        router.get(RouterPath(stringLiteral: "\(base)/tickets/:ref")) { request, context -> Response in
            let p = try context.require(roles, path: base)
            let t = try await portalMapped { try await support.ticket(try context.parameters.require("ref"), visibleTo: p.tenant) }
            var data = PortalViews.ticket(t, sla: (try? support.sla(t, at: now())) ?? [], zone: nil, base: base)
            data["description"] = t.filing.description
            data["history"] = t.events.map { ["at": $0.at.description, "kind": $0.kind.rawValue, "text": $0.text ?? ""] }
            data["answerTitle"] = answer
            data["back"] = base
            data["message"] = Spaces.message(request)
            return pages.render("ticket", title: "Ticket \(t.reference)", context, data)
        }
        router.post(RouterPath(stringLiteral: "\(base)/tickets/:ref/retour")) { request, context -> Response in
            let p = try context.require(roles, path: base)
            let ref = try context.parameters.require("ref")
            let form = try await FormFields.read(request)
            let status = form["action"] == "relance"
            let t = try await portalMapped { try await support.ticket(ref, visibleTo: p.tenant) }
            let event = status ? TicketEvent(.statusQueried, at: now(), actor: p.actor, channel: .portal)
                : TicketEvent(t.status == .pending ? .reporterAnswered : .complementAdded, at: now(), actor: p.actor,
                              text: try form.require("text", label: "Complément"), channel: .portal)
            _ = try await portalMapped { try await support.act(ref, event, visibleTo: p.tenant) }
            return PortalPage.redirect("\(base)/tickets/\(ref)?fait=\(status ? "relance" : "complement")")
        }
    }
}
