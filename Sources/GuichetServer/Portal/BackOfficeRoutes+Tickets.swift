import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// A ticket in the back office: its history and SLA clocks for every staff role that reads support,
/// and the steps of its handling (start, ask, resolve, close) for those who may change it.
extension BackOfficeRoutes {
    static let actions: [String: TicketEvent.Kind] = ["prise-en-charge": .started, "questions": .infoRequested, "resolution": .resolved, "cloture": .closed]

    func registerTickets(on router: Router<AppRequestContext>) {
        let b = Self.base
        let support = spaces.support
        router.get(RouterPath(stringLiteral: "\(b)/tickets/:ref")) { request, context -> Response in
            let p = try context.require(.read, .support, path: b)
            let t = try await portalMapped { try await support.ticket(try context.parameters.require("ref"), visibleTo: nil) }
            var data = PortalViews.ticket(t, sla: (try? support.sla(t, at: spaces.now())) ?? [], zone: nil, base: b, staff: true)
            data["description"] = t.filing.description
            data["contact"] = t.filing.contactEmail
            data["history"] = t.events.map { ["at": $0.at.description, "kind": $0.kind.rawValue, "text": $0.text ?? "", "actor": $0.actor] }
            data["mayAct"] = p.may(.write, .support) && t.status != .closed
            data["resolved"] = t.status == .resolved
            data["message"] = Spaces.message(request)
            return spaces.pages.render("staff-ticket", title: "Ticket \(t.reference)", context, data)
        }
        router.post(RouterPath(stringLiteral: "\(b)/tickets/:ref")) { request, context -> Response in
            let p = try context.require(.write, .support, path: b)
            let ref = try context.parameters.require("ref")
            let form = try await FormFields.read(request)
            guard let kind = Self.actions[form["action"] ?? ""] else { throw PortalError.invalid("Action inconnue") }
            let text = form["text"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            _ = try await portalMapped { try await support.act(ref, TicketEvent(kind, at: spaces.now(), actor: p.actor, text: text, channel: .portal)) }
            return PortalPage.redirect("\(b)/tickets/\(ref)?fait=etape")
        }
    }
}
