import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Personal data (001 Annexe 6, 003 PDP, GDPR art. 15–17): export, rectification, erasure that keeps
/// the invoices, and the retention sweep.
@Suite struct PrivacyRoutesTests {
    struct Customer: Decodable { let id: String; let name: String; let territoryID: String }
    struct Contract: Decodable { let id: String; let customerID: String }
    struct Report: Decodable { let erasedEvents: Int; let erasedAccounts: [String]; let kept: [String] }
    struct Invoice: Decodable { struct Body: Decodable { let id: String }; let invoice: Body }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    static func customer(_ client: any TestClientProtocol, territory: String) async throws -> (Customer, Contract) {
        let c = try #require(try await client.execute(uri: "/api/v1/customers", method: .get).json([Customer].self).first { $0.territoryID == territory })
        let k = try #require(try await client.execute(uri: "/api/v1/contracts", method: .get).json([Contract].self).first { $0.customerID == c.id })
        return (c, k)
    }

    @Test func erasureWaitsForTheLastContractThenKeepsOnlyTheInvoices() async throws {
        try await TestApp.run(demo: true) { client, store in
            let (marie, contract) = try await Self.customer(client, territory: "GP")
            let refused = try await Self.post(client, "/api/v1/customers/\(marie.id)/erasure", #"{"reason":"request of 2026-11-20"}"#)
            #expect(refused.status == .unprocessableContent && refused.text.contains("is active"))

            let session = try await PortalSession.open(client, "marie")
            #expect(try await session.post(client, "/espace-client/assistance", ["lastName": "Démo", "firstName": "Marie", "email": "marie@example.org",
                                                                                  "forfait": "forfait-f01", "os": "windows"]).status == .seeOther)
            _ = try await Self.post(client, "/api/v1/contracts/\(contract.id)/transitions", #"{"action":"terminate","on":"2026-11-20"}"#)
            let invoicesBefore = try await client.execute(uri: "/api/v1/customers/\(marie.id)/invoices", method: .get).json([Invoice].self)
            let erased = try await Self.post(client, "/api/v1/customers/\(marie.id)/erasure", #"{"reason":"request of 2026-11-20"}"#)
            #expect(erased.status == .ok)
            let report = try erased.json(Report.self)
            #expect(report.erasedAccounts == ["marie"] && report.erasedEvents >= 3 && report.kept[0].contains("L123-22"))

            // Nothing personal is left in the history of the customer, its tickets or its account, nor in the
            // audit log (her forms: the assistance request named her; her sign-in named her login).
            var streams = ["customer:\(marie.id)", "user:marie", "outbox", "audit"]
            streams += try await store.streams(withPrefix: "ticket:") + store.streams(withPrefix: "assistance:")
            #expect(streams.count >= 4)
            for s in streams {
                for e in try await store.events(stream: s, after: 0) {
                    #expect(!e.payload.contains("Marie") && !e.payload.contains("marie@example.org") && !e.payload.contains("$2b$")
                            && !e.payload.contains("login=marie") && !e.payload.contains("customer:marie"), "\(s) #\(e.sequence)")
                }
            }
            #expect(try await client.execute(uri: "/api/v1/customers/\(marie.id)", method: .get).json(Customer.self).name == "[effacé]")
            #expect(try await store.erasures().count == report.erasedEvents)
            // The invoices stay as issued (accounting documents), and the account no longer opens.
            let invoicesAfter = try await client.execute(uri: "/api/v1/customers/\(marie.id)/invoices", method: .get).json([Invoice].self)
            #expect(invoicesAfter.map(\.invoice.id) == invoicesBefore.map(\.invoice.id) && !invoicesAfter.isEmpty)
            #expect(try await PortalSession.signIn(client, "marie").status == .unauthorized)
        }
    }

    @Test func theRetentionSweepErasesThreeYearsAfterTheEnd() async throws {
        let clock = TestClock()
        try await TestApp.run(demo: true, clock: clock) { client, _ in
            let (said, contract) = try await Self.customer(client, territory: "YT")
            _ = try await Self.post(client, "/api/v1/contracts/\(contract.id)/transitions", #"{"action":"terminate","on":"2026-11-30"}"#)
            struct Export: Decodable { let erasureDue: String? }
            let export = try await client.execute(uri: "/api/v1/customers/\(said.id)/personal-data", method: .get).json(Export.self)
            #expect(export.erasureDue == "2029-11-30")
            // Applying the limit ahead of time is refused: it would erase a relationship ended less than 3 years ago.
            #expect(try await Self.post(client, "/api/v1/personal-data/retention-sweep", #"{"on":"2029-11-30"}"#).status == .badRequest)
            try clock.set("2030-01-01T12:00:00Z")
            let early = try await Self.post(client, "/api/v1/personal-data/retention-sweep", #"{"on":"2029-11-29"}"#).json([Report].self)
            #expect(early.isEmpty)
            let due = try await Self.post(client, "/api/v1/personal-data/retention-sweep", #"{"on":"2029-11-30"}"#).json([Report].self)
            #expect(due.map(\.erasedAccounts) == [["said"]])
            #expect(try await Self.post(client, "/api/v1/personal-data/retention-sweep", #"{"on":"2030-01-01"}"#).json([Report].self).isEmpty)
        }
    }

    @Test func aRectificationIsANewVersionAndTheOldOneStaysInTheHistory() async throws {
        try await TestApp.run(demo: true) { client, store in
            let (marie, _) = try await Self.customer(client, territory: "GP")
            let r = try await Self.post(client, "/api/v1/customers/\(marie.id)/rectification",
                                        #"{"name":"Marie Exemple","contacts":[{"name":"Marie Exemple","email":"marie.exemple@example.org"}]}"#)
            let rectified = try r.json(Customer.self)
            #expect(r.status == .ok && rectified.name == "Marie Exemple")
            let history = try await store.events(stream: "customer:\(marie.id)", after: 0)
            #expect(history.map(\.type) == ["customer-created", "customer-rectified"])
            let bad = try await Self.post(client, "/api/v1/customers/\(marie.id)/rectification", #"{"name":"  "}"#)
            #expect(bad.status == .unprocessableContent)
            // An unknown customer is named as such.
            #expect(try await Self.post(client, "/api/v1/customers/nobody/erasure", #"{"reason":"x"}"#).status == .notFound)
        }
    }

    @Test func anErasureRequestFromTheSpaceIsDueInAMonthAndAnsweredByTheErasure() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let (marie, contract) = try await Self.customer(client, territory: "GP")
            let session = try await PortalSession.open(client, "marie")
            for _ in 1...2 { #expect(try await session.post(client, "/espace-client/donnees/effacement", [:]).status == .seeOther) }
            let space = try await session.get(client, "/espace-client").text
            #expect(space.components(separatedBy: "réponse au plus tard le 21/12/2026").count == 2)  // once, not twice
            let admin = try await PortalSession.open(client, "admin")
            #expect(try await admin.get(client, "/back-office").text.contains("Effacement : demande reçue le 21/11/2026, réponse due le 21/12/2026"))
            _ = try await Self.post(client, "/api/v1/contracts/\(contract.id)/transitions", #"{"action":"terminate","on":"2026-11-21"}"#)
            #expect(try await Self.post(client, "/api/v1/customers/\(marie.id)/erasure", #"{"reason":"her request of 2026-11-21"}"#).status == .ok)
            let after = try await admin.get(client, "/back-office").text
            #expect(after.contains("Aucune demande en attente."), "\(after.components(separatedBy: "id=\"rgpd\"").last?.prefix(500) ?? "")")
        }
    }

    /// 001 Annexe 6 (D-PRIV-9): the other rights — here an objection by post, with the copy of an identity document it must
    /// come with, received 2 November and answered on the 10th; directives after death from the space, due in a month. The
    /// customer's erasure takes the requests' words with it, and keeps their dates.
    @Test func everyRightIsFiledWithTheRequestersIdentityAndAnsweredWithinAMonth() async throws {
        try await TestApp.run(demo: true) { client, _ in
            struct Request: Decodable { let id: String; let kind: String; let receivedOn: String; let text: String?; let identifiedBy: String?; let answeredOn: String? }
            let (customer, contract) = try await Self.customer(client, territory: "GP")
            let uri = "/api/v1/customers/\(customer.id)/personal-data-requests"
            let objection = #"{"kind":"objection","receivedOn":"2026-11-02","text":"Plus de prospection par SMS""#
            let unproved = try await Self.post(client, uri, objection + "}")
            #expect(unproved.status == .badRequest && unproved.text.contains("identity document"), "\(unproved.text)")
            let blank = try await Self.post(client, uri, #"{"kind":"limitation","receivedOn":"2026-11-02","identityDocument":true}"#)
            #expect(blank.status == .unprocessableContent && blank.text.contains("customer's words"), "\(blank.text)")
            let filed = try await Self.post(client, uri, objection + #","identityDocument":true}"#)
            #expect(filed.status == .created, "\(filed.text)")
            let r = try filed.json(Request.self)
            #expect(r.kind == "objection" && r.identifiedBy == "identity document copy")
            let admin = try await PortalSession.open(client, "admin")
            #expect(try await admin.get(client, "/back-office").text.contains("Opposition à un traitement : demande reçue le 02/11/2026, réponse due le 02/12/2026"))
            let answer = "\(uri)/\(r.id)/answer"
            #expect(try await Self.post(client, answer, #"{"on":"2026-11-01","answer":"Fait."}"#).status == .unprocessableContent)
            #expect(try await Self.post(client, answer, #"{"on":"2026-11-10","answer":"Votre numéro ne reçoit plus de prospection."}"#).status == .ok)
            #expect(try await Self.post(client, answer, #"{"on":"2026-11-11","answer":"Encore."}"#).status == .unprocessableContent)
            #expect(try await client.execute(uri: uri, method: .get).json([Request].self).map(\.answeredOn) == ["2026-11-10"])

            let marie = try await PortalSession.open(client, "marie")
            #expect(try await marie.post(client, "/espace-client/donnees/demande", ["kind": "postMortemDirectives", "text": "Supprimer mes données."]).status == .seeOther)
            #expect(try await marie.get(client, "/espace-client").text.contains("Directives après mon décès — demande reçue le 21/11/2026 — réponse au plus tard le 21/12/2026"))

            _ = try await Self.post(client, "/api/v1/contracts/\(contract.id)/transitions", #"{"action":"terminate","on":"2026-11-21"}"#)
            #expect(try await Self.post(client, "/api/v1/customers/\(customer.id)/erasure", #"{"reason":"request of 2026-11-21"}"#).status == .ok)
            let erased = try await client.execute(uri: uri, method: .get).json([Request].self)
            #expect(erased.map { "\($0.receivedOn) \($0.text ?? "")" } == ["2026-11-02 [effacé]", "2026-11-21 [effacé]"])
        }
    }

    @Test func anAdministratorErasesFromTheBackOfficeASupportAgentCannot() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let (said, contract) = try await Self.customer(client, territory: "YT")
            let agent = try await PortalSession.open(client, "agent.support")
            let seen = try await agent.get(client, "/back-office/clients/\(said.id)").text
            #expect(seen.contains("Relation en cours") && !seen.contains("effacement\""))
            #expect(try await agent.post(client, "/back-office/clients/\(said.id)/effacement", ["reason": "x"]).status == .forbidden)
            let admin = try await PortalSession.open(client, "admin")
            // Refused while the contract runs, with the reason.
            let early = try await admin.post(client, "/back-office/clients/\(said.id)/effacement", ["reason": "demande du 20/11/2026"])
            #expect(early.status == .badRequest && early.text.contains("is active"))
            _ = try await Self.post(client, "/api/v1/contracts/\(contract.id)/transitions", #"{"action":"terminate","on":"2026-11-20"}"#)
            #expect(try await admin.get(client, "/back-office/clients/\(said.id)").text.contains("Effacement dû le 2029-11-20"))
            let done = try await admin.post(client, "/back-office/clients/\(said.id)/effacement", ["reason": "demande du 20/11/2026"])
            #expect(done.status == .seeOther)
            #expect(try await admin.get(client, "/back-office/clients/\(said.id)?fait=efface").text.contains("[effacé]"))
        }
    }
}
