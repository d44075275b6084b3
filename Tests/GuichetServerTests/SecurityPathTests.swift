import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 21, the outside probe's findings replayed (docs/security.md): F1 access decided on the
/// path the router serves, F3 mailed links, F4 the way back after sign-in, F12 headers, and error
/// bodies that name no internal type.
@Suite struct SecurityPathTests {
    /// Every path of the OpenAPI document, `{…}` filled in, with its methods.
    static func documentedRoutes() throws -> [(path: String, methods: [HTTPRequest.Method])] {
        let url = URL(fileURLWithPath: RepositoryFiles.path("Sources/GuichetServer/Resources/openapi.json"))
        let doc = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any]
        let paths = try #require(doc?["paths"] as? [String: [String: Any]])
        return paths.keys.sorted().map { p in
            let filled = p.replacingOccurrences(of: #"\{[^}]+\}"#, with: "x1", options: .regularExpression)
            return (filled, paths[p]!.keys.compactMap { HTTPRequest.Method($0.uppercased()) })
        }
    }

    /// The ways to write one path that a prefix check reads as another, and the router serves anyway.
    static func disguises(_ path: String) -> [String] {
        let rest = path.dropFirst()
        let first = rest.prefix { $0 != "/" }
        return ["/" + path, "//" + path, "/." + path, "/./" + rest, "/\(first)/" + rest.dropFirst(first.count), path + "/", String(rest),
                "/x/../" + rest]
    }

    /// F1: on every protected route, reads and writes, a disguised path is refused before anything
    /// runs, and an absolute-form target is judged on its path.
    @Test func aDisguisedPathNeverSkipsAccessControl() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let before = try await store.auditEntries(limit: 10_000).entries.count
            var protected = 0
            for (path, methods) in try Self.documentedRoutes() {
                // Protected: answered 401 without credentials when asked plainly.
                let read = try await client.execute(uri: path, method: .get).status
                let write = try await client.execute(uri: path, method: .post).status
                guard read == .unauthorized || write == .unauthorized else { continue }
                protected += 1
                for method in Set(methods + [.get, .post]) {
                    let plain = try await client.execute(uri: path, method: method).status
                    for uri in Self.disguises(path) {
                        // A write as the probe sent it: a chosen pre-session cookie and a JSON body that also parses as `_csrf=…`.
                        let r = try await client.execute(uri: uri, method: method,
                                                         headers: [.cookie: "guichet_csrf=forged", .contentType: "application/json"],
                                                         body: ByteBuffer(string: #"{"_csrf=forged&name":"x","role":"operatorAdmin"}"#))
                        #expect(r.status == .badRequest, "\(method) \(uri) → \(r.status.code)")
                    }
                    // An absolute-form target is judged as its path is, by the same rule.
                    let absolute = try await client.execute(uri: "http://127.0.0.1:8080" + path, method: method)
                    #expect(absolute.status == plain, "\(method) absolute \(path) → \(absolute.status.code), plain \(plain.code)")
                }
            }
            #expect(protected > 60, "only \(protected) protected routes found")
            // Nothing was written by any of them.
            #expect(try await store.auditEntries(limit: 10_000).entries.count == before)
        }
    }

