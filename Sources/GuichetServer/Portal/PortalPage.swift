import Foundation
import GuichetApp
import GuichetCore
import Hummingbird
import Mustache

/// Renders the portal's pages from the Mustache templates in `Resources/templates`: one layout
/// (header and footer partials) and one template per page.
struct PortalPage: Sendable {
    let library: MustacheLibrary
    let demo: Bool

    static func load(demo: Bool) async throws -> PortalPage {
        guard let dir = Bundle.module.url(forResource: "templates", withExtension: nil) else { throw PortalError.notFound("templates") }
        return PortalPage(library: try await MustacheLibrary(directory: dir.path), demo: demo)
    }

    /// A page for the signed-in person (or the sign-in page), with the navigation of their role.
    func render(_ template: String, title: String, _ context: AppRequestContext, status: HTTPResponse.Status = .ok,
                _ data: [String: Any] = [:], headers: HTTPFields = [:]) -> Response {
        var all = data
        all["title"] = title
        all["demo"] = demo
        all["csrf"] = context.csrf ?? data["csrf"] ?? ""
        if let p = context.principal {
            all["user"] = ["name": context.displayName ?? p.id, "roleLabel": p.role.label,
                           "nav": Self.navigation(p.role).map { ["href": $0.0, "label": $0.1] }] as [String: Any]
        }
        let html = library.render(all, withTemplate: template) ?? "template \(template) missing"
        var h = headers
        h[.contentType] = "text/html; charset=utf-8"
        h[.cacheControl] = "no-store"
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Where each role starts, and the spaces it may open.
    static func navigation(_ role: Role) -> [(String, String)] {
        switch role {
        case .customer: [("/espace-client", "Mon espace")]
        case .businessAdmin: [("/espace-entreprise", "Espace Client Entreprise")]
        case .wholesaleOperator: [("/e-soutien", "e-soutien")]
        case .supportAgent, .billingAgent, .operatorAdmin: [("/back-office", "Back office")]
        }
    }

    static func home(_ role: Role) -> String { navigation(role)[0].0 }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.location] = location
        return Response(status: .seeOther, headers: h)
    }

    /// A short page outside the templates, for refusals the middleware gives before any route.
    static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let html = """
            <!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Guichet — \(status.code)</title><link rel="stylesheet" href="/static/guichet.css"></head>
            <body><main id="contenu"><h1>\(status.code)</h1><p class="error" role="alert">\(Markup.escape(message))</p>
            <p><a href="/connexion">Connexion</a> · <a href="/">Accueil</a></p></main></body></html>
            """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension AppRequestContext {
    /// The signed-in principal with one of `roles`; otherwise the sign-in page or a refusal.
    func require(_ roles: Set<Role>, path: String) throws -> Principal {
        guard let p = principal else { throw PortalError.signIn(next: path) }
        guard roles.contains(p.role) else { throw PortalError.forbidden }
        return p
    }

    /// The signed-in principal whose grants cover `area` at `level` (only staff roles have any).
    func require(_ level: AccessLevel, _ area: Area, path: String) throws -> Principal {
        guard let p = principal else { throw PortalError.signIn(next: path) }
        guard p.may(level, area) else { throw PortalError.forbidden }
        return p
    }
}
