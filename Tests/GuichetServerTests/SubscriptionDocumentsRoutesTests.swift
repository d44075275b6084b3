import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 2, 003 CG 4 (D-CTR-14): a distance sale's copies of the subscription documents are awaited 15 days from the
/// conclusion; not received, the customer is reminded the day after, and 8 days after the reminder the contract is
/// suspended then terminated, without indemnity — no termination fee, no engagement fees.
@Suite struct SubscriptionDocumentsRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    typealias Stated = ObligationRoutesTests.Stated

    static func documents(_ client: any TestClientProtocol, _ id: String, _ on: String) async throws -> TestResponse {
        try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/subscription-documents", #"{"receivedOn":"\#(on)"}"#)
    }

    struct Case: Sendable, CustomStringConvertible {
        let article: String
        let territory: String
        let offering: String
        let orderedOn: String
        /// Activated before the reminder; nil: never activated, so the order is cancelled rather than terminated.
        let activatedOn: String?
        let reminderOn: String
        let endOn: String
        let history: [String]
        var description: String { article }
    }

    static let cases = [
        // 001 CG 2: concluded 20 January, copies due by 4 February; reminded 5 February; 8 days after it, 13 February.
        Case(article: "001 CG 2", territory: "GP", offering: "livebox-essentiel-fibre", orderedOn: "2026-01-20", activatedOn: "2026-02-01",
             reminderOn: "2026-02-05", endOn: "2026-02-13", history: ["activate 2026-02-01", "suspend 2026-02-13", "terminate 2026-02-13"]),
        // 003 CG 4: concluded 31 March, copies due by 15 April; reminded 16 April; not yet activated, cancelled 24 April.
        Case(article: "003 CG 4", territory: "YT", offering: "mayotte-forfait-sans-engagement", orderedOn: "2026-03-31", activatedOn: nil,
             reminderOn: "2026-04-16", endOn: "2026-04-24", history: ["cancel 2026-04-24"]),
    ]

    @Test(arguments: cases) func copiesNotReceivedAreRemindedThenTheContractEnds(_ t: Case) async throws {
        let clock = TestClock(try Instant(iso: "\(t.orderedOn)T12:00:00Z"))
        try await TestApp.run(clock: clock) { client, store in
            func runDue(_ until: String) async throws -> [Due] {
                try clock.set("\(until)T12:00:00Z")
                return try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self)
            }
            func obligations(_ id: String) async throws -> [String] {
                try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self)
                    .map { "\($0.kind) \($0.state) \($0.dueOn) \($0.explanation.source)" }
            }
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers",
                #"{"name":"Léa","kind":"consumer","territory":"\#(t.territory)","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            let id = try await BillingRoutesTests.create(client, "/api/v1/contracts",
                #"{"customer":"\#(cus)","offering":"\#(t.offering)","orderedOn":"\#(t.orderedOn)","distanceSale":true}"#)
            if let on = t.activatedOn {
                try clock.set("\(on)T12:00:00Z")
                #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"\#(on)"}"#).status == .ok)
            }
            #expect(try await obligations(id) == ["documentsReminder pending \(t.reminderOn) \(t.article)"])
            // Day 15 of the period: nothing yet; the day after, the reminder, and the end 8 days after it.
            #expect(try await runDue(t.reminderOn.dayBefore).isEmpty)
            #expect(try await runDue(t.reminderOn).map { "\($0.kind) \($0.outcome ?? "")" }
                    == ["documentsReminder reminder e-mailed to lea@example.fr on \(t.reminderOn)"])
            #expect(try await EquipmentReturnRoutesTests.mails(store, to: "lea@example.fr") == ["Relance : pièces justificatives de votre souscription (contrat \(id))"])
            #expect(try await runDue(t.endOn.dayBefore).isEmpty)
            #expect(try await runDue(t.endOn).map { "\($0.kind) \($0.state)" } == ["documentsTermination done"])
            let ended = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self)
            #expect(ended.history.map { "\($0.action) \($0.on)" } == t.history)
            #expect(ended.history.last?.note?.hasPrefix("\(t.article): subscription documents not received 8 days after the reminder") == true)
            // No indemnity either way: nothing charged at the end (the fees up to the day are the bill run's).
            let charges = try await client.execute(uri: "/api/v1/customers/\(cus)/charges", method: .get).json([AppointmentRoutesTests.Charge].self)
            #expect(charges.filter { $0.on == t.endOn }.isEmpty, "\(charges)")
        }
    }

    /// Copies received before the reminder, or with the order: nothing is sent and the contract runs on; a shop sale awaits none.
    @Test func copiesReceivedCancelTheReminder() async throws {
        let clock = TestClock(try Instant(iso: "2026-01-30T12:00:00Z"))
        try await TestApp.run(clock: clock) { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"GP"}"#)
            func order(_ extra: String) async throws -> String {
                try await BillingRoutesTests.create(client, "/api/v1/contracts",
                                                    #"{"customer":"\#(cus)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20"\#(extra)}"#)
            }
            func obligations(_ id: String) async throws -> [String] {
                try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self).map { "\($0.kind) \($0.state)" }
            }
            let later = try await order(#","distanceSale":true"#)
            #expect(try await Self.documents(client, later, "2026-01-31").status == .badRequest)
            #expect(try await Self.documents(client, later, "2026-01-19").status == .badRequest)
            let received = try await Self.documents(client, later, "2026-01-29")
            #expect(received.status == .ok, "\(received.text)")
            #expect(try received.json(Received.self).subscriptionDocumentsOn == "2026-01-29")
            #expect(try await obligations(later) == ["documentsReminder cancelled"])
            let twice = try await Self.documents(client, later, "2026-01-30")
            #expect(twice.status == .badRequest && twice.text.contains("received already, on 2026-01-29"), "\(twice.text)")

            let withOrder = try await order(#","distanceSale":true,"subscriptionDocumentsOn":"2026-01-20""#)
            #expect(try await obligations(withOrder).isEmpty)
            #expect(try await client.execute(uri: "/api/v1/contracts/\(withOrder)", method: .get).json(Received.self).subscriptionDocumentsOn == "2026-01-20")

            let shop = try await order(#","presentedDocuments":{"identity":"passport","bankDetails":true}"#)
            #expect(try await obligations(shop).isEmpty)
            let refused = try await Self.documents(client, shop, "2026-01-25")
            #expect(refused.status == .badRequest && refused.text.contains("only a distance sale"), "\(refused.text)")

            try clock.set("2026-03-01T12:00:00Z")
            #expect(try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-03-01"}"#).json([Due].self).isEmpty)
        }
    }

    struct Received: Decodable { let subscriptionDocumentsOn: String? }
}

private extension String {
    var dayBefore: String { (try? LocalDate(iso: self))?.adding(days: -1).description ?? self }
}
