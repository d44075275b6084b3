import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A browser's view of the portal in tests: its cookies and the session's CSRF token.
struct PortalSession: Sendable {
    let cookie: String
    let csrf: String

    static let demoPassword = "guichet-demo"

    /// The pre-session CSRF cookie and token of the sign-in page.
    static func preSession(_ client: any TestClientProtocol) async throws -> PortalSession {
        let page = try await client.execute(uri: "/connexion", method: .get)
        let cookie = try #require(cookies(page)["guichet_csrf"])
        return PortalSession(cookie: "guichet_csrf=\(cookie)", csrf: try #require(csrf(in: page.text)))
    }

    static func signIn(_ client: any TestClientProtocol, _ login: String, password: String = demoPassword) async throws -> TestResponse {
        let pre = try await preSession(client)
        return try await pre.post(client, "/connexion", ["login": login, "password": password])
    }

    /// Signs in and reads the CSRF token of the session's first page.
    static func open(_ client: any TestClientProtocol, _ login: String) async throws -> PortalSession {
        let response = try await signIn(client, login)
        guard response.status == .seeOther, let token = cookies(response)["guichet_session"],
              let home = response.headers[.location] else { throw PortalSessionError.signInRefused(login, response.status.code) }
        let cookie = "guichet_session=\(token)"
        let page = try await client.execute(uri: home, method: .get, headers: [.cookie: cookie])
        return PortalSession(cookie: cookie, csrf: try #require(csrf(in: page.text)))
    }

    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    /// Posts a form as the browser would, with the CSRF token unless `csrf` says otherwise.
    func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [String: String], csrf token: String?? = .none) async throws -> TestResponse {
        var all = fields
        switch token {
        case .none: all["_csrf"] = csrf
        case .some(.some(let t)): all["_csrf"] = t
        case .some(.none): break
        }
        let body = all.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body))
    }

    static func encode(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

    static func cookies(_ r: TestResponse) -> [String: String] {
        var all: [String: String] = [:]
        for v in r.headers[values: .setCookie] {
            let pair = v.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { all[String(pair[0])] = String(pair[1]) }
        }
        return all
    }

    static func csrf(in html: String) -> String? {
        guard let r = html.range(of: #"name="_csrf" value="([0-9a-f]{64})""#, options: .regularExpression) else { return nil }
        return String(html[r].dropFirst(#"name="_csrf" value=""#.count).dropLast())
    }
}

enum PortalSessionError: Error { case signInRefused(String, Int) }
