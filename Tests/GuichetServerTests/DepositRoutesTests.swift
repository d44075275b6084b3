import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 3 on its days (D-RUN-20): a deposit asked within 48 hours of the order and not paid that day ends the contract
/// that day; one paid is asked back only after 12 months without a payment incident, and comes back 10 days after the
/// contract ends, what the customer still owes kept in deduction.
@Suite struct DepositRoutesTests {
    struct Due: Decodable { let kind: String; let state: String; let dueOn: String; let outcome: String?; let explanation: Explanation }
    struct Stated: Decodable {
        struct Deposit: Decodable { let amount: String; let paidOn: String?; let refundedOn: String?; let refunded: String? }
        struct Step: Decodable { let action: String; let on: String; let note: String? }
        let state: String; let history: [Step]; let deposit: Deposit?
    }

    static func ordered(_ client: any TestClientProtocol) async throws -> (customer: String, contract: String) {
        let cus = try await BillingRoutesTests.create(client, "/api/v1/customers",
                                                      #"{"name":"Léa","kind":"consumer","territory":"GP","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
        let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
        return (cus, ctr)
    }

    @Test func aDepositNotPaidTheDayItIsAskedEndsTheContractThatDay() async throws {
        try await TestApp.run { client, _ in
            let (_, ctr) = try await Self.ordered(client)
            func deposit(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/deposit", body) }
            // Within 48 hours of the conclusion only (ordered 20 January: the 20th to the 22nd), in one of 001's cases.
            let late = try await deposit(#"{"step":"requested","on":"2026-01-23","reason":"noDirectDebit","amount":"150.00"}"#)
            #expect(late.status == .badRequest && late.text.contains("from 2026-01-20 to 2026-01-22 (001 CG 3)"), "\(late.text)")
            let preventel = try await deposit(#"{"step":"requested","on":"2026-01-21","reason":"preventel","amount":"150.00"}"#)
            #expect(preventel.status == .badRequest)
            #expect(try await deposit(#"{"step":"requested","on":"2026-01-21","reason":"noDirectDebit","amount":"150.00"}"#).status == .ok)
            let due = try await client.execute(uri: "/api/v1/contracts/\(ctr)/obligations", method: .get).json([Due].self)
            #expect(due.map { "\($0.kind) \($0.state) \($0.dueOn) \($0.explanation.source)" } == ["depositDue pending 2026-01-21 001 CG 3"])
            // Paid the next day: too late, the contract ended on the 21st.
            #expect(try await deposit(#"{"step":"paid","on":"2026-01-22"}"#).status == .badRequest)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-01-21"}"#).status == .ok)
            let ended = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Stated.self)
            #expect(ended.state == "cancelled" && ended.history.last?.on == "2026-01-21", "\(ended)")
            #expect(ended.history.last?.note?.hasPrefix("001 CG 3: the deposit of 150.00 asked on 2026-01-21 was not paid that day") == true)
        }
    }

    @Test func aDepositPaidComesBackAfterTheContractLessWhatIsOwed() async throws {
        try await TestApp.run { client, store in
            let (cus, ctr) = try await Self.ordered(client)
            func deposit(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/deposit", body) }
            func obligations() async throws -> [String] {
                try await client.execute(uri: "/api/v1/contracts/\(ctr)/obligations", method: .get).json([Due].self).map { "\($0.kind) \($0.state) \($0.dueOn)" }
            }
            #expect(try await deposit(#"{"step":"requested","on":"2026-01-21","reason":"noDirectDebit","amount":"150.00"}"#).status == .ok)
            #expect(try await deposit(#"{"step":"paid","on":"2026-01-21"}"#).status == .ok)
            #expect(try await obligations() == ["depositDue done 2026-01-21"])
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-02-01"}"#).status == .ok)
            // Asked back before 12 months from the payment: refused, naming the first day it may be.
            let early = try await deposit(#"{"step":"refundRequested","on":"2026-06-01"}"#)
            #expect(early.status == .badRequest && early.text.contains("from 2027-01-21"), "\(early.text)")
            // The contract ends on 30 September; September's invoice (54.90) is left unpaid.
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"terminate","on":"2026-09-30"}"#).status == .ok)
            try await PriceRevisionRoutesTests.billRun(client, "2026-09")
            #expect(try await obligations().contains("depositRefund pending 2026-10-10"))
            _ = try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-10-10"}"#)
            // 150.00 − 54.90 kept against the invoice, which it settles: 95.10 paid back, and the customer told.
            let c = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Stated.self)
            #expect(c.deposit?.refunded == "95.10" && c.deposit?.refundedOn == "2026-11-21", "\(String(describing: c.deposit))")
            let invoices = try await BillingRoutesTests.invoices(client, cus)
            #expect(invoices.map { "\($0.invoice.totals.includingTax) \($0.state)" } == ["54.90 settled"])
            let mails = try await store.mailDeliveries(limit: 100).map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }
            let refund = try #require(mails.first { $0.subject.hasPrefix("Remboursement de votre dépôt de garantie") })
            #expect(refund.to == ["lea@example.fr"] && refund.body.contains("95.10 €") && refund.body.contains("54.90 € ont été conservés"))
            // Run again: nothing twice.
            let again = try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-12-31"}"#)
            #expect(try again.json([Due].self).allSatisfy { $0.kind != "depositRefund" })
            #expect(try await deposit(#"{"step":"refundRequested","on":"2026-11-21"}"#).status == .badRequest)
        }
    }
}
