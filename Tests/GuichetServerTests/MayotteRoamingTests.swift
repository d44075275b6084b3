import Foundation
import GuichetCore
import GuichetData
import Hummingbird
import HummingbirdTesting
import Testing

/// 003 CG 13 (D-RAT-13): Saïd's 24-month line (SAMPLE 0.80 €/min abroad). From Germany, 10 minutes to a Berlin fixed line
/// are priced as a call in Mayotte to a fixed line, as are, from La Réunion, 10 minutes to a Réunion line; the same Berlin
/// call made from Mayotte is international (8.00). From Madagascar, or from Germany to Morocco, the price sheet prices the
/// call: it waits in quarantine, naming why.
@Suite struct MayotteRoamingTests {
    struct Usage: Decodable { struct Rating: Decodable { let taxIncludedRatingAmount: Amount; let tariffId: String? }; let ratedProductUsage: [Rating] }
    struct Amount: Decodable { let value: Decimal }

    @Test func roamingInTheZoneIsRatedAsAtHomeAndElsewhereByThePriceSheet() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-05-20T09:00:00+03:00"))) { client, _ in
            let (_, ctr) = try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-24-mois")
            #expect(try await UsageRoutesTests.post(client, "/api/v1/lines", #"{"number":"0639 00 12 34","contractId":"\#(ctr)"}"#).status == .created)
            let rows = [CDRFormat.csvHeaderWithVisited,
                        "h1,+262639001234,voice,+262269612345,2026-05-02T10:00:00+03:00,600,,",
                        "d1,+262639001234,voice,+4930123456,2026-05-03T10:00:00+02:00,600,fixed,DE",
                        "r1,+262639001234,voice,+262262123456,2026-05-04T10:00:00+04:00,600,,RE",
                        "y1,+262639001234,voice,+4930123456,2026-05-05T10:00:00+03:00,600,fixed,",
                        "m1,+262639001234,voice,+262269612345,2026-05-06T10:00:00+03:00,600,,MG",
                        "d2,+262639001234,voice,+212522123456,2026-05-07T10:00:00+02:00,600,fixed,DE"]
            let report = try await UsageRoutesTests.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n")).json(UsageRoutesTests.Report.self)
            #expect(report.rated == 4 && report.quarantined == 2, "\(report)")
            func rated(_ id: String) async throws -> (String?, Decimal?) {
                let u = try await client.execute(uri: "/tmf-api/usageManagement/v4/usage/\(id)", method: .get).json(Usage.self).ratedProductUsage.first
                return (u?.tariffId, u?.taxIncludedRatingAmount.value)
            }
            let home = try await rated("h1"), germany = try await rated("d1"), reunion = try await rated("r1"), abroad = try await rated("y1")
            #expect(home.0 == "YT-S-VOIX-NAT-FIXE" && germany == home && reunion == home, "\(home) \(germany) \(reunion)")
            #expect(abroad.0 == "YT-S-VOIX-INT-FIXE" && abroad.1 == Decimal(8))
            let quarantine = try await client.execute(uri: "/api/v1/usage/quarantine", method: .get).json([UsageRoutesTests.Quarantined].self)
            #expect(quarantine.map(\.field) == ["visited", "visited"])
            #expect(quarantine.allSatisfy { $0.reason.hasSuffix("priced by the operator's sheet (003 CG 13.1), not by the offer") }, "\(quarantine)")
            // A Livebox line does not roam; a country is two capital letters.
            let livebox = [CDRFormat.csvHeaderWithVisited, "l1,+590590271234,voice,+262269612345,2026-05-06T10:00:00-04:00,600,,DE",
                           "l2,+262639001234,voice,+262269612345,2026-05-06T10:00:00+03:00,600,,Germany"]
            let box = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await UsageRoutesTests.post(client, "/api/v1/lines", #"{"number":"0590 27 12 34","contractId":"\#(box)"}"#).status == .created)
            #expect(try await UsageRoutesTests.post(client, "/api/v1/usage/imports", livebox.joined(separator: "\n")).json(UsageRoutesTests.Report.self).quarantined == 2)
            let reasons = try await client.execute(uri: "/api/v1/usage/quarantine", method: .get).json([UsageRoutesTests.Quarantined].self).map(\.reason)
            #expect(reasons.contains("a livebox line does not roam") && reasons.contains { $0.contains("'Germany' is not a two-letter country code") }, "\(reasons)")
        }
    }
}
