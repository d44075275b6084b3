import GuichetCore
import HTTPTypes

/// Which staff area each API path belongs to; reading needs `.read`, any other method `.write`.
/// A path no rule names is administration: unknown means the most guarded.
enum RoutePolicy {
    enum Decision: Equatable {
        /// Anyone, signed in or not: health, the OpenAPI document, reference facts, the published catalog, sign-in pages.
        case open
        /// Answered by the route itself (e-soutien's operator access keys, the portal's session checks).
        case route
        case staff(Area)
    }

    static func decide(_ method: HTTPRequest.Method, _ path: String) -> Decision {
        let read = method == .get || method == .head
        if ["/", "/health", "/ready", "/metrics", "/openapi.json"].contains(path) || path.hasPrefix("/static/") { return .open }
        if !path.hasPrefix("/api/") && !path.hasPrefix("/tmf-api/") { return .route }
        if path.hasPrefix("/api/v1/e-soutien/tickets") { return .route }
        for prefix in ["/api/v1/territories", "/api/v1/tax-zones", "/api/v1/deadlines", "/api/v1/tariffs/lookup"] where path.hasPrefix(prefix) {
            return .open
        }
        if path.hasPrefix("/tmf-api/productCatalogManagement/") { return read ? .open : .staff(.catalog) }
        if path.hasPrefix("/api/v1/catalogs") { return .staff(.catalog) }
        if let area = customerSubresource(path) { return .staff(area) }
        for (prefix, area) in table where path.hasPrefix(prefix) { return .staff(area) }
        return .staff(.administration)
    }

    /// `/api/v1/customers/{id}/…` and `/api/v1/contracts/{id}/licences` belong to the area of what they hold.
    static func customerSubresource(_ path: String) -> Area? {
        let parts = path.split(separator: "/")
        if parts.count >= 5, parts[2] == "customers" {
            switch parts[4] {
            case "consumption": return .usage
            case "erasure": return .administration
            case "invoices", "charges", "payments", "balance": return .billing
            default: return .customers
            }
        }
        if parts.count >= 5, parts[2] == "contracts", parts[4] == "licences" { return .billing }
        return nil
    }

    static let table: [(String, Area)] = [
        ("/api/v1/customers", .customers), ("/api/v1/contracts", .customers), ("/api/v1/numbers", .customers),
        ("/api/v1/sda", .customers), ("/api/v1/porting-requests", .customers), ("/api/v1/lines", .customers),
        ("/tmf-api/productOrderingManagement/", .customers), ("/tmf-api/productInventory/", .customers),
        ("/api/v1/usage", .usage), ("/tmf-api/usageManagement/", .usage),
        ("/api/v1/bill-runs", .billing), ("/api/v1/invoices", .billing), ("/api/v1/dunning", .billing),
        ("/tmf-api/customerBillManagement/", .billing),
        ("/api/v1/tickets", .support), ("/tmf-api/troubleTicket/", .support), ("/api/v1/remote-assistance", .support),
        ("/api/v1/e-soutien/outages", .support), ("/api/v1/maintenance-windows", .support),
        ("/api/v1/mail/inbound", .support), ("/api/v1/mail/maildir", .support),
    ]
}
