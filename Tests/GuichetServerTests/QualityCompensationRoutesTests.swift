import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 9.1, 9.2, 13 through the API: claimed once per month or per report, credited on the next invoice with its
/// article (D-CTR-12). Léa's Livebox Essentiel Fibre at 54.90 in Guadeloupe, activated 1 February 2026.
@Suite struct QualityCompensationRoutesTests {
    struct Line: Decodable { let amount: String; let explanation: Explanation }

    @Test func qualityShortfallsAreCreditedOnTheNextInvoice() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-04-02T12:00:00-04:00"))) { client, _ in
            let id = try await ContractRoutesTests.liveboxContract(client)
            func claim(_ body: String) async throws -> TestResponse {
                try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/quality-compensation", body)
            }
            // CG 9.1: 30 h down in March, availability 95.97 %: 54.90 × 108 000 / 2 678 400 = 2.21.
            let outage = #"{"kind":"availability","month":"2026-03","periods":[{"from":"2026-03-03T10:00:00-04:00","until":"2026-03-04T16:00:00-04:00"}]}"#
            let availability = try await claim(outage)
            #expect(try availability.json(Line.self).amount == "2.21", "\(availability.text)")
            // Sent again (a retry) it is the same claim; another computation for the same month is refused.
            #expect(try await claim(outage).status == .ok)
            let twice = try await claim(#"{"kind":"availability","month":"2026-03","periods":[{"from":"2026-03-03T10:00:00-04:00","until":"2026-03-05T16:00:00-04:00"}]}"#)
            #expect(twice.status == .badRequest && twice.text.contains("claimed already"), "\(twice.text)")
            // CG 9.2: 5 h under 512 kbit/s: 0.37. CG 13: reported Tuesday 10 March 09:00, due back by Tuesday 24 March 09:00
            // (12 jours ouvrables), back Thursday 26 at 09:00: the 16 days refunded, 54.90 × 16 / 31 = 28.34.
            #expect(try await claim(#"{"kind":"downlink","month":"2026-03","periods":[{"from":"2026-03-12T18:00:00-04:00","until":"2026-03-12T23:00:00-04:00"}]}"#)
                .json(Line.self).amount == "0.37")
            let restored = try await claim(#"{"kind":"restoration","reportedAt":"2026-03-10T09:00:00-04:00","restoredAt":"2026-03-26T09:00:00-04:00"}"#)
            #expect(try restored.json(Line.self).amount == "28.34", "\(restored.text)")
            // April is not over; a month claim names its periods.
            #expect(try await claim(#"{"kind":"downlink","month":"2026-04","periods":[{"from":"2026-04-01T18:00:00-04:00","until":"2026-04-01T23:00:00-04:00"}]}"#)
                .status == .badRequest)
            // A month that is none is the request's error (found by schemathesis: it was a 500).
            #expect(try await claim(#"{"kind":"availability","month":"0000-00","periods":[{"from":"2026-03-03T10:00:00-04:00","until":"2026-03-04T16:00:00-04:00"}]}"#)
                .status == .badRequest)
            let bare = try await claim(#"{"kind":"availability","month":"2026-03"}"#)
            #expect(bare.status == .badRequest && bare.text.contains("periods"), "\(bare.text)")

            let owner = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(AppointmentRoutesTests.Stated.self).customerID
            _ = try await BillingRoutesTests.runBills(client, "2026-04")
            let april = try #require(try await BillingRoutesTests.invoices(client, owner).first { $0.invoice.issueDate == "2026-05-01" })
            #expect(april.invoice.lines.filter { $0.amount.hasPrefix("-") }.map { "\($0.label) \($0.amount)" } == [
                "Indemnité : disponibilité de l'accès Internet inférieure à 97 % (2026-03) -2.21",
                "Compensation : débit descendant inférieur à 512 kbit/s (2026-03) -0.37",
                "Remboursement : service rétabli au-delà de 12 jours ouvrables -28.34",
            ], "\(april.invoice.lines)")
        }
    }

    /// 003 CG 12.1: Saïd's 24-month line (SAMPLE 20.00) has no voice or data from Sunday 10 May 2026 08:00 to Monday 11 May
    /// 14:00, 30 hours: 20.00 × 108 000 s / 2 678 400 s = 0.81, claimed 6 hours after, with how he shows he was in the zone.
    /// Claimed more than 12 hours after an incident, nothing is owed; nor for force majeure; nor without the proof.
    @Test func aMayotteUnavailabilityClaimedWithin12HoursIsCompensated() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-05-11T20:00:00+03:00"))) { client, _ in
            let (cus, id) = try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-24-mois")
            func claim(_ from: String, _ until: String, _ extra: String) async throws -> TestResponse {
                try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/quality-compensation",
                    #"{"kind":"unavailability","periods":[{"from":"\#(from)","until":"\#(until)"}]\#(extra)}"#)
            }
            let proof = #","presence":"ticket de caisse du magasin de Mamoudzou, 10/05 09:12""#
            let owed = try await claim("2026-05-10T08:00:00+03:00", "2026-05-11T14:00:00+03:00", proof)
            #expect(try owed.json(Line.self).amount == "0.81", "\(owed.text)")
            #expect(try owed.json(Line.self).explanation.source == "003 CG 12.1")
            #expect(try await claim("2026-05-05T08:00:00+03:00", "2026-05-05T10:00:00+03:00", proof).json(Line.self).amount == "0.00")
            #expect(try await claim("2026-05-09T08:00:00+03:00", "2026-05-11T10:00:00+03:00", proof + #","refused":"cyclone (force majeure)""#)
                .json(Line.self).amount == "0.00")
            let bare = try await claim("2026-05-11T08:00:00+03:00", "2026-05-11T10:00:00+03:00", "")
            #expect(bare.status == .badRequest && bare.text.contains("presence"), "\(bare.text)")
            let livebox = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(livebox)/quality-compensation",
                #"{"kind":"unavailability","periods":[{"from":"2026-05-10T08:00:00-04:00","until":"2026-05-10T10:00:00-04:00"}],"presence":"x"}"#).status == .badRequest)

            _ = try await BillingRoutesTests.runBills(client, "2026-05")
            let may = try #require(try await BillingRoutesTests.invoices(client, cus).first)
            #expect(may.invoice.lines.filter { $0.amount.hasPrefix("-") }.map { "\($0.label) \($0.amount)" }
                    == ["Indemnisation : indisponibilité du service voix ou data -0.81"], "\(may.invoice.lines)")
        }
    }
}
