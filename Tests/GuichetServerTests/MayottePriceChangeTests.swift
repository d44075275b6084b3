import Foundation
import GuichetCore
import GuichetMail
import Hummingbird
import HummingbirdTesting
import Testing

/// 003 CG 11.4 and 16.2.2 (D-CTR-23): the 24-month plan's fee (SAMPLE 20.00) follows a VAT moving from 0 to 2 % in force on
/// 1 July 2026: notified on 1 June, effective 1 July, 20.00 × 102/100 = 20.40. Saïd may then terminate without fees until
/// 1 November (4 months after), not after; May's invoice is 20.00, July's 20.40. Too short a notice, or beyond 3 months of
/// the rule, is refused.
@Suite struct MayottePriceChangeTests {
    struct Report: Decodable { let notified: Int; let skipped: [String] }
    struct Quote: Decodable { struct Line: Decodable { let amount: String }; let lines: [Line] }

    @Test func aRegulatoryChangeIsNotifiedAMonthBeforeAndOpensAFreeTermination() async throws {
        let clock = TestClock(try Instant(iso: "2026-06-01T09:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, store in
            let (cus, ctr) = try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-24-mois", email: "said@example.yt")
            func change(_ body: String) async throws -> Report { try await ContractRoutesTests.post(client, "/api/v1/price-changes", body).json(Report.self) }
            let short = try await change(#"{"offering":"mayotte-forfait-24-mois","ground":"regulatory","effectiveOn":"2026-06-20","fromRate":0,"toRate":2,"regulationInForceOn":"2026-06-01"}"#)
            #expect(short.notified == 0 && short.skipped.first?.contains("informed a month before") == true, "\(short.skipped)")
            let late = try await change(#"{"offering":"mayotte-forfait-24-mois","ground":"regulatory","effectiveOn":"2026-10-01","fromRate":0,"toRate":2,"regulationInForceOn":"2026-06-01"}"#)
            #expect(late.notified == 0 && late.skipped.first?.contains("within 3 months") == true)
            let made = try await change(#"{"offering":"mayotte-forfait-24-mois","ground":"regulatory","effectiveOn":"2026-07-01","fromRate":0,"toRate":2,"regulationInForceOn":"2026-07-01"}"#)
            #expect(made.notified == 1 && made.skipped.isEmpty)
            let mail = try await store.mailDeliveries(limit: 10).map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }.first { $0.to == ["said@example.yt"] }
            #expect(mail?.body.contains("passe de 20,00\u{00A0}€ à 20,40\u{00A0}€ TTC") == true && mail?.body.contains("jusqu'au 01/11/2026") == true, "\(String(describing: mail?.body))")

            func quote(_ on: String) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/contracts/\(ctr)/termination-quote?on=\(on)&reason=contractModification", method: .get)
            }
            #expect(try await quote("2026-06-02").json(Quote.self).lines.map(\.amount) == ["0.00"])
            let after = try await quote("2026-11-02")
            #expect(after.status == .badRequest && after.text.contains("L224-33"), "\(after.text)")

            try clock.set("2026-08-01T09:00:00+03:00")
            _ = try await BillingRoutesTests.runBills(client, "2026-07")
            #expect(try await BillingRoutesTests.invoices(client, cus).first?.invoice.lines.first?.amount == "20.40")
        }
    }
}
