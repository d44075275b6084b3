import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore
import Logging
import Testing

/// `guichet bill run` as an operator runs it: killed midway and run again, it leaves exactly the
/// invoices of an uninterrupted run, numbered without a gap.
@Suite struct BillCLITests {
    struct Row: Decodable, Equatable { let id: String; let number: String; let customer: String; let includingTax: String }

    /// `count` Livebox Essentiel Fibre customers in Martinique, activated on different days of May 2026.
    static func prepare(_ path: String, count: Int) async throws {
        var logger = Logger(label: "bill-cli-tests")
        logger.logLevel = .error
        let store = try await openStore(.sqlite(path: path), logger: logger)
        let catalogs = try await CatalogRegistry(store: store, folder: CLI.repository("Catalogs"), taxZones: Set(try ReferenceData.taxZones().keys))
        let contracts = ContractService(store: store, catalogs: catalogs, territories: try ReferenceData.territories())
        let now = try Instant(iso: "2026-06-01T08:00:00Z")
        for i in 0..<count {
            let c = try await contracts.createCustomer(name: "Client \(i)", kind: .consumer, territoryID: "MQ", at: now)
            let order = try await contracts.order(.init(customer: c.id, offering: "livebox-essentiel-fibre", orderedOn: try LocalDate(iso: "2026-04-20"),
                                                        presentedDocuments: PresentedDocuments(identity: .nationalIdCard, bankDetails: true)), at: now)
            _ = try await contracts.apply(.activate, to: order.id, on: try LocalDate(2026, 5, 1 + i % 31), at: now)
        }
        try await store.close()
    }

    static func list(_ common: [String]) throws -> [Row] {
        let listed = try CLI.run(["bill", "list", "--period", "2026-05", "--json"] + common)
        return try JSONDecoder().decode([Row].self, from: Data(listed.stdout.utf8))
    }

    @Test func killedMidwayThenRunAgainIssuesTheSameInvoicesWithoutGaps() async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let count = Int(ProcessInfo.processInfo.environment["GUICHET_BILL_TEST_ACCOUNTS"] ?? "") ?? 1_500
        let killed = dir.appendingPathComponent("killed.sqlite").path, whole = dir.appendingPathComponent("whole.sqlite").path
        try await Self.prepare(killed, count: count)
        // The same database twice (with its write-ahead log, which holds the latest pages).
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: killed + suffix) {
            try FileManager.default.copyItem(atPath: killed + suffix, toPath: whole + suffix)
        }
        let catalogs = ["--catalogs", CLI.repository("Catalogs")]

        let uninterrupted = try CLI.run(["bill", "run", "--period", "2026-05", "--database", whole] + catalogs)
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        #expect(uninterrupted.stdout.contains("\(count) invoices issued"), "\(uninterrupted.stdout)")
        let expected = try Self.list(["--database", whole] + catalogs)
        #expect(expected.count == count)

        // Kill the run once some batches are committed, before the last.
        let running = try CLI.start(["bill", "run", "--period", "2026-05", "--database", killed] + catalogs)
        let watcher = try SQLiteStore(path: killed)
        let deadline = Date().addingTimeInterval(120)
        var seen = 0
        while Date() < deadline, running.process.isRunning {
            seen = (try? await watcher.invoiceCount()) ?? 0
            if seen >= 400 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(running.process.isRunning, "the run finished before it could be killed")
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        let afterKill = try await watcher.invoiceCount()
        #expect(afterKill > 0 && afterKill < count, "\(afterKill) invoices when killed")
        // F14: the killed run reads interrupted, with what it did commit.
        let killedRun = try #require(try await watcher.billRuns(latestFirst: true, offset: 0, limit: 1).runs.first)
        #expect(killedRun.status == .interrupted && killedRun.issued == afterKill, "\(killedRun)")
        try await watcher.close()

        let resumed = try CLI.run(["bill", "run", "--period", "2026-05", "--database", killed, "--json"] + catalogs)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        struct Report: Decodable { struct Run: Decodable { let issued: Int; let existing: Int }; let run: Run }
        let report = try JSONDecoder().decode(Report.self, from: Data(resumed.stdout.utf8)).run
        #expect(report.existing == afterKill && report.issued == count - afterKill)
        let got = try Self.list(["--database", killed] + catalogs)
        #expect(got == expected, "the resumed run's invoices differ from the uninterrupted run's")
        #expect(got.map(\.number) == (1...count).map { InvoiceNumbering.number(series: "FA2026", sequence: Int64($0)) })
    }
}
