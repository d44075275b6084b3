import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// Authentication, authorisation, CSRF and audit, in front of every route, decided in this one place:
/// - on what: the path the router will match; a target that is not canonical (empty, `.` or `..`
///   segments, no leading slash) is refused with 400 before anything else;
/// - who: the portal's session cookie, or an API token (`Authorization: Bearer gt_…`); a session
///   cookie alone never changes anything through the API (writes there need a token);
/// - may they: `RoutePolicy` names the staff area of each API path; 401 without credentials, 403 without the grant;
/// - every form the portal receives carries the session's CSRF token (or, before sign-in, the
///   token of the `guichet_csrf` cookie), else 403;
/// - every change is audited: the request's `AuditContext` (who, what was asked) makes the stores
///   write an audit entry in the transaction of each change the request causes.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService
    let now: @Sendable () -> Instant

    static let sessionCookie = "guichet_session"
    static let preSessionCookie = "guichet_csrf"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        guard let path = RequestTarget.path(request.uri.path) else {
            throw TMFError(.badRequest, code: "invalidPath", reason: "the request path must start with '/' and have no empty, '.' or '..' segment")
        }
        let isAPI = path.hasPrefix("/api/") || path.hasPrefix("/tmf-api/")
        let reads = request.method == .get || request.method == .head
        let decision = RoutePolicy.decide(request.method, path)
        // Open paths answer without looking anyone up: /ready must tell a database failure, not hit it first.
        if decision == .open { return try await next(request, context) }
        if let token = bearer(request), token.hasPrefix("gt_") {
            guard let p = try await accounts.principal(forToken: token, at: now()) else {
                throw TMFError(.unauthorized, code: "unauthorized", reason: "the API token is unknown, revoked or expired")
            }
            context.principal = p
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !isAPI || reads,
                  let s = try await accounts.session(cookie, at: now()) {
            context.principal = s.principal; context.csrf = s.csrf; context.displayName = s.name
        }
        switch decision {
        case .open, .route: break
        case .staff(let area):
            guard let p = context.principal else {
                throw TMFError(.unauthorized, code: "unauthorized", reason: "sign in, or send Authorization: Bearer <API token>")
            }
            guard p.may(reads ? .read : .write, area) else {
                throw TMFError(.forbidden, code: "forbidden", reason: "\(p.role.rawValue) has no \(reads ? "read" : "write") access to \(area.rawValue)")
            }
        }
        var what: String?
        if !isAPI, !reads {
            // Only a real form carries the token: a body of another type is never read as one.
            guard Self.isForm(request) else {
                return PortalPage.refusal(.forbidden, "Formulaire refusé : seuls les formulaires de la page sont acceptés. Rechargez la page et recommencez.")
            }
            let body = try await request.collectBody(upTo: 64 * 1024)
            let form = FormFields(String(buffer: body))
            let expected = context.csrf ?? request.cookies[Self.preSessionCookie]?.value
            guard let expected, let sent = form["_csrf"], constantTimeEqual(sent, expected) else {
                return PortalPage.refusal(.forbidden, "Formulaire refusé : jeton anti-CSRF absent ou invalide. Rechargez la page et recommencez.")
            }
            what = form.redacted
        }
        // Set for reads too: whatever a request writes is its user's, never the serving process's.
        let audit = AuditContext(actor: context.principal?.actor ?? "anonymous", method: request.method.rawValue, path: path,
                                 what: reads ? nil : what ?? summary(request))
        return try await AuditContext.$current.withValue(audit) { try await next(request, context) }
    }

    static func isForm(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType] else { return false }
        return type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "application/x-www-form-urlencoded"
    }

    func bearer(_ request: Request) -> String? {
        guard let h = request.headers[.authorization], h.hasPrefix("Bearer ") else { return nil }
        return String(h.dropFirst("Bearer ".count))
    }

    /// API bodies are recorded by their size and type (imports can be large); forms in full, secrets masked.
    func summary(_ request: Request) -> String? {
        let type = request.headers[.contentType] ?? "no body"
        return request.headers[.contentLength].map { "\(type), \($0) bytes" } ?? type
    }
}

/// Compares two secrets without stopping at the first difference.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}
