import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 9: sign-in, sessions, CSRF, lockout, password reset and the audit log.
@Suite struct PortalSecurityTests {
    @Test func sessionCookiesAreSecureHttpOnlyAndSameSite() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let r = try await PortalSession.signIn(client, "marie")
            #expect(r.status == .seeOther && r.headers[.location] == "/espace-client")
            let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("guichet_session=") })
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] { #expect(cookie.contains(attribute)) }
            // Passwords are stored as bcrypt hashes, never as typed.
            let user = try #require(try await store.events(stream: "user:marie", after: 0).first)
            #expect(user.payload.contains("$2b$") && !user.payload.contains(PortalSession.demoPassword))
        }
    }

    @Test func signInReturnsToThePageAskedForButNeverToAnotherSite() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            // A page behind sign-in sends there with the way back.
            let asked = try await client.execute(uri: "/espace-client/factures/x", method: .get)
            #expect(asked.status == .seeOther && asked.headers[.location] == "/connexion?suite=/espace-client")
            for (next, expected) in [("/espace-client", "/espace-client"), ("//evil.example/x", "/espace-client"),
                                     ("https://evil.example", "/espace-client"), ("/\\evil.example", "/espace-client")] {
                let pre = try await PortalSession.preSession(client)
                let r = try await pre.post(client, "/connexion", ["login": "marie", "password": PortalSession.demoPassword, "suite": next])
                #expect(r.headers[.location] == expected, "suite=\(next)")
            }
        }
    }

    @Test func theSignInPageListsDemoAccountsOnlyInDemoMode() async throws {
        let demo = try await TestApp.run(demo: true, asAdmin: false) { client, _ in try await client.execute(uri: "/connexion", method: .get).text }
        let plain = try await TestApp.run(demo: false) { client, _ in try await client.execute(uri: "/connexion", method: .get).text }
        for login in ["marie", "claire", "noc", "agent.support", "agent.facturation", "admin"] { #expect(demo.contains("<code>\(login)</code>")) }
        #expect(!plain.contains("Comptes de démonstration") && !plain.contains("guichet-demo"))
    }

    @Test func aFormWithoutItsCSRFTokenIsRefused() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let marie = try await PortalSession.open(client, "marie")
            let fields = ["kind": "afterSales", "subject": "Plus de connexion", "description": "La Livebox clignote rouge.", "email": "marie@example.org"]
            let before = try await store.streams(withPrefix: "ticket:").count
            #expect(try await marie.post(client, "/espace-client/tickets", fields, csrf: .some(nil)).status == .forbidden)
            #expect(try await marie.post(client, "/espace-client/tickets", fields, csrf: String(repeating: "0", count: 64)).status == .forbidden)
            #expect(try await store.streams(withPrefix: "ticket:").count == before)
            // The sign-in form too: without the pre-session token, no session.
            let pre = try await PortalSession.preSession(client)
            #expect(try await pre.post(client, "/connexion", ["login": "marie", "password": PortalSession.demoPassword], csrf: .some(nil)).status == .forbidden)
            let ok = try await marie.post(client, "/espace-client/tickets", fields)
            #expect(ok.status == .seeOther && ok.headers[.location] == "/espace-client?fait=ticket")
            #expect(try await store.streams(withPrefix: "ticket:").count == before + 1)
        }
    }

    @Test func oneClientGetsThirtyAttemptsAMinuteWhateverTheAccounts() async throws {
        let clock = TestClock()
        try await TestApp.run(demo: true, clock: clock, asAdmin: false) { client, _ in
            for n in 1...30 { #expect(try await PortalSession.signIn(client, "guess-\(n)", password: "wrong-password").status == .unauthorized) }
            let throttled = try await PortalSession.signIn(client, "marie")
            #expect(throttled.status == .tooManyRequests && throttled.text.contains("Trop de tentatives"))
            clock.advance(seconds: 60)
            #expect(try await PortalSession.signIn(client, "marie").status == .seeOther)
        }
    }

    @Test func anUnknownLoginGetsTheSameAnswerAsAWrongPassword() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            let unknown = try await PortalSession.signIn(client, "nobody")
            let wrong = try await PortalSession.signIn(client, "marie", password: "not-her-password")
            #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
            #expect(unknown.text.contains("identifiant ou mot de passe incorrect") && wrong.text.contains("identifiant ou mot de passe incorrect"))
        }
    }

    @Test func aPasswordIsResetOnceThroughTheLinkSentByEmail() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let pre = try await PortalSession.preSession(client)
            #expect(try await pre.post(client, "/mot-de-passe-oublie", ["login": "said"]).status == .ok)
            let mail = try #require(try await store.events(stream: "outbox", after: 0).last { $0.payload.contains("said@demo.example") })
            struct Mail: Decodable { let body: String }
            let body = try JSONDecoder().decode(Mail.self, from: Data(mail.payload.utf8)).body
            let range = try #require(body.range(of: #"/mot-de-passe/[0-9a-f]{64}"#, options: .regularExpression))
            let link = String(body[range])
            #expect(try await pre.get(client, link).status == .ok)
            #expect(try await pre.post(client, link, ["password": "court"]).status == .badRequest)
            #expect(try await pre.post(client, link, ["password": "un-nouveau-mot-de-passe"]).status == .seeOther)
            #expect(try await PortalSession.signIn(client, "said").status == .unauthorized)
            #expect(try await PortalSession.signIn(client, "said", password: "un-nouveau-mot-de-passe").status == .seeOther)
            // The link works once.
            #expect(try await pre.post(client, link, ["password": "encore-un-autre-mot"]).status == .badRequest)
            // An unknown login gets the same page and no mail.
            let count = try await store.events(stream: "outbox", after: 0).count
            #expect(try await pre.post(client, "/mot-de-passe-oublie", ["login": "nobody"]).status == .ok)
            #expect(try await store.events(stream: "outbox", after: 0).count == count)
        }
    }

    @Test func everyChangeIsInTheAuditLogWithWhoAndWhat() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            let claire = try await PortalSession.open(client, "claire")
            let r = try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-pack-calling", "quantity": "2"])
            #expect(r.status == .seeOther)
            struct Entry: Decodable { let actor: String; let method: String; let path: String; let what: String?; let request: String?; let changes: [String]? }
            let log = try await client.execute(uri: "/api/v1/audit-log", method: .get, headers: [.authorization: "Bearer \(TestApp.adminToken)"]).json([Entry].self)
            // One entry per transaction the request wrote, all with the request's actor and form.
            let order = log.filter { $0.path == "/espace-entreprise/commandes" }
            #expect(!order.isEmpty && Set(order.map(\.request)).count == 1)
            #expect(order.allSatisfy { $0.actor == "businessAdmin:claire" && $0.method == "POST" })
            #expect(order.allSatisfy { $0.what?.contains("quantity=2") == true && $0.what?.contains("_csrf=[masqué]") == true })
            // The entries name the history entries the order caused: the new contract's first event.
            let contract = order.flatMap { $0.changes ?? [] }.filter { $0.hasPrefix("contract:") }
            #expect(contract.count == 1 && contract[0].hasPrefix("contract:ctr_") && contract[0].hasSuffix(" contract-ordered"), "\(contract)")
            // Sign-ins are changes too, with the password masked.
            let signIn = try #require(log.first { $0.path == "/connexion" })
            #expect(signIn.what?.contains("password=[masqué]") == true && signIn.what?.contains(PortalSession.demoPassword) == false)
        }
    }
}
