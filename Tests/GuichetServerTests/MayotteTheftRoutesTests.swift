import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 003 CG 20 (D-BILL-19): Saïd's phone (24-month plan, SAMPLE 20.00 a month, SAMPLE 0.80 €/min abroad) is stolen on 10 May
/// 2026 at 20:00; the thief calls Algeria 60 minutes on the 11th (48.00, within the 48 hours) and 10 minutes on the 12th at
/// 21:00 (8.00, after them). Saïd declares the theft to an advisor on the 13th with his police report: the SIM card is put
/// in opposition (suspended) until his new card on the 20th. May's invoice gives back the fee of the 7 days suspended,
/// 20.00 × 7/31 = 4.52, and the 48.00 of the 48 hours; the 8.00 stays due.
@Suite struct MayotteTheftRoutesTests {
    struct State: Decodable { let state: String; struct T: Decodable { let suspendedOn: String; let policeReport: String }; let thefts: [T]? }

    @Test func aTheftDeclaredWithItsPoliceReportIsRefundedOnTheNextInvoice() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-13T09:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let (cus, ctr) = try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-24-mois")
            #expect(try await UsageRoutesTests.post(client, "/api/v1/lines", #"{"number":"0639 00 12 34","contractId":"\#(ctr)"}"#).status == .created)
            let rows = [UsageRoutesTests.header, "f1,+262639001234,voice,+213210000001,2026-05-11T09:00:00+03:00,3600,",
                        "f2,+262639001234,voice,+213210000001,2026-05-12T21:00:00+03:00,600,"]
            #expect(try await UsageRoutesTests.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n")).status == .created)

            let missing = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/theft", #"{"stolenAt":"2026-05-10T20:00:00+03:00","policeReport":""}"#)
            #expect(missing.status == .badRequest && missing.text.contains("policeReport"), "\(missing.text)")
            let future = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/theft", #"{"stolenAt":"2026-05-14T20:00:00+03:00","policeReport":"PV-1"}"#)
            #expect(future.status == .badRequest && future.text.contains("stolenAt"))
            // Refused, the declaration left the line running.
            #expect(try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(State.self).state == "active")
            let declared = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/theft", #"{"stolenAt":"2026-05-10T20:00:00+03:00","policeReport":"PV 2026/0513"}"#)
            #expect(declared.status == .ok, "\(declared.text)")
            let state = try declared.json(State.self)
            #expect(state.state == "suspended" && state.thefts?.map(\.suspendedOn) == ["2026-05-13"])
            // The advisor's second click changes nothing.
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/theft", #"{"stolenAt":"2026-05-10T20:00:00+03:00","policeReport":"PV 2026/0513"}"#)
                .json(State.self).thefts?.count == 1)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"resume","on":"2026-05-20"}"#).status == .ok)

            try clock.set("2026-06-01T08:00:00+03:00")
            _ = try await BillingRoutesTests.runBills(client, "2026-05")
            let may = try #require(try await BillingRoutesTests.invoices(client, cus).first)
            #expect(may.invoice.lines.map(\.amount) == ["20.00", "56.00", "-4.52", "-48.00"], "\(may.invoice.lines)")
            #expect(may.invoice.totals.includingTax == "23.48")
        }
    }

    @Test func onlyTheMayotteContractHasTheProcedure() async throws {
        try await TestApp.run { client, _ in
            let livebox = try await ContractRoutesTests.liveboxContract(client)
            let r = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(livebox)/theft", #"{"stolenAt":"2026-05-10T20:00:00+03:00","policeReport":"PV-1"}"#)
            #expect(r.status == .badRequest && r.text.contains("no theft procedure"))
        }
    }
}