    @Test func theUsersListCannotBeReadThroughADoubledSlash() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            let r = try await client.execute(uri: "//api/v1/users", method: .get)
            #expect(r.status == .badRequest && !r.text.contains("admin@"))
            #expect(try r.json(TMFErrorBody.self).code == "invalidPath")
        }
    }

    /// F1: a path that no rule names belongs to administration (deny by default), portal or API.
    @Test(arguments: ["/api/v2/users", "/api/v1/userz", "/tmf-api/unknownManagement/v4/x", "/anything-else", "/espace-clientx"])
    func anUnnamedPathIsAdministration(path: String) async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            #expect(try await client.execute(uri: path, method: .get).status == .unauthorized)
            let support = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(try await Self.token(client, role: "supportAgent"))"])
            #expect(support.status == .forbidden)
        }
    }

    /// F1: the portal's forms are read for their CSRF token only when they are forms.
    @Test func aBodyThatIsNotAFormCarriesNoCSRFToken() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let pre = try await PortalSession.preSession(client)
            let body = "login=marie&password=\(PortalSession.demoPassword)&_csrf=\(pre.csrf)"
            for type in ["application/json", "text/plain", "multipart/form-data; boundary=x"] {
                let r = try await client.execute(uri: "/connexion", method: .post, headers: [.cookie: pre.cookie, .contentType: type], body: ByteBuffer(string: body))
                #expect(r.status == .forbidden && r.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("guichet_session=") }, "\(type)")
            }
            #expect(try await store.events(stream: "user:marie", after: 0).allSatisfy { $0.type != "login-succeeded" })
            let form = try await client.execute(uri: "/connexion", method: .post,
                                                headers: [.cookie: pre.cookie, .contentType: "application/x-www-form-urlencoded; charset=utf-8"],
                                                body: ByteBuffer(string: body))
            #expect(form.status == .seeOther)
        }
    }

    /// F3: the reset link is built on the configured public address, whatever the request says its host is.
    @Test func aResetLinkPointsAtThePublicAddressNeverAtTheRequestsHost() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let pre = try await PortalSession.preSession(client)
            let fields = "login=said&_csrf=\(pre.csrf)"
            let r = try await client.execute(uri: "http://evil.example/mot-de-passe-oublie", method: .post,
                                             headers: [.cookie: pre.cookie, .contentType: "application/x-www-form-urlencoded",
                                                       HTTPField.Name("X-Forwarded-Host")!: "evil.example"],
                                             body: ByteBuffer(string: fields))
            #expect(r.status == .ok)
            let body = try #require(try await Self.mails(store).last { $0.contains("/mot-de-passe/") })
            #expect(body.contains("\(TestApp.publicURL)/mot-de-passe/") && !body.contains("evil.example") && !body.contains("localhost"))
        }
    }

    /// F4: the way back after sign-in stays on this site whatever a browser would make of it.
    @Test(arguments: ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\\evil.example", "/ /evil.example", "\t//evil.example",
                      "/\u{0B}/evil.example", "/%09/../evil", "//evil.example", "https://evil.example", "/espace-client/../../evil"])
    func aWayBackThatABrowserCouldReadAsAnotherSiteIsDropped(next: String) async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            let pre = try await PortalSession.preSession(client)
            let r = try await pre.post(client, "/connexion", ["login": "marie", "password": PortalSession.demoPassword, "suite": next])
            #expect(r.headers[.location] == "/espace-client", "suite=\(next.debugDescription) → \(r.headers[.location] ?? "")")
        }
    }

    /// F12: every answer, page, API or error, carries the protective headers; HSTS as the public address is https.
    @Test(arguments: ["/", "/connexion", "/api/v1/customers", "/api/v1/territories", "//api/v1/users", "/static/guichet.css"])
    func everyAnswerCarriesTheSecurityHeaders(path: String) async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            let r = try await client.execute(uri: path, method: .get)
            let csp = try #require(r.headers[.contentSecurityPolicy])
            #expect(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'") && !csp.contains("script-src"))
            #expect(r.headers[.xContentTypeOptions] == "nosniff")
            #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            #expect(r.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true)
        }
    }

    /// F14: a refused body is described by its field, never by Guichet's or Swift's type names.
    @Test(arguments: [
        (#"{"name":"X","kind":"alien","territory":"GP"}"#, "'kind' is not one of the accepted values"),
        (#"{"kind":"consumer","territory":"GP"}"#, "field 'name' is missing"),
        (#"{"name":"X","kind":"consumer","territory":7}"#, "'territory' has the wrong type"),
        (#"{"name":"X","#, "the body is not valid JSON"),
    ])
    func aRefusedBodyIsDescribedPlainly(body: String, reason: String) async throws {
        try await TestApp.run { client, _ in
            let r = try await client.execute(uri: "/api/v1/customers", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(r.status == .badRequest)
            #expect(try r.json(TMFErrorBody.self).reason == "request body: \(reason)", "\(r.text)")
            let leaks = ["CodingKeys", "Swift.", "Guichet", "PartyKind", "DecodingError", "Context("].filter { r.text.contains($0) }
            #expect(leaks.isEmpty, "\(r.text)")
        }
        try await TestApp.run { client, _ in
            let missing = try await client.execute(uri: "/api/v1/no-such-thing", method: .get)
            #expect(missing.status == .notFound && !missing.text.contains("HTTPError"), "\(missing.text)")
        }
    }

    static func token(_ client: any TestClientProtocol, role: String, scopes: [String]? = nil, as bearer: String = TestApp.adminToken) async throws -> String {
        struct Issued: Decodable { let token: String }
        let scopeField = scopes.map { #","scopes":[\#($0.map { "\"\($0)\"" }.joined(separator: ","))]"# } ?? ""
        let r = try await client.execute(uri: "/api/v1/api-tokens", method: .post,
                                         headers: [.authorization: "Bearer \(bearer)", .contentType: "application/json"],
                                         body: ByteBuffer(string: #"{"name":"t-\#(role)","role":"\#(role)"\#(scopeField)}"#))
        return try r.json(Issued.self).token
    }

    static func mails(_ store: any Store) async throws -> [String] {
        struct Mail: Decodable { let body: String }
        return try await store.events(stream: "outbox", after: 0).compactMap { try? JSONDecoder().decode(Mail.self, from: Data($0.payload.utf8)).body }
    }
}
