import GuichetApp
import GuichetCore
import HTTPTypes

/// Which staff area each path belongs to; reading needs `.read`, any other method `.write`.
/// Deny by default: only the paths named here as open or as checked by their own routes skip the
/// staff check, and a path no rule names is administration, the most guarded area.
/// `decide` is given the path the router matches (`RequestTarget.path`), never the raw target.
enum RoutePolicy {
    enum Decision: Equatable {
        /// Anyone, signed in or not: health, the OpenAPI document, reference facts, the published catalog.
        case open
        /// Answered by the route itself: the portal's pages check their session and role,
        /// e-soutien's API its operator access key.
        case route
        case staff(Area)
    }

    static func decide(_ method: HTTPRequest.Method, _ path: String) -> Decision {
        let read = method == .get || method == .head
        if openPaths.contains(path) { return .open }
        if read, openPrefixes.contains(where: { under(path, $0) }) { return .open }
        if under(path, "/tmf-api/productCatalogManagement") { return read ? .open : .staff(.catalog) }
        if portalSpaces.contains(where: { under(path, $0) }) || under(path, "/api/v1/e-soutien/tickets") { return .route }
        if let area = customerSubresource(path) { return .staff(area) }
        for (prefix, area) in table where under(path, prefix) { return .staff(area) }
        return .staff(.administration)
    }

    /// `path` is `prefix` or below it, segment by segment (`/api/v1/users` is not under `/api/v1/user`).
    static func under(_ path: String, _ prefix: String) -> Bool {
        path == prefix || (path.hasPrefix(prefix) && path.dropFirst(prefix.count).first == "/")
    }

    static let openPaths: Set<String> = ["/", "/health", "/ready", "/metrics", "/openapi.json", "/static/guichet.css"]
    /// Reference facts anyone may read.
    static let openPrefixes = ["/api/v1/territories", "/api/v1/tax-zones", "/api/v1/deadlines", "/api/v1/tariffs/lookup"]
    /// The portal: sign-in and password reset (CSRF-checked), and the spaces, each checking its session.
    static let portalSpaces = ["/connexion", "/login", "/deconnexion", "/mot-de-passe-oublie", "/mot-de-passe",
                               "/espace-client", "/espace-entreprise", "/e-soutien", "/back-office"]

    /// `/api/v1/customers/{id}/…` and `/api/v1/contracts/{id}/licences` belong to the area of what they hold.
    static func customerSubresource(_ path: String) -> Area? {
        let parts = path.split(separator: "/")
        guard parts.count >= 5, parts[0] == "api", parts[1] == "v1" else { return nil }
        if parts[2] == "customers" {
            switch parts[4] {
            case "consumption": return .usage
            case "erasure": return .administration
            case "invoices", "charges", "payments", "balance": return .billing
            default: return .customers
            }
        }
        if parts[2] == "contracts", parts[4] == "licences" { return .billing }
        return nil
    }

    static let table: [(String, Area)] = [
        ("/api/v1/customers", .customers), ("/api/v1/contracts", .customers), ("/api/v1/numbers", .customers),
        ("/api/v1/sda", .customers), ("/api/v1/porting-requests", .customers), ("/api/v1/lines", .customers), ("/api/v1/directory", .customers),
        ("/api/v1/obligations", .customers), ("/api/v1/catalogs", .catalog), ("/api/v1/price-changes", .catalog),
        ("/tmf-api/productOrderingManagement", .customers), ("/tmf-api/productInventory", .customers),
        ("/api/v1/usage", .usage), ("/tmf-api/usageManagement", .usage),
        ("/api/v1/bill-runs", .billing), ("/api/v1/invoices", .billing), ("/api/v1/dunning", .billing), ("/api/v1/letters", .billing),
        ("/tmf-api/customerBillManagement", .billing),
        ("/api/v1/tickets", .support), ("/tmf-api/troubleTicket", .support), ("/api/v1/remote-assistance", .support),
        ("/api/v1/e-soutien/outages", .support), ("/api/v1/maintenance-windows", .support),
        ("/api/v1/mail/inbound", .support), ("/api/v1/mail/maildir", .support),
    ]
}

/// The path of a request as the router will match it, or nil when the target is not canonical.
/// Hummingbird's router skips empty segments (`//api/v1/users` is served by `/api/v1/users`) and
/// reads a target without its leading slash as one with it; deciding access on anything but the
/// canonical path would let a request be classed by one path and served by another.
enum RequestTarget {
    static func path(_ uri: String) -> String? {
        guard uri.first == "/" else { return nil }
        if uri == "/" { return uri }
        let segments = uri.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return uri
    }
}
