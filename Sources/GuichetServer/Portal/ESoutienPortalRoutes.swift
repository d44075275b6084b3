import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// e-soutien in the browser for wholesale operators' staff (002): file a report for a subscribed
/// e-service, follow its status, and "RETOUR SUR TICKET OUVERT" (a complement or a status request).
struct ESoutienPortalRoutes {
    let spaces: Spaces
    static let base = "/e-soutien"
    static let pageSize = 50

    func register(on router: Router<AppRequestContext>) {
        let b = Self.base
        let support = spaces.support
        router.get(RouterPath(stringLiteral: b)) { request, context -> Response in
            let p = try context.require([.wholesaleOperator], path: b)
            // The operator's open tickets (or all with `toutes=1`), oldest first, a page of 50 read in SQL: years of
            // tickets are never read at once.
            let q = request.uri.queryParameters
            let all = q.get("toutes") == "1", number = max(1, Int(q.get("page") ?? "") ?? 1)
            var query = all ? StateQuery() : SupportService.open
            query.equal["owner"] = p.tenant ?? ""
            query.offset = (number - 1) * Self.pageSize
            query.limit = Self.pageSize
            let found = try await support.tickets(query)
            let now = spaces.now()
            let filter = all ? "&toutes=1" : ""
            var data: [String: Any] = [
                "tickets": found.tickets.map { PortalViews.ticket($0, sla: (try? support.sla($0, at: now)) ?? [], zone: nil, base: b) },
                "hasTickets": found.total > 0,
                "ticketCount": found.total,
                "all": all,
                "eServices": EService.allCases.map { ["id": $0.rawValue, "label": $0.label] },
            ]
            if number > 1 { data["previousPage"] = "\(b)?page=\(number - 1)\(filter)#mes-tickets" }
            if number * Self.pageSize < found.total { data["nextPage"] = "\(b)?page=\(number + 1)\(filter)#mes-tickets" }
            data["message"] = Spaces.message(request)
            return spaces.pages.render("esoutien", title: "e-soutien", context, data)
        }
        router.post(RouterPath(stringLiteral: "\(b)/tickets")) { request, context -> Response in
            let p = try context.require([.wholesaleOperator], path: b)
            let form = try await FormFields.read(request)
            guard let e = EService(rawValue: try form.require("eService", label: "e-service")) else { throw PortalError.invalid("e-service inconnu") }
            guard let kind = ESoutienKind(rawValue: try form.require("kind", label: "Type de demande")) else { throw PortalError.invalid("type de demande inconnu") }
            let t = try await portalMapped {
                try await support.file(TicketFiling(family: .eSoutien, owner: p.tenant ?? "", subject: try form.require("subject", label: "Objet"),
                                                    description: try form.require("description", label: "Description"),
                                                    contactEmail: try form.require("email", label: "E-mail de contact"), channel: .portal,
                                                    territory: support.eSoutienTerritory, eService: e, eSoutienKind: kind),
                                       at: spaces.now(), actor: p.actor)
            }
            return PortalPage.redirect("\(b)/tickets/\(t.reference)?fait=ticket")
        }
        spaces.registerTicketPages(on: router, base: b, roles: [.wholesaleOperator], answer: "RETOUR SUR TICKET OUVERT")
    }
}
