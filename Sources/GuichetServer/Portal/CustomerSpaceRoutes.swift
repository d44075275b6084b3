import Foundation
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
            data["message"] = Spaces.message(request)
            return spaces.pages.render("customer", title: "Mon espace client", context, data)
        }
        spaces.registerShared(on: router, base: b, roles: [.customer])
        router.get(RouterPath(stringLiteral: "\(b)/donnees.json")) { _, context -> Response in
            let p = try context.require([.customer], path: b)
            return try await spaces.personalDataExport(p.tenant ?? "")
        }
    }
}
