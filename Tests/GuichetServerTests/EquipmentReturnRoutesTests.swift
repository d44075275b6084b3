import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23, 001 CG 6.3: a terminated Livebox's equipment is expected back within a month; not back, it is claimed by a
/// formal notice the day after, and that notice left without effect 7 days, the non-return fees go on the next invoice.
/// Livebox Essentiel Fibre lends a Livebox 6 and a TV4 decoder (its specification): 100.00 + 200.00 (the catalog's).
@Suite struct EquipmentReturnRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    struct Charge: Decodable { let label: String; let unitPrice: String; let on: String; let source: String }
    struct Returned: Decodable { let equipmentReturnedOn: String?; let nextActionOn: String? }

    /// A Livebox customer with an e-mail address, activated 1 February 2026 and terminated by staff on 12 March.
    static func terminated(_ client: any TestClientProtocol) async throws -> (customer: String, contract: String) {
        let cus = try await BillingRoutesTests.create(client, "/api/v1/customers",
                                                      #"{"name":"Léa","kind":"consumer","territory":"GP","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
        let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
        #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-02-01"}"#).status == .ok)
        #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"terminate","on":"2026-03-12"}"#).status == .ok)
        return (cus, ctr)
    }

    static func mails(_ store: any Store, to address: String) async throws -> [String] {
        try await store.mailDeliveries(limit: 100).reversed().map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }
            .filter { $0.to == [address] }.map(\.subject)
    }

    @Test func equipmentNotReturnedIsClaimedThenCharged() async throws {
        // The server's clock on each day the run is made (a notice is dated the day it is sent, D-RUN-7).
        let clock = TestClock(try Instant(iso: "2026-03-12T14:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, store in
            func runDue(_ until: String) async throws -> [Due] {
                try clock.set("\(until)T12:00:00-04:00")
                return try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self)
            }
            let (cus, ctr) = try await Self.terminated(client)
            // Back by 12 April (one month from the termination); claimed on the 13th, which begins at 04:00 UTC in Guadeloupe.
            let scheduled = try await client.execute(uri: "/api/v1/contracts/\(ctr)/obligations", method: .get).json([Due].self)
            #expect(scheduled.map { "\($0.kind) \($0.state) \($0.dueOn) \($0.dueAt) \($0.explanation.source)" } == ["equipmentReturn pending 2026-04-13 2026-04-13T04:00:00Z 001 CG 6.3"])
            #expect(try await runDue("2026-04-12").isEmpty)
            let claimed = try await runDue("2026-04-13")
            #expect(claimed.map { "\($0.kind) \($0.state) \($0.outcome ?? "")" } == ["equipmentReturn done formal notice e-mailed to lea@example.fr on 2026-04-13"])
            #expect(try await Self.mails(store, to: "lea@example.fr").contains { $0.hasPrefix("Mise en demeure de restituer vos équipements") })
            // Presented on the 13th, without effect 14 to 20 April: the fees from the 21st.
            #expect(try await runDue("2026-04-20").isEmpty)
            let charged = try await runDue("2026-04-21")
            #expect(charged.map { "\($0.kind) \($0.state) \($0.outcome ?? "")" } == ["equipmentFees done charged 300.00 on 2026-04-21"])
            let charges = try await client.execute(uri: "/api/v1/customers/\(cus)/charges", method: .get).json([Charge].self).filter { $0.label.hasPrefix("Non-restitution") }
            #expect(charges.map { "\($0.on) \($0.label) \($0.unitPrice)" } == ["2026-04-21 Non-restitution des équipements (Livebox, décodeur TV) 300.00"])
            #expect(charges.first?.source.hasPrefix("001 CG 6.3 (contract \(ctr)") == true)
            // Run again: nothing twice; the contract has nothing left to do.
            #expect(try await runDue("2026-12-31").isEmpty)
            #expect(try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Returned.self).nextActionOn == nil)
        }
    }

    @Test func equipmentReturnedSettlesTheClaimAndIsConfirmed() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-04-05T10:00:00-04:00"))) { client, store in
            let (_, id) = try await Self.terminated(client)
            func returned(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/equipment-return", body) }
            // Not before the termination, not after today (the server's clock: 5 April 2026).
            #expect(try await returned(#"{"on":"2026-03-11"}"#).status == .badRequest)
            #expect(try await returned(#"{"on":"2026-04-06"}"#).status == .badRequest)
            let ok = try await returned(#"{"on":"2026-04-02"}"#)
            #expect(ok.status == .ok, "\(ok.text)")
            let c = try ok.json(Returned.self)
            #expect(c.equipmentReturnedOn == "2026-04-02" && c.nextActionOn == nil)
            let obligations = try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self)
            #expect(obligations.map { "\($0.kind) \($0.state) \($0.outcome ?? "")" } == ["equipmentReturn done returned on 2026-04-02"])
            #expect(try await Self.mails(store, to: "lea@example.fr") == ["Restitution de vos équipements (contrat \(id))"])
            // Once only; and a contract still running lends nothing to return yet.
            let twice = try await returned(#"{"on":"2026-04-03"}"#)
            #expect(twice.status == .badRequest && twice.text.contains("returned already, on 2026-04-02"), "\(twice.text)")
            let running = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(running)/equipment-return", #"{"on":"2026-04-02"}"#).status == .badRequest)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-12-31"}"#).json([Due].self).isEmpty)
        }
    }

    /// 001 CG 6.3 (D-CTR-16): Léa paid a 75.00 deposit for her decoder on 21 January; the contract ended on 12 March. Returned
    /// whole on 2 April, it is paid back that day by the scheduler (within the 10 days); returned damaged, the 200.00 charge is
    /// reduced by it; not returned, the 300.00 non-return fees of 21 April are.
    @Test(arguments: [
        ("whole", ["decoderDepositRefund done refunded 75.00 on 2026-04-02"], [String]()),
        ("damaged", [], ["2026-04-02 Équipements restitués en mauvais état ou incomplets (décodeur TV) 200.00",
                         "2026-04-02 Dépôt de garantie du décodeur conservé en déduction -75.00"]),
        ("kept", [], ["2026-04-21 Non-restitution des équipements (Livebox, décodeur TV) 300.00",
                      "2026-04-21 Dépôt de garantie du décodeur conservé en déduction -75.00"]),
    ])
    func aDecoderDepositComesBackWithTheDecoderOrReducesItsCharge(returned: String, refunds: [String], charged: [String]) async throws {
        let clock = TestClock(try Instant(iso: "2026-01-21T10:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, store in
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            func runDue(_ until: String) async throws -> [String] {
                try clock.set("\(until)T12:00:00-04:00")
                return try await post("/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self)
                    .filter { $0.kind == "decoderDepositRefund" }.map { "\($0.kind) \($0.state) \($0.outcome ?? "")" }
            }
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers",
                                                          #"{"name":"Léa","kind":"consumer","territory":"GP","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            let id = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await post("/api/v1/contracts/\(id)/decoder-deposit", #"{"paidOn":"2026-01-21","amount":"75.00"}"#).status == .ok)
            let twice = try await post("/api/v1/contracts/\(id)/decoder-deposit", #"{"paidOn":"2026-01-21","amount":"75.00"}"#)
            #expect(twice.status == .badRequest && twice.text.contains("paid already"), "\(twice.text)")
            #expect(try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"2026-02-01"}"#).status == .ok)
            try clock.set("2026-03-12T10:00:00-04:00")
            #expect(try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"terminate","on":"2026-03-12"}"#).status == .ok)
            try clock.set("2026-04-02T10:00:00-04:00")
            switch returned {
            case "whole": #expect(try await post("/api/v1/contracts/\(id)/equipment-return", #"{"on":"2026-04-02"}"#).status == .ok)
            case "damaged": #expect(try await post("/api/v1/contracts/\(id)/equipment-return", #"{"on":"2026-04-02","faulty":[{"item":"decoder"}]}"#).status == .ok)
            default: break
            }
            var done: [String] = []
            for day in ["2026-04-02", "2026-04-13", "2026-04-21"] { done += try await runDue(day) }
            let listed = try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).text
            #expect(done == refunds, "\(listed)")
            let charges = try await client.execute(uri: "/api/v1/customers/\(cus)/charges", method: .get).json([Charge].self)
                .filter { !$0.label.hasPrefix("Frais") && !$0.label.hasPrefix("Mensualités") }
            #expect(charges.map { "\($0.on) \($0.label) \($0.unitPrice)" } == charged)
            struct Held: Decodable { struct D: Decodable { let refundedOn: String?; let keptOn: String?; let kept: String? }; let decoderDeposit: D? }
            let deposit = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Held.self).decoderDeposit
            #expect(returned == "whole" ? deposit?.refundedOn == "2026-04-02" : deposit?.kept == "75.00", "\(String(describing: deposit))")
            if returned == "whole" {
                #expect(try await Self.mails(store, to: "lea@example.fr").contains("Remboursement du dépôt de garantie de votre décodeur (contrat \(id))"))
            }
        }
    }

    /// 001 CG 6.3: « En cas de retour d'un Équipement en mauvais état de fonctionnement ou en cas de retour incomplet » — the
    /// Livebox its repair cost within the limit of 100 €, the decoder 200 €; on the next invoice, with the return.
    @Test(arguments: [
        (#"[{"item":"box","repairCost":"45.00"}]"#, "45.00"),
        (#"[{"item":"box","repairCost":"180.00"}]"#, "100.00"),
        (#"[{"item":"decoder"}]"#, "200.00"),
        (#"[{"item":"box","repairCost":"120.00"},{"item":"decoder"}]"#, "300.00"),
    ])
    func itemsReturnedDamagedOrIncompleteOweTheirCG63Amounts(faulty: String, owed: String) async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-04-05T10:00:00-04:00"))) { client, _ in
            let (cus, id) = try await Self.terminated(client)
            let r = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/equipment-return", #"{"on":"2026-04-02","faulty":\#(faulty)}"#)
            #expect(r.status == .ok, "\(r.text)")
            let charges = try await client.execute(uri: "/api/v1/customers/\(cus)/charges", method: .get).json([Charge].self)
                .filter { $0.label.hasPrefix("Équipements restitués") }
            #expect(charges.map { "\($0.on) \($0.unitPrice)" } == ["2026-04-02 \(owed)"])
            #expect(charges.first?.source.hasPrefix("001 CG 6.3 (contract \(id)") == true)
        }
    }

    /// What the rule cannot price is refused, and nothing is recorded: a box without its repair cost, a decoder with one,
    /// more items than the offering lends (one Livebox, one decoder).
    @Test(arguments: [
        (#"[{"item":"box"}]"#, "repairCost: a faulty box is charged its repair cost"),
        (#"[{"item":"decoder","repairCost":"50.00"}]"#, "repairCost: a faulty decoder is charged 200.00 whatever its repair"),
        (#"[{"item":"decoder"},{"item":"decoder"}]"#, "faulty: more faulty decoder items than the 1 lent"),
    ])
    func faultyItemsTheRuleCannotPriceAreRefused(faulty: String, reason: String) async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-04-05T10:00:00-04:00"))) { client, _ in
            let (_, id) = try await Self.terminated(client)
            let r = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/equipment-return", #"{"on":"2026-04-02","faulty":\#(faulty)}"#)
            #expect(r.status == .badRequest && r.text.contains(reason), "\(r.text)")
            #expect(try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Returned.self).equipmentReturnedOn == nil)
        }
    }
}
