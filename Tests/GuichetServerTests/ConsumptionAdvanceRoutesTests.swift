import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 10.4 (D-BILL-16): Léa's Livebox, activated 1 February 2026, is under 6 months old in May, when her calls to
/// Algeria (A4: 0.10 + 0.99 €/min) pass 100 € out of bundle: 0.10 + 0.99 × 6000/60 = 99.10, then 0.10 + 0.99 × 125/60 =
/// 2.1625, 101.2625 in all. The advance asked on that alert is set off against what she owes, and what is left comes back
/// once the contract has ended and its last invoice is paid.
@Suite struct ConsumptionAdvanceRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    struct Alert: Decodable { struct A: Decodable { let id: String; let rule: String }; let alert: A }
    struct Advance: Decodable { let amount: String; let paidOn: String?; let refusedOn: String?; let setOff: String; let refundedOn: String? }
    struct Held: Decodable { let state: String; let advance: Advance? }
    struct Balance: Decodable { let due: String }

    /// The Livebox with its line and May's calls; the alert they raised.
    static func overBudget(_ client: any TestClientProtocol) async throws -> (customer: String, contract: String, alert: String) {
        let (cus, ctr) = try await UsageRoutesTests.liveboxLine(client)
        let rows = [UsageRoutesTests.header, "x1,+590590271234,voice,+213210000000,2026-05-04T10:00:00-04:00,6000,",
                    "x2,+590590271234,voice,+213210000000,2026-05-05T10:00:00-04:00,125,"]
        #expect(try await UsageRoutesTests.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n")).status == .created)
        let alerts = try await client.execute(uri: "/api/v1/usage/alerts?customerId=\(cus)", method: .get).json([Alert].self)
        let alert = try #require(alerts.first { $0.alert.rule == "advance-new-customer" })
        return (cus, ctr, alert.alert.id)
    }

    static func step(_ client: any TestClientProtocol, _ ctr: String, _ body: String) async throws -> TestResponse {
        try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/consumption-advance", body)
    }

    @Test func anAdvanceAwaitedSuspendsItsPaymentResumesAndItIsSetOffAgainstTheInvoice() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-20T10:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let (cus, ctr, alert) = try await Self.overBudget(client)
            func runDue(_ day: String) async throws -> [Due] {
                try clock.set("\(day)T12:00:00-04:00")
                return try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(day)"}"#).json([Due].self).filter { $0.kind == "advanceSetOff" }
            }
            // Only on an alert the article names, raised for this contract's line; a positive amount.
            let noAlert = try await Self.step(client, ctr, #"{"step":"requested","on":"2026-05-20","amount":"80.00"}"#)
            #expect(noAlert.status == .badRequest && noAlert.text.contains("an advance rests on an alert of the rating (001 CG 10.4)"), "\(noAlert.text)")
            #expect(try await Self.step(client, ctr, #"{"step":"requested","on":"2026-05-20","amount":"80.00","alert":"nope"}"#).status == .badRequest)
            #expect(try await Self.step(client, ctr, #"{"step":"suspend","on":"2026-05-20"}"#).status == .badRequest)
            let asked = try await Self.step(client, ctr, #"{"step":"requested","on":"2026-05-20","amount":"80.00","alert":"\#(alert)"}"#)
            #expect(asked.status == .ok, "\(asked.text)")
            #expect(try asked.json(Held.self).advance?.amount == "80.00")
            #expect(try await Self.step(client, ctr, #"{"step":"requested","on":"2026-05-20","amount":"90.00","alert":"\#(alert)"}"#).status == .badRequest)
            // Awaited, the service may be suspended; paid two days later, it resumes that day.
            #expect(try await Self.step(client, ctr, #"{"step":"suspend","on":"2026-05-20"}"#).json(Held.self).state == "suspended")
            try clock.set("2026-05-22T10:00:00-04:00")
            let paid = try await Self.step(client, ctr, #"{"step":"paid","on":"2026-05-22"}"#)
            #expect(try paid.json(Held.self).state == "active" && paid.json(Held.self).advance?.paidOn == "2026-05-22", "\(paid.text)")
            // Nothing owed yet: held until after June's invoices (issued 1 June), on the 2nd; May's bill run late, again on 2 July.
            #expect(try await runDue("2026-05-22").map { "\($0.state) \($0.outcome ?? "")" } == ["done set off 0.00 on 2026-05-22, 80.00 held"])
            #expect(try await runDue("2026-06-02").map { "\($0.state) \($0.outcome ?? "")" } == ["done set off 0.00 on 2026-06-02, 80.00 held"])
            _ = try await BillingRoutesTests.runBills(client, "2026-05")
            let owed = try await client.execute(uri: "/api/v1/customers/\(cus)/balance", method: .get).json(Balance.self).due
            #expect(try await runDue("2026-07-02").map { "\($0.state) \($0.outcome ?? "")" } == ["done set off 80.00 on 2026-07-02, 0.00 held"])
            let after = try await client.execute(uri: "/api/v1/customers/\(cus)/balance", method: .get).json(Balance.self).due
            #expect(try Money(owed) - Money(after) == (try Money("80.00")))
            #expect(try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Held.self).advance?.setOff == "80.00")
            #expect(try await runDue("2026-12-31").isEmpty)
            // Posted by staff, an advance is refused: only the scheduler sets one off.
            let posted = try await ContractRoutesTests.post(client, "/api/v1/customers/\(cus)/payments",
                                                            #"{"id":"p1","method":"advance","amount":"1.00","receivedOn":"2026-06-02"}"#)
            #expect(posted.status == .badRequest, "\(posted.text)")
        }
    }

    @Test func whatIsLeftComesBackOnceTheLastInvoiceIsPaid() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-20T10:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let (cus, ctr, alert) = try await Self.overBudget(client)
            #expect(try await Self.step(client, ctr, #"{"step":"requested","on":"2026-05-20","amount":"1000.00","alert":"\#(alert)"}"#).status == .ok)
            #expect(try await Self.step(client, ctr, #"{"step":"paid","on":"2026-05-20"}"#).status == .ok)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"terminate","on":"2026-05-31"}"#).status == .ok)
            func runDue(_ day: String) async throws -> [Due] {
                try clock.set("\(day)T12:00:00-04:00")
                return try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(day)"}"#).json([Due].self).filter { $0.kind == "advanceSetOff" }
            }
            let first = try await runDue("2026-05-20")
            #expect(first.map(\.state) == ["done"], "\(first)")
            // Ended in May: May's invoice is the last; set off, and the rest paid back, the day after it is issued.
            try clock.set("2026-06-01T09:00:00-04:00")
            _ = try await BillingRoutesTests.runBills(client, "2026-05")
            let last = try #require(try await BillingRoutesTests.invoices(client, cus).first)
            let total = try Money(last.invoice.totals.includingTax)
            let refunded = try Money("1000.00") - total
            let done = try await runDue("2026-06-02")
            // Léa gave no e-mail address: the notice is a letter for staff to post.
            #expect(done.count == 1 && done[0].outcome?.hasPrefix("set off \(total), refunded \(refunded) on 2026-06-02; queued as letter") == true, "\(done)")
            #expect(try await client.execute(uri: "/api/v1/customers/\(cus)/balance", method: .get).json(Balance.self).due == "0.00")
            let c = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Held.self)
            #expect(c.advance?.refundedOn == "2026-06-02" && c.advance?.setOff == total.description)
            #expect(try await runDue("2026-12-31").isEmpty)
        }
    }
}
