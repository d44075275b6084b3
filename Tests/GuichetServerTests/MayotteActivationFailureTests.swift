import Foundation
import GuichetCore
import GuichetMail
import Hummingbird
import HummingbirdTesting
import Testing

/// 003 CG 5 (D-CTR-22): Saïd subscribes on Monday 2 March 2026 and pays 20.00 on the 5th; his line never works. Reported on
/// the 10th (within the 7 jours ouvrés, which end on Wednesday the 11th), Orange has until 10 April; Saïd accepts the 20th.
/// On the 21st the scheduler tells him he may terminate; he does on the 22nd, without fees, and the 20.00 is paid back.
@Suite struct MayotteActivationFailureTests {
    struct State: Decodable { let state: String; struct F: Decodable { let resolveBy: String; let refunded: Money? }; let activationFailure: F? }
    typealias Due = ObligationRoutesTests.Due

    @Test func anUnresolvedFailedActivationLetsTheCustomerTerminateAndBeRefunded() async throws {
        let clock = TestClock(try Instant(iso: "2026-03-02T09:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, store in
            let (cus, ctr) = try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-sans-engagement", ordered: "2026-03-02", activated: "2026-03-02",
                                                                              email: "said@example.yt")
            func step(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/activation-failure", body) }
            func runDue(_ until: String) async throws -> [String] {
                try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self).map { "\($0.kind) \($0.state)" }
            }
            try clock.set("2026-03-12T09:00:00+03:00")
            let late = try await step(#"{"step":"reported","on":"2026-03-12"}"#)
            #expect(late.status == .badRequest && late.text.contains("after the 7 jours ouvrés from the subscription, 2026-03-11 (003 CG 5)"), "\(late.text)")
            #expect(try await step(#"{"step":"reported","on":"2026-03-10"}"#).json(State.self).activationFailure?.resolveBy == "2026-04-10")
            #expect(try await BillingRoutesTests.post(client, "/api/v1/customers/\(cus)/payments",
                                                      #"{"id":"VIR-1","method":"transfer","amount":"20.00","receivedOn":"2026-03-05"}"#).status == .created)
            #expect(try await step(#"{"step":"extended","until":"2026-04-20"}"#).json(State.self).activationFailure?.resolveBy == "2026-04-20")
            try clock.set("2026-04-15T09:00:00+03:00")
            let early = try await step(#"{"step":"terminated"}"#)
            #expect(early.status == .badRequest && early.text.contains("until 2026-04-20"), "\(early.text)")
            #expect(try await runDue("2026-04-20").isEmpty)
            try clock.set("2026-04-21T09:00:00+03:00")
            #expect(try await runDue("2026-04-21") == ["activationFailureDeadline done"])
            try clock.set("2026-04-22T09:00:00+03:00")
            #expect(try await step(#"{"step":"terminated"}"#).json(State.self).state == "terminated")
            #expect(try await runDue("2026-04-22") == ["activationFailureRefund done"])
            let ended = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(State.self)
            #expect(ended.activationFailure?.refunded == Money(cents: 2_000))
            let subjects = try await EquipmentReturnRoutesTests.mails(store, to: "said@example.yt")
            #expect(subjects.contains("Mise en service de votre ligne : vous pouvez résilier (contrat \(ctr))"), "\(subjects)")
            #expect(subjects.contains("Remboursement après résiliation de votre contrat \(ctr)"))
        }
    }
}
