import AllocationCounter
import Foundation
import GRDB
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore
import Logging

/// CSV file → rated and stored in SQLite by `UsageService.importFile` (what `guichet usage import`
/// runs), with peak memory; then the same records rated by a plain SQL longest-prefix join in
/// SQLite, as a user without Guichet would write it, on a sample of the same rows.
enum RatingEndToEnd {
    static func run(rows: Int, baselineRows: Int) async throws -> [Measurement] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dbPath = dir.appendingPathComponent("bench.sqlite").path
        // GUICHET_BENCH_SETUP_CACHE=DIR: the database with the lines set up is kept there and reused
        // (setting up 20 000 lines through the services takes minutes).
        let cached = ProcessInfo.processInfo.environment["GUICHET_BENCH_SETUP_CACHE"].map { "\($0)/lines-\(RatingMix.lines.count).sqlite" }
        let reused = cached.map { FileManager.default.fileExists(atPath: $0) } ?? false
        if let cached, reused { try FileManager.default.copyItem(atPath: cached, toPath: dbPath) }
        let store = try SQLiteStore(path: dbPath)
        try await store.migrate()
        let services = try await Services.live(store: store, catalogs: Repository.path("Catalogs"), logger: Logger(label: "guichet-bench"))
        let catalogs = services.catalogs, contracts = services.contracts, usage = services.usage, plan = services.reference.plan
        let clock = ContinuousClock()
        let setUp = clock.now
        if !reused { try await setUpLines(contracts, usage) }
        if let cached, !reused {
            try await DatabaseQueue(path: dbPath).writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [cached]) }
        }
        print("rating.e2e: \(RatingMix.lines.count) lines set up in \(clock.now - setUp)")

        let csv = dir.appendingPathComponent("cdr.csv").path
        let catalog = await catalogs.current
        let rater = Rater(catalog: catalog, plan: plan)
        try writeFile(csv, rows: rows, catalog: catalog, rater: rater)
        let size = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? NSNumber)?.int64Value ?? 0
        print("rating.e2e: \(rows) rows, \(size / 1_000_000) MB of CSV")

        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)   // resets the peak RSS
        guichet_reset_peak_live_bytes()
        let liveBefore = guichet_live_bytes()
        let trace = ProcessInfo.processInfo.environment["GUICHET_BENCH_TRACE_HEAP"] == "1"
        if trace {
            Thread.detachNewThread {
                while true {
                    print("heap: live \(guichet_live_bytes() >> 20) MB, peak \(guichet_peak_live_bytes() >> 20) MB, RSS peak \(peakRSSMegabytes()) MB")
                    Thread.sleep(forTimeInterval: 0.5)
                }
            }
        }
        let start = clock.now
        let result = try await usage.importFile(path: csv, format: .csv, at: SystemClock.now())
        let elapsed = clock.now - start
        let ours = Measurement(name: "rating.e2e Guichet: CSV → rated → SQLite", operations: rows, rounds: [elapsed])
        print("rating.e2e: \(result.rated) rated, \(result.duplicates) duplicate, \(result.quarantined) quarantined; "
              + String(format: "%.0f records/s; peak RSS during the import %d MB", Double(rows) / ours.seconds, peakRSSMegabytes()))
        print("rating.e2e: live heap \(liveBefore >> 20) MB before the import, peak \(guichet_peak_live_bytes() >> 20) MB during it")
        try await store.close()

        // GUICHET_BENCH_IMPORT_ONLY=1: for profiling the import alone.
        if ProcessInfo.processInfo.environment["GUICHET_BENCH_IMPORT_ONLY"] == "1" { return [ours] }
        let (baseline, amounts) = try sqlBaseline(dbPath: dbPath, catalog: catalog, plan: plan, csv: csv, rows: min(rows, baselineRows))
        let stored = try SQLiteStore(path: dbPath)
        // Calls in the first hours of May (UTC) fall in April where the line's zone is behind UTC.
        let agreeing = try await stored.usage(period: "2026-04").count { amounts[$0.rated.id] == $0.rated.amount.units }
            + stored.usage(period: "2026-05").count { amounts[$0.rated.id] == $0.rated.amount.units }
        try await stored.close()
        print("rating.sql-baseline: \(amounts.count) records rated by the join; \(agreeing) amounts equal to Guichet's (the join ignores excluded prefixes)")
        return [ours, baseline]
    }

    /// The mix's 100 lines: one Livebox or Mayotte customer per line, one business with two sites for 004.
    static func setUpLines(_ contracts: ContractService, _ usage: UsageService) async throws {
        let now = SystemClock.now()
        let ordered = try LocalDate(iso: "2025-01-02"), activated = try LocalDate(iso: "2025-01-10")
        let hq = Address(line1: "1 rue de l'Exemple", postcode: "75001", city: "Paris", territory: "FR")
        let business = try await contracts.createCustomer(
            name: "Bench SARL", kind: .business, territoryID: "FR",
            details: PartyDetails(address: hq, contacts: [Contact(name: "Admin", email: "admin@example.org", role: "administrator")],
                                  sites: [Site(id: "s0", name: "Site 0", address: hq), Site(id: "s1", name: "Site 1", address: hq)],
                                  users: []),
            at: now)
        let wte = try await contracts.order(.init(customer: business.id, offering: "wte-pack-calling", engagementMonths: 36, quantity: max(20, RatingMix.lines.count / 5),
                                                  orderedOn: ordered), at: now)
        _ = try await contracts.apply(.activate, to: wte.id, on: activated, at: now)
        for (i, line) in RatingMix.lines.enumerated() {
            if line.offering.hasPrefix("wte") {
                _ = try await usage.lines.assign(number: line.number, contractID: wte.id, site: "s\(i & 1)", at: now)
                continue
            }
            let c = try await contracts.createCustomer(name: "Bench \(i)", kind: .consumer, territoryID: line.territory, at: now)
            let k = try await contracts.order(.init(customer: c.id, offering: line.offering, orderedOn: ordered, distanceSale: false,
                                                    chosenActivationDate: activated,
                                                    presentedDocuments: PresentedDocuments(identity: .nationalIdCard, bankDetails: true)), at: now)
            _ = try await contracts.apply(.activate, to: k.id, on: activated, at: now)
            _ = try await usage.lines.assign(number: line.number, contractID: k.id, site: nil, at: now)
        }
    }

    /// Streams the mix to a CSV file (never held in memory), starts spread over May 2026.
    static func writeFile(_ path: String, rows: Int, catalog: CatalogSet, rater: Rater) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var generator = RatingMix.Generator(catalog: catalog)
        let profiles = RatingMix.lines.map { rater.index.profile(offering: $0.offering, zone: $0.zone)! }
        let day = Int32(try LocalDate(iso: "2026-05-15").ordinal)
        var chunk = CDRFormat.csvHeader + "\n"
        for i in 0..<rows {
            let r = generator.next { r in
                guard let n = rater.plan.dialled(r.called.utf8) else { return false }
                return (try? rater.price(n, kind: r.kind, quantity: r.quantity, calledLineIsMobile: r.mobile, profile: profiles[r.line], day: day, id: "")) != nil
            }
            let second = i % (30 * 86_400)
            let start = String(format: "2026-05-%02dT%02d:%02d:%02dZ", 1 + second / 86_400, second / 3600 % 24, second / 60 % 60, second % 60)
            let type = r.mobile.map { $0 ? "mobile" : "fixed" } ?? ""
            chunk += "b\(i),\(RatingMix.lines[r.line].number),\(r.kind.rawValue),\(r.called),\(start),\(r.quantity),\(type)\n"
            if chunk.utf8.count > 4 << 20 { handle.write(Data(chunk.utf8)); chunk = "" }
        }
        handle.write(Data(chunk.utf8))
    }

    /// The baseline: the sample's records and the tariffs in two tables, rated by one INSERT … SELECT
    /// with a correlated longest-prefix sub-query (LIKE prefix || '%', longest first). Only the query is timed.
    /// Returns the measurement and the amounts the join gave, by record id.
    static func sqlBaseline(dbPath: String, catalog: CatalogSet, plan: NumberingPlan, csv: String, rows: Int) throws -> (Measurement, [String: Int64]) {
        let db = try DatabaseQueue(path: dbPath)
        var reader = try LineReader(path: csv)
        _ = try reader.next()
        let lines = Dictionary(uniqueKeysWithValues: RatingMix.lines.map { ($0.number, $0) })
        let documentOf = Dictionary(catalog.documents.flatMap { d in d.offerings.map { ($0.id, d.info.id) } }, uniquingKeysWith: { a, _ in a })
        try db.write { db in
            try db.execute(sql: """
                CREATE TABLE bench_tariff (catalog TEXT, usage TEXT, line_type TEXT, zone TEXT, prefix TEXT, connection INTEGER, per_minute INTEGER, included_in TEXT);
                CREATE TABLE bench_cdr (id TEXT PRIMARY KEY, catalog TEXT, offering TEXT, zone TEXT, usage TEXT, line_type TEXT, called TEXT, seconds INTEGER);
                CREATE TABLE bench_rated (id TEXT PRIMARY KEY, amount INTEGER);
                """)
            for d in catalog.documents {
                for t in d.tariffs {
                    // A group always included has no rates: any zone ('*'), price 0.
                    let rates = t.rates.isEmpty ? ["*": TariffGroup.Rate(connection: .zero, perMinute: .zero)] : t.rates
                    for (zone, rate) in rates {
                        for p in t.destinations.flatMap(\.prefixes) {
                            try db.execute(sql: "INSERT INTO bench_tariff VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                           arguments: [d.info.id, t.usage.rawValue, t.lineType.rawValue, zone, p, rate.connection.units, rate.perMinute.units,
                                                       "," + t.includedIn.joined(separator: ",") + ","])
                        }
                    }
                }
            }
            var loaded = 0
            while loaded < rows, let row = try reader.next() {
                let r = try CDRParser.csv(row)
                guard let line = lines[r.line], let n = plan.dialled(r.called.utf8), n.length > 0 else { continue }
                let mobile = n.type == .international ? (r.calledLineIsMobile ?? false) : n.type == .mobile
                try db.execute(sql: "INSERT INTO bench_cdr VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [r.id, documentOf[line.offering], line.offering, line.zone, r.kind.rawValue, mobile ? "mobile" : "fixed",
                                           String(n.e164.dropFirst()), r.quantity])
                loaded += 1
            }
        }
        reader.close()
        let count = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM bench_cdr") ?? 0 }
        let clock = ContinuousClock()
        let start = clock.now
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO bench_rated (id, amount)
                SELECT c.id, (SELECT CASE WHEN instr(t.included_in, ',' || c.offering || ',') > 0 THEN 0
                                          ELSE t.connection + CASE c.usage WHEN 'sms' THEN 0 ELSE (t.per_minute * c.seconds + 30) / 60 END END
                              FROM bench_tariff t
                              WHERE t.catalog = c.catalog AND t.usage = c.usage AND t.line_type = c.line_type AND t.zone IN (c.zone, '*')
                                AND c.called LIKE t.prefix || '%'
                              ORDER BY length(t.prefix) DESC LIMIT 1)
                FROM bench_cdr c
                """)
        }
        let elapsed = clock.now - start
        let amounts = try db.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, amount FROM bench_rated").map { ($0["id"] as String, $0["amount"] as Int64? ?? -1) })
        }
        return (Measurement(name: "rating.sql-baseline: plain SQL longest-prefix join", operations: count, rounds: [elapsed]), amounts)
    }

    static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
        return kb / 1024
    }
}

extension Measurement {
    var seconds: Double { nanosecondsPerOperation(median) * Double(operations) / 1e9 }
}
