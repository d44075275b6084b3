import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Usage over HTTP: file imports (idempotent per record id), quarantine and replay, TMF635,
/// consumption (#123#), alerts and re-rating.
@Suite struct UsageRoutesTests {
    static let line = "+590590271234"
    static let header = "id,line,kind,called,start,quantity,called_type"
    /// Four good rows (hand-computed in RaterTests, 001 Annexe 4, DOM1) and one bad row per reason.
    static let file = [
        header,
        "a1,+590590271234,voice,+213210000000,2026-05-04T10:00:00-04:00,125,",       // 0.10 + 0.99 × 125/60 = 2.1625
        "a2,+590590271234,voice,+12125550100,2026-05-04T10:10:00-04:00,90,mobile",   // included (D-CAT-1), list 0.43
        "a3,+590590271234,voice,+5511912345678,2026-05-04T10:20:00-04:00,61,mobile", // 0.10 + 0.592 × 61/60 = 0.7019
        "a4,+590590271234,voice,112,2026-05-04T10:30:00-04:00,300,",                 // free
        "b1,+590590271234,voice,+213210000000,2026-05-32T10:00:00-04:00,60,",        // bad date
        "b2,+590590999999,voice,+213210000000,2026-05-04T10:00:00-04:00,60,",        // unknown line
        "b3,+590590271234,voice,+213210000000,2026-05-04T10:00:00-04:00,-60,",       // negative duration
        "b4,+590590271234,voice,+213210000000,2026-05-04T10:00:00-04:00,60,,DE,x",   // a column beyond `visited`
        "b5,+590590271234,voice,+448701234567,2026-05-04T10:00:00-04:00,60,",        // no tariff (A4 note 3)
    ].joined(separator: "\n")

    struct Report: Decodable, Equatable { let read: Int; let rated: Int; let duplicates: Int; let quarantined: Int }
    struct Quarantined: Decodable { let lineNumber: Int; let field: String; let reason: String; let status: String }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    /// A Livebox Essentiel Fibre contract in Guadeloupe (DOM1), activated on 1 Feb 2026, with its line.
    @discardableResult
    static func liveboxLine(_ client: any TestClientProtocol) async throws -> (customer: String, contract: String) {
        let contract = try await ContractRoutesTests.liveboxContract(client)
        let assigned = try await post(client, "/api/v1/lines", #"{"number":"0590 27 12 34","contractId":"\#(contract)"}"#)
        #expect(assigned.status == .created)
        struct L: Decodable { let customerID: String }
        return (try assigned.json(L.self).customerID, contract)
    }

    @Test func importingTwiceRatesEachRecordOnceAndQuarantinesWithLineNumbers() async throws {
        try await TestApp.run { client, store in
            try await Self.liveboxLine(client)
            let first = try await Self.post(client, "/api/v1/usage/imports?format=csv", Self.file)
            #expect(first.status == .created)
            #expect(try first.json(Report.self) == Report(read: 9, rated: 4, duplicates: 0, quarantined: 5))
            let again = try await Self.post(client, "/api/v1/usage/imports?format=csv", Self.file)
            #expect(try again.json(Report.self) == Report(read: 9, rated: 0, duplicates: 4, quarantined: 5))
            #expect(try await store.usageCount() == 4)

            let quarantine = try await client.execute(uri: "/api/v1/usage/quarantine", method: .get)
            let rows = try quarantine.json([Quarantined].self)
            #expect(rows.map(\.lineNumber) == [6, 7, 8, 9, 10])
            #expect(rows.map(\.field) == ["start", "line", "quantity", "row", "called"])
            #expect(rows[4].reason.contains("+448701234567"))

            let usage = try await client.execute(uri: "/tmf-api/usageManagement/v4/usage/a1", method: .get)
            #expect(usage.status == .ok)
            #expect(usage.text.contains(#""taxIncludedRatingAmount":{"unit":"EUR","value":2.1625}"#))
            #expect(usage.text.contains(#""tariffId":"A4-F6""#))
        }
    }

    @Test func aWholeFileWithoutTheHeaderIsRefusedAndNothingIsStored() async throws {
        try await TestApp.run { client, store in
            try await Self.liveboxLine(client)
            let refused = try await Self.post(client, "/api/v1/usage/imports?format=csv", "a1,+590590271234,voice,+213210000000,2026-05-04T10:00:00-04:00,125,")
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("api:1: the first line must be the header"))
            #expect(try await store.usageCount() == 0)
        }
    }

