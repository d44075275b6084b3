import Foundation
import GuichetCore
@testable import GuichetStore
import Testing

/// An audit entry is written as JSON by hand in the store's transaction (D-RUN-24): what it writes is what the entry's
/// Codable conformance reads back, whatever its texts hold and whichever of its fields are absent.
@Suite struct AuditEntryJSONTests {
    static let at = try! Instant(iso: "2026-03-12T04:00:00Z")

    @Test(arguments: [
        AuditEntry(at: at, actor: "job:obligations", method: "JOB", path: "obligations", what: nil, request: "r-1",
                   changes: ["contract:ctr_1#12 transition", "obligation:obl_1#13 obligation-settled"], before: nil, status: nil, location: nil),
        AuditEntry(at: at, actor: "cli:Léa \"chef\"", method: "CLI", path: "guichet import contracts C:\\bases\\k.csv\nsecond line\t€",
                   what: "application/json, 120 bytes", request: "r-2", changes: [], before: ["contracts ctr_1 {\"state\":\"active\"}"],
                   status: 201, location: "/api/v1/contracts/ctr_1"),
        AuditEntry(at: at, actor: "system", method: "POST", path: "/x", what: nil, request: nil, changes: nil, before: nil, status: nil, location: nil),
    ])
    func theEntryReadsBackAsWritten(entry: AuditEntry) throws {
        #expect(try JSONDecoder().decode(AuditEntry.self, from: Data(entry.json.utf8)) == entry)
        // Member for member what the Codable conformance writes: a field added to the entry but not to `json` is caught here.
        let written = try JSONSerialization.jsonObject(with: Data(entry.json.utf8)) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(entry)) as? NSDictionary
        #expect(written != nil && written == encoded)
    }

    /// A list's summary (more than 20 changes) keeps its count of changes.
    @Test func theSummaryKeepsItsCount() throws {
        let many = (1...25).map { "lines:0590\($0)#\($0) line-assigned" }
        let entry = AuditEntry(at: Self.at, actor: "job:import", method: "JOB", path: "import", what: nil, request: "r", changes: many,
                               before: nil, status: nil, location: nil)
        let summary = try JSONDecoder().decode(AuditEntry.self, from: Data(try #require(entry.summaryText).utf8))
        #expect(summary.changeCount == 25 && summary.changes == Array(many.prefix(20)))
    }
}
