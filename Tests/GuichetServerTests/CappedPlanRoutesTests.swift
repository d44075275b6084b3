import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 003 CG 8 × CS-FB 3: the 45 € advance and 300 € suspension thresholds concern what a plan bills after the fact; a capped
/// plan's calls are paid from its prepaid credit before they are made, so the same 45.60 € of calls (57 minutes at the
/// SAMPLE 0.80 €/min) raise the advance's alert on a 24-month plan and nothing on a capped one.
@Suite struct CappedPlanRoutesTests {
    struct Alert: Decodable { struct A: Decodable { let rule: String; let line: String }; let alert: A }

    @Test func theSpendThresholdsDoNotConcernACappedPlan() async throws {
        try await TestApp.run { client, _ in
            for (number, offering) in [("0639 00 12 34", "mayotte-forfait-24-mois"), ("0639 00 12 35", "mayotte-forfait-bloque")] {
                let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"}"#)
                let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"\#(offering)","orderedOn":"2026-01-05","presentedDocuments":{"identity":"residentCard","bankDetails":true}}"#)
                #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-01-10"}"#).status == .ok)
                #expect(try await UsageRoutesTests.post(client, "/api/v1/lines", #"{"number":"\#(number)","contractId":"\#(ctr)"}"#).status == .created)
            }
            let rows = [UsageRoutesTests.header, "m1,+262639001234,voice,+213210000001,2026-05-02T10:00:00+03:00,3420,",
                        "m2,+262639001235,voice,+213210000001,2026-05-02T10:00:00+03:00,3420,"]
            let imported = try await UsageRoutesTests.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n"))
            #expect(imported.status == .created, "\(imported.text)")
            let alerts = try await client.execute(uri: "/api/v1/usage/alerts", method: .get).json([Alert].self)
            #expect(alerts.map { "\($0.alert.line) \($0.alert.rule)" } == ["+262639001234 advance-out-of-bundle"])
        }
    }
}