    /// Traffic data (CPCE L34-1, L34-2; D-PRIV-2): a month goes one year after its invoice fell due, and a
    /// record already past that horizon is not taken in.
    @Test func trafficDataPastTheRetentionIsRefusedThenPurged() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: clock) { client, store in
            try await Self.liveboxLine(client)
            // On 21 Nov 2026 the oldest month kept is October 2025: a call of 30 September 2025 is refused.
            let old = [Self.header, "o1,+590590271234,voice,+213210000000,2025-09-30T10:00:00-04:00,60,"].joined(separator: "\n")
            #expect(try await Self.post(client, "/api/v1/usage/imports?format=csv", old).json(Report.self).quarantined == 1)
            let refused = try #require(try await client.execute(uri: "/api/v1/usage/quarantine", method: .get).json([Quarantined].self).first)
            #expect(refused.field == "start" && refused.reason.contains("traffic-data retention: months before 2025-10 are purged"), "\(refused.reason)")
            #expect(try await Self.post(client, "/api/v1/usage/imports?format=csv", Self.file).json(Report.self).rated == 4)

            struct Purge: Decodable { let firstKeptPeriod: String; let records: Int }
            // A day to come is refused: its limit is not reached.
            #expect(try await Self.post(client, "/api/v1/usage/retention-purge", #"{"on":"2027-07-01"}"#).status == .badRequest)
            try clock.set("2027-07-01T12:00:00Z")
            // May 2026 was invoiced on 1 June and fell due within June: its records stay until 30 June 2027 included.
            let eve = try await Self.post(client, "/api/v1/usage/retention-purge", #"{"on":"2027-06-30"}"#).json(Purge.self)
            #expect(eve.firstKeptPeriod == "2026-05" && eve.records == 0)
            let purged = try await Self.post(client, "/api/v1/usage/retention-purge", #"{"on":"2027-07-01"}"#).json(Purge.self)
            #expect(purged.firstKeptPeriod == "2026-06" && purged.records == 4)
            #expect(try await store.usageCount() == 0)
        }
    }

    @Test func quarantinedRowsAreRatedAfterTheFix() async throws {
        try await TestApp.run { client, store in
            let contractID = try await Self.liveboxLine(client).contract
            _ = try await Self.post(client, "/api/v1/usage/imports?format=csv", Self.file)
            // The unknown line gets its contract; the extra column is corrected by hand.
            #expect(try await Self.post(client, "/api/v1/lines", #"{"number":"+590590999999","contractId":"\#(contractID)"}"#).status == .created)
            #expect(try await Self.post(client, "/api/v1/usage/quarantine/replay", #"{"corrections":"#).status == .badRequest)
            let bad = "b4,+590590271234,voice,+213210000000,2026-05-04T10:00:00-04:00,60,,DE,x"
            let replay = try await Self.post(client, "/api/v1/usage/quarantine/replay",
                                             #"{"corrections":[{"raw":"\#(bad)","corrected":"b4,+590590271234,voice,+213210000000,2026-05-04T10:00:00-04:00,60,"}]}"#)
            struct R: Decodable { let examined: Int; let rated: Int; let stillQuarantined: [Quarantined] }
            let r = try replay.json(R.self)
            #expect(r.examined == 5 && r.rated == 2)
            #expect(r.stillQuarantined.map(\.field) == ["start", "quantity", "called"])
            #expect(try await store.usageCount() == 6)
        }
    }

    @Test func tmf635PostIsIdempotentAndFeedsTheConsumptionView() async throws {
        try await TestApp.run { client, _ in
            let customer = try await Self.liveboxLine(client).customer
            let body = #"{"id":"t1","usageDate":"2026-05-04T10:00:00-04:00","usageType":"voice","usageCharacteristic":[{"name":"line","value":"+590590271234"},{"name":"called","value":"+213210000000"},{"name":"quantity","value":125}]}"#
            #expect(try await Self.post(client, "/tmf-api/usageManagement/v4/usage", body).status == .created)
            #expect(try await Self.post(client, "/tmf-api/usageManagement/v4/usage", body).status == .ok)
            let bad = try await Self.post(client, "/tmf-api/usageManagement/v4/usage", body.replacingOccurrences(of: "\"t1\"", with: "\"t2\"")
                .replacingOccurrences(of: "+213210000000", with: "+448701234567"))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("no tariff prices a call to +448701234567"))

            let consumption = try await client.execute(uri: "/api/v1/customers/\(customer)/consumption?period=2026-05", method: .get)
            struct S: Decodable { struct L: Decodable { let line: String; let calls: Int; let voiceSeconds: Int; let outOfBundle: String }; let lines: [L] }
            let s = try consumption.json(S.self)
            #expect(s.lines.first?.line == Self.line)
            #expect(s.lines.first?.calls == 1 && s.lines.first?.voiceSeconds == 125)
            #expect(s.lines.first?.outOfBundle == "2.1625")
            let list = try await client.execute(uri: "/tmf-api/usageManagement/v4/usage?relatedParty.id=\(customer)&period=2026-05", method: .get)
            #expect(list.headers[HTTPField.Name("X-Total-Count")!] == "1")
        }
    }

    @Test func fairUseAlertsAreRaisedOnceWhileRating() async throws {
        try await TestApp.run { client, _ in
            try await Self.liveboxLine(client)
            // 001 CG 9.4: 251 distinct metropolitan fixed numbers (included) in May, and one call of 3 h 01.
            var rows = [Self.header]
            for i in 0..<251 { rows.append("f\(i),+590590271234,voice,+33145\(String(format: "%06d", i)),2026-05-0\(1 + i % 9)T10:00:00-04:00,60,") }
            rows.append("long,+590590271234,voice,+33145000000,2026-05-10T10:00:00-04:00,10860,")
            _ = try await Self.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n"))
            _ = try await Self.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n"))
            let alerts = try await client.execute(uri: "/api/v1/usage/alerts", method: .get)
            struct A: Decodable { struct Alert: Decodable { let rule: String; let source: String; let record: String? }; let alert: Alert }
            let list = try alerts.json([A].self)
            #expect(list.map(\.alert.rule).sorted() == ["fair-use-call-duration", "fair-use-distinct-voice"])
            #expect(list.allSatisfy { $0.alert.source == "001 CG 9.4" })
        }
    }

    /// A monitor new to an import is primed with what earlier imports stored of the line's month: the 251st
    /// distinct number (001 CG 9.4) is caught when the first 200 came in another file.
    @Test func fairUseCountsWhatEarlierImportsStored() async throws {
        try await TestApp.run { client, _ in
            try await Self.liveboxLine(client)
            let rows = (0..<251).map { "f\($0),+590590271234,voice,+33145\(String(format: "%06d", $0)),2026-05-0\(1 + $0 % 9)T10:00:00-04:00,60," }
            _ = try await Self.post(client, "/api/v1/usage/imports", ([Self.header] + rows[..<200]).joined(separator: "\n"))
            let none = try await client.execute(uri: "/api/v1/usage/alerts", method: .get)
            #expect(try none.json([UsageAlertBody].self).isEmpty)
            _ = try await Self.post(client, "/api/v1/usage/imports", ([Self.header] + rows[200...]).joined(separator: "\n"))
            let alerts = try await client.execute(uri: "/api/v1/usage/alerts", method: .get)
            #expect(try alerts.json([UsageAlertBody].self).map(\.alert.rule) == ["fair-use-distinct-voice"])
        }
    }

    struct UsageAlertBody: Decodable { struct Alert: Decodable { let rule: String }; let alert: Alert }

    @Test func reratingAfterATariffCorrectionIsDeterministicAndIdempotent() async throws {
        try await TestApp.run { client, store in
            try await Self.liveboxLine(client)
            _ = try await Self.post(client, "/api/v1/usage/imports", Self.file)
            // Correct F6 DOM1 from 0.99 to 0.89 €/min: a1 becomes 0.10 + 0.89 × 125/60 = 1.9542.
            let yaml = try String(contentsOfFile: RepositoryFiles.path("Catalogs/001-livebox-antilles-guyane.yaml"), encoding: .utf8)
            let f6 = try #require(yaml.range(of: "id: A4-F6\n"))
            let rate = try #require(yaml.range(of: #"DOM1: {connection: "0.10", perMinute: "0.99"}"#, range: f6.upperBound..<yaml.endIndex))
            let corrected = yaml.replacingCharacters(in: rate, with: #"DOM1: {connection: "0.10", perMinute: "0.89"}"#)
            let imported = try await client.execute(uri: "/api/v1/catalogs/imports", method: .post, headers: [HTTPField.Name("X-File-Name")!: "001-corrected.yaml"],
                                                    body: ByteBuffer(string: corrected))
            #expect(imported.status == .created)
            struct R: Decodable { let examined: Int; let changed: Int }
            let first = try await Self.post(client, "/api/v1/usage/rerate", #"{"period":"2026-05"}"#).json(R.self)
            #expect(first.examined == 4 && first.changed == 1)
            #expect(try await store.usage(id: "a1")?.rated.amount == (try Money("1.9542")))
            #expect(try await Self.post(client, "/api/v1/usage/rerate", #"{"period":"2026-05"}"#).json(R.self).changed == 0)
        }
    }
}
