import Foundation
import Testing

/// `guichet usage import` as an operator runs it: twice, and killed midway then run again.
@Suite struct UsageCLITests {
    struct Report: Decodable { let read: Int; let rated: Int; let duplicates: Int; let quarantined: Int }

    /// A Mayotte line (sample out-of-bundle rates) activated on 10 January 2026.
    static func setUp(_ dir: URL) throws -> (common: [String], customer: String) {
        let common = ["--database", dir.appendingPathComponent("u.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let customer = try CLI.run(["customer", "create", "--name", "Saïd", "--kind", "consumer", "--territory", "YT"] + common)
        let cus = try #require(customer.stdout.split(separator: " ").first.map(String.init), "\(customer.stderr)")
        let order = try CLI.run(["contract", "order", "--customer", cus, "--offering", "mayotte-forfait-24-mois", "--on", "2026-01-05", "--identity", "nationalIdCard", "--bank-details"] + common)
        let ctr = try #require(order.stdout.split(separator: " ").first.map(String.init), "\(order.stderr)")
        _ = try CLI.run(["contract", "transition", ctr, "activate", "--on", "2026-01-10"] + common)
        let line = try CLI.run(["line", "assign", "--number", "0639 00 12 34", "--contract", ctr] + common)
        #expect(line.stdout == "+262639001234 → \(ctr)\n", "\(line.stderr)")
        return (common, cus)
    }

    /// `count` international calls of 60 s (SAMPLE 0.80 €/min, not included) spread over May 2026.
    static func file(_ dir: URL, count: Int) throws -> String {
        var text = "id,line,kind,called,start,quantity,called_type\n"
        text.reserveCapacity(count * 80)
        for i in 0..<count {
            text += "k\(i),+262639001234,voice,+2132100\(String(format: "%05d", i % 100_000)),2026-05-\(String(format: "%02d", 1 + i % 28))T10:00:00+03:00,60,\n"
        }
        let path = dir.appendingPathComponent("cdr.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func killedMidwayThenRunAgainStoresEachRecordOnce() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, customer) = try Self.setUp(dir)
        let count = 100_000
        let path = try Self.file(dir, count: count)
        let running = try CLI.start(["usage", "import", path, "--json"] + common)
        // Kill it once the first batch is surely committed: a batch's commit (20 000 records: their ids and one pack
        // of ~42 bytes a record) writes ~1.4 MB to the write-ahead log, so a log past 2 MB holds at least one whole
        // commit, with three batches still to come. (Polling with a reader instead could be starved of threads by
        // the suite's other tests running in parallel.)
        let wal = dir.appendingPathComponent("u.sqlite-wal").path
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, running.process.isRunning,
              ((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0) < 2_000_000 {
            usleep(5_000)
        }
        #expect(running.process.isRunning, "the import finished before it could be killed")
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()

        let resumed = try CLI.run(["usage", "import", path, "--json"] + common)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let second = try JSONDecoder().decode(Report.self, from: Data(resumed.stdout.utf8))
        #expect(second.read == count && second.quarantined == 0)
        #expect(second.duplicates > 0 && second.rated > 0)
        #expect(second.rated + second.duplicates == count)

        let again = try JSONDecoder().decode(Report.self, from: Data(try CLI.run(["usage", "import", path, "--json"] + common).stdout.utf8))
        #expect(again.rated == 0 && again.duplicates == count)

        // Exactly one rated record per id: 100 000 calls of one minute at 0.80 € = 80 000 €.
        let summary = try CLI.run(["usage", "summary", customer, "--period", "2026-05", "--json"] + common)
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.contains(#""calls" : 100000"#))
        #expect(summary.stdout.contains(#""outOfBundle" : "80000.00""#))
    }

    @Test func jsonLinesAndAlertsFromTheCommandLine() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, customer) = try Self.setUp(dir)
        // 003 CG 8: out-of-bundle spend reaching 45 € lets Orange ask for an advance. 57 minutes at 0.80 = 45.60.
        let rows = [#"{"id":"j1","line":"+262639001234","kind":"voice","called":"+213210000001","start":"2026-05-02T10:00:00+03:00","quantity":3420}"#,
                    #"{"id":"j2","line":"+262639001234","kind":"voice","called":"+213210000001","start":"2026-05-02T10:00:00+03:00","quantity":-1}"#,
                    #"{"id":"j3","line":"+262639001234","kind":"voice","called":"+213210000001","start":"2026-05-02T10:00:00+03:00","quantity":1,"extra":1}"#]
        let path = dir.appendingPathComponent("cdr.jsonl").path
        try rows.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["usage", "import", path] + common)
        #expect(r.stdout.hasSuffix(": 3 read, 1 rated, 0 duplicate, 2 quarantined\n"), "\(r.stderr)")
        let quarantine = try CLI.run(["usage", "quarantine"] + common).stdout
        #expect(quarantine.contains(":2: quantity: negative duration or quantity"))
        #expect(quarantine.contains(":3: extra: unknown field"))
        let alerts = try CLI.run(["usage", "alerts", "--customer", customer] + common).stdout
        #expect(alerts.contains("2026-05 +262639001234 advance-out-of-bundle"))
        #expect(alerts.contains("003 CG 8"))
        // The retention purge keeps May 2026 (it goes in July 2027, D-PRIV-2).
        let purge = try CLI.run(["usage", "purge"] + common)
        #expect(purge.stdout.hasPrefix("months before ") && purge.stdout.hasSuffix(" purged: 0 usage record(s), 0 alert(s), 0 quarantined row(s)\n"),
                "\(purge.stdout) \(purge.stderr)")
        // The import is in the audit log as the command's, in the transactions that stored its rows.
        let audit = try CLI.run(["audit", "--limit", "200"] + common.prefix(2)).stdout
        #expect(audit.contains("CLI guichet usage import \(path)") && audit.contains("  + usage records: 1 added by import imp_"), "\(audit)")
        #expect(audit.contains("  + usage quarantine: 2 row(s) set aside by import imp_") && audit.contains("  + alert "))
    }
}
