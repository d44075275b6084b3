import Foundation
import GuichetApp
import GuichetCore
@testable import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 21, the probe's findings on accounts and credentials (docs/security.md): F5 equal work for
/// unknown logins, F6 revocable and expiring tokens and keys, F7 a password change ends sessions
/// and links, F9 a delay instead of a lock, F10 reset requests throttled.
@Suite struct SecurityAccountTests {
    static func api(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, _ body: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                 body: body.map { ByteBuffer(string: $0) })
    }

    /// F5: a wrong password costs the same for a login that does not exist as for one that does (bcrypt at the accounts' cost).
    @Test func anUnknownLoginTakesAsLongAsAKnownOne() async throws {
        try await TestApp.run(demo: true, asAdmin: false, passwordCost: 10) { client, _ in
            func time(_ login: String) async throws -> Duration {
                let pre = try await PortalSession.preSession(client)
                let start = ContinuousClock.now
                let r = try await pre.post(client, "/connexion", ["login": login, "password": "not-the-password"])
                #expect(r.status == .unauthorized)
                return ContinuousClock.now - start
            }
            // Known and unknown in turn, so that a pause of the machine (the whole suite runs at once) falls on both.
            var knownTimes: [Duration] = [], unknownTimes: [Duration] = []
            for (i, login) in ["marie", "claire", "said", "marie", "claire"].enumerated() {
                knownTimes.append(try await time(login))
                unknownTimes.append(try await time("nobody-\(i)"))
            }
            // The demo's accounts are hashed at this server's cost, like the decoy.
            let known = knownTimes.sorted()[2], unknown = unknownTimes.sorted()[2]
            let ratio = max(known, unknown) / min(known, unknown)
            #expect(ratio < 2, "known \(known), unknown \(unknown)")
        }
    }

    /// F5, F9: after five wrong passwords in a row the same delay answers for a login that exists and
    /// one that does not, and it is a delay, not a lock: it runs out, and the right password then works.
    @Test func wrongPasswordsEarnTheSameDelayForAnyLogin() async throws {
        let clock = TestClock()
        try await TestApp.run(demo: true, clock: clock, asAdmin: false) { client, _ in
            var answers: [String: [Int]] = [:]
            for login in ["claire", "nobody"] {
                for _ in 1...6 { answers[login, default: []].append(try await PortalSession.signIn(client, login, password: "wrong-password-x").status.code) }
            }
            #expect(answers["claire"] == [401, 401, 401, 401, 401, 429] && answers["nobody"] == answers["claire"], "\(answers)")
            let claire = try await PortalSession.signIn(client, "claire")
            let nobody = try await PortalSession.signIn(client, "nobody")
            #expect(claire.status.code == 429 && claire.headers[.retryAfter] == "1" && nobody.headers[.retryAfter] == "1")
            #expect(claire.text.contains("patientez 1 s") && nobody.text.contains("patientez 1 s"))
            // Another login from the same place is not slowed.
            #expect(try await PortalSession.signIn(client, "marie").status == .seeOther)
            clock.advance(seconds: 1)
            #expect(try await PortalSession.signIn(client, "claire").status == .seeOther)
        }
    }

    /// F9: the delay is per login *and* address: failing on someone's login from elsewhere does not slow them.
    @Test func nobodyCanSlowSomeoneElseDownFromAnotherAddress() throws {
        let throttle = SignInThrottle(LoginThrottle())
        let t0 = TestApp.now
        for n in 0..<20 { throttle.record(login: "claire", address: "203.0.113.9", succeeded: false, at: t0.adding(seconds: Int64(n))) }
        #expect(throttle.admit(login: "claire", address: "203.0.113.9", at: t0.adding(seconds: 20)) != .go)
        #expect(throttle.admit(login: "Claire ", address: "198.51.100.4", at: t0.adding(seconds: 20)) == .go)
    }

    /// F10: at most five reset mails an hour for one login (and from one address); the page answers the same.
    @Test func resetRequestsAreThrottled() async throws {
        let clock = TestClock()
        try await TestApp.run(demo: true, clock: clock, asAdmin: false) { client, store in
            let pre = try await PortalSession.preSession(client)
            let before = try await SecurityPathTests.mails(store).count
            for _ in 1...8 { #expect(try await pre.post(client, "/mot-de-passe-oublie", ["login": "said"]).status == .ok) }
            #expect(try await SecurityPathTests.mails(store).count == before + 5)
            clock.advance(seconds: 3600)
            #expect(try await pre.post(client, "/mot-de-passe-oublie", ["login": "said"]).status == .ok)
            #expect(try await SecurityPathTests.mails(store).count == before + 6)
        }
    }

    /// F7: a password changed through a reset ends the account's open sessions and its other reset links.
    @Test func aPasswordChangeEndsSessionsAndOlderLinks() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let marie = try await PortalSession.open(client, "marie")
            #expect(try await marie.get(client, "/espace-client").status == .ok)
            let pre = try await PortalSession.preSession(client)
            for _ in 1...2 { _ = try await pre.post(client, "/mot-de-passe-oublie", ["login": "marie"]) }
            let links = try await SecurityPathTests.mails(store).compactMap { body in
                body.range(of: #"/mot-de-passe/[0-9a-f]{64}"#, options: .regularExpression).map { String(body[$0]) }
            }.suffix(2)
            #expect(links.count == 2)
            #expect(try await pre.post(client, links.last!, ["password": "un-tout-nouveau-secret"]).status == .seeOther)
            let after = try await marie.get(client, "/espace-client")
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/connexion") == true)
            #expect(try await pre.get(client, links.first!).status == .badRequest)
            #expect(try await pre.post(client, links.first!, ["password": "encore-un-autre-secret"]).status == .badRequest)
            #expect(try await PortalSession.signIn(client, "marie", password: "un-tout-nouveau-secret").status == .seeOther)
        }
    }

    /// F6: a token can be listed (never its secret), revoked, expire; its last use is kept.
    @Test func anAPITokenIsRevokedOrExpires() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: clock, asAdmin: false) { client, store in
            struct Issued: Decodable { let id: String; let token: String }
            struct Listed: Decodable { let id: String; let name: String; let lastUsedAt: String?; let revokedAt: String?; let expiresAt: String? }
            let issued = try await Self.api(client, .post, "/api/v1/api-tokens", token: TestApp.adminToken, #"{"name":"erp","role":"billingAgent"}"#).json(Issued.self)
            clock.advance(seconds: 120)
            // A use is bookkeeping, not a change: no audit entry, even inside a serving process's own context.
            let serving = AuditContext(actor: "cli:operator", method: "CLI", path: "guichet serve")
            let used = try await AuditContext.$current.withValue(serving) { try await Self.api(client, .get, "/api/v1/bill-runs", token: issued.token) }
            #expect(used.status == .ok)
            #expect(try await store.auditEntries(limit: 100).entries.allSatisfy { $0.changes?.contains { $0.contains("api-token-used") } != true })
            let listed = try await Self.api(client, .get, "/api/v1/api-tokens", token: TestApp.adminToken)
            #expect(!listed.text.contains(issued.token))
            let erp = try #require(try listed.json([Listed].self).first { $0.id == issued.id })
            #expect(erp.name == "erp" && erp.lastUsedAt == clock.now.description && erp.revokedAt == nil)
            #expect(try await Self.api(client, .delete, "/api/v1/api-tokens/\(issued.id)", token: TestApp.adminToken).status == .noContent)
            #expect(try await Self.api(client, .get, "/api/v1/bill-runs", token: issued.token).status == .unauthorized)
            #expect(try await Self.api(client, .delete, "/api/v1/api-tokens/\(String(repeating: "0", count: 64))", token: TestApp.adminToken).status == .notFound)

            let expiring = try await Self.api(client, .post, "/api/v1/api-tokens", token: TestApp.adminToken,
                                              #"{"name":"batch","role":"billingAgent","expiresAt":"\#(clock.now.adding(seconds: 60))"}"#).json(Issued.self)
            #expect(try await Self.api(client, .get, "/api/v1/bill-runs", token: expiring.token).status == .ok)
            clock.advance(seconds: 60)
            #expect(try await Self.api(client, .get, "/api/v1/bill-runs", token: expiring.token).status == .unauthorized)
            let past = try await Self.api(client, .post, "/api/v1/api-tokens", token: TestApp.adminToken,
                                          #"{"name":"late","role":"billingAgent","expiresAt":"\#(clock.now.adding(seconds: -1))"}"#)
            #expect(past.status == .badRequest)
        }
    }

    /// F6: the back office revokes a token too.
    @Test func anAdministratorRevokesATokenFromTheBackOffice() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            struct Issued: Decodable { let id: String; let token: String }
            let issued = try await Self.api(client, .post, "/api/v1/api-tokens", token: TestApp.adminToken, #"{"name":"erp","role":"billingAgent"}"#).json(Issued.self)
            let admin = try await PortalSession.open(client, "admin")
            let page = try await admin.get(client, "/back-office")
            #expect(page.text.contains("Jetons d'API") && page.text.contains(issued.id) && !page.text.contains(issued.token))
            let r = try await admin.post(client, "/back-office/jetons/revocation", ["id": issued.id])
            #expect(r.status == .seeOther && r.headers[.location] == "/back-office?fait=jeton")
            #expect(try await Self.api(client, .get, "/api/v1/bill-runs", token: issued.token).status == .unauthorized)
            // A support agent may not.
            let support = try await PortalSession.open(client, "agent.support")
            #expect(try await support.post(client, "/back-office/jetons/revocation", ["id": issued.id]).status == .forbidden)
        }
    }

    /// F6: an administrator revokes an operator's access key from its page in the back office.
    @Test func anAdministratorRevokesAnAccessKeyFromTheBackOffice() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            struct Customer: Decodable { let id: String; let kind: String }
            struct Key: Decodable { let id: String; let key: String }
            let customers = try await Self.api(client, .get, "/api/v1/customers", token: TestApp.adminToken).json([Customer].self)
            let op = try #require(customers.first { $0.kind == "wholesale" }).id
            let key = try await Self.api(client, .post, "/api/v1/operators/\(op)/access-keys", token: TestApp.adminToken, "{}").json(Key.self)
            let admin = try await PortalSession.open(client, "admin")
            let page = try await admin.get(client, "/back-office/clients/\(op)")
            #expect(page.text.contains("Clés d'accès e-soutien") && page.text.contains(String(key.id.prefix(12))) && !page.text.contains(key.key))
            let r = try await admin.post(client, "/back-office/clients/\(op)/cles/revocation", ["key": key.id])
            #expect(r.status == .seeOther && r.headers[.location] == "/back-office/clients/\(op)?fait=cle")
            #expect(try await SupportRoutesTests.get(client, "/api/v1/e-soutien/tickets", key: key.key).status == .unauthorized)
            let support = try await PortalSession.open(client, "agent.support")
            #expect(try await support.post(client, "/back-office/clients/\(op)/cles/revocation", ["key": key.id]).status == .forbidden)
            #expect(!(try await support.get(client, "/back-office/clients/\(op)")).text.contains("Clés d'accès e-soutien"))
        }
    }

    /// F6: a token, or an account, made with a scoped token reaches no further than it.
    @Test func aScopedTokenMintsNothingBroader() async throws {
        try await TestApp.run(asAdmin: false) { client, _ in
            let scoped = try await SecurityPathTests.token(client, role: "operatorAdmin", scopes: ["administration"])
            for body in [#"{"name":"wider","role":"operatorAdmin"}"#, #"{"name":"wider","role":"billingAgent"}"#,
                         #"{"name":"wider","role":"operatorAdmin","scopes":["administration","billing"]}"#] {
                #expect(try await Self.api(client, .post, "/api/v1/api-tokens", token: scoped, body).status == .forbidden, "\(body)")
            }
            #expect(try await Self.api(client, .post, "/api/v1/api-tokens", token: scoped, #"{"name":"same","role":"operatorAdmin","scopes":["administration"]}"#).status == .created)
            let user = #"{"login":"chef2","name":"Chef","email":"chef@example.org","role":"operatorAdmin","password":"un-long-mot-de-passe"}"#
            #expect(try await Self.api(client, .post, "/api/v1/users", token: scoped, user).status == .forbidden)
            #expect(try await Self.api(client, .post, "/api/v1/users", token: TestApp.adminToken, user).status == .created)
        }
    }

    /// F6: the bootstrap token is valid only while the server is started with it.
    @Test func theBootstrapTokenEndsWhenNoLongerConfigured() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-bootstrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("app.sqlite").path
        let other = "gt_another-bootstrap-token-0123456789abcdef"
        let first = try await TestApp.run(asAdmin: false, database: db) { client, _ in try await Self.usersStatus(client, TestApp.adminToken) }
        #expect(first == .ok)
        let second = try await TestApp.run(asAdmin: false, bootstrapToken: other, database: db) { client, _ in
            (try await Self.usersStatus(client, TestApp.adminToken), try await Self.usersStatus(client, other))
        }
        #expect(second == (.unauthorized, .ok))
        let third = try await TestApp.run(asAdmin: false, bootstrapToken: nil, database: db) { client, _ in try await Self.usersStatus(client, other) }
        #expect(third == .unauthorized)
    }

    static func usersStatus(_ client: any TestClientProtocol, _ token: String) async throws -> HTTPResponse.Status {
        try await api(client, .get, "/api/v1/users", token: token).status
    }

    /// F6: an operator's access key is listed, revoked by id, and may expire.
    @Test func anOperatorsAccessKeyIsRevokedOrExpires() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: clock) { client, _ in
            struct Key: Decodable { let id: String; let key: String }
            struct Listed: Decodable { let id: String; let revokedAt: String? }
            let (op, _) = try await SupportRoutesTests.operatorWith(client, "Gamma", ["e-sav"])
            let key = try await SupportRoutesTests.post(client, "/api/v1/operators/\(op)/access-keys", #"{"expiresAt":"\#(clock.now.adding(seconds: 600))"}"#).json(Key.self)
            let other = try await SupportRoutesTests.post(client, "/api/v1/operators/\(op)/access-keys", "").json(Key.self)
            #expect(try await SupportRoutesTests.get(client, "/api/v1/e-soutien/tickets", key: key.key).status == .ok)
            let listed = try await client.execute(uri: "/api/v1/operators/\(op)/access-keys", method: .get)
            #expect(try listed.json([Listed].self).count == 3 && !listed.text.contains(key.key))
            #expect(try await client.execute(uri: "/api/v1/operators/\(op)/access-keys/\(other.id)", method: .delete).status == .noContent)
            #expect(try await SupportRoutesTests.get(client, "/api/v1/e-soutien/tickets", key: other.key).status == .unauthorized)
            clock.advance(seconds: 600)
            #expect(try await SupportRoutesTests.get(client, "/api/v1/e-soutien/tickets", key: key.key).status == .unauthorized)
        }
    }
}
