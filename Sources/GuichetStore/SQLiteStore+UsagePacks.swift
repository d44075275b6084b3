import Foundation
import GRDB
import GRDBSQLite
import GuichetCore

/// Rated records on SQLite: packs (`UsagePack`) in `usage_packs`, one per account, month and write,
/// every record id in `usage_ids` with its pack, which keeps an id stored once (D-RAT-7), and an
/// account's packs of a month chained newest first from `usage_heads` (D-RAT-8).
extension SQLiteStore {
    private struct Account: Hashable { let customerID: String; let period: String }

    public func storeUsage(_ rows: [StoredUsage]) async throws -> [Bool] {
        let context = AuditContext.current
        return try await pool.write { db in
            // This write's packs are numbered after the last one stored (the writer holds the lock).
            let after = try Int64.fetchOne(db, sql: "SELECT coalesce(max(pack), 0) FROM usage_packs") ?? 0
            // Each account's pack: its position here, and the rows stored in it; sized for an account a row
            // (grown step by step, the table was rehashed a dozen times a batch).
            var packOf: [Account: Int] = [:]
            packOf.reserveCapacity(rows.count)
            var packs: [(account: Account, rows: [Int])] = []
            packs.reserveCapacity(rows.count)
            var inserted = [Bool](repeating: false, count: rows.count)
            // Bound through SQLite's C interface: GRDB's generic arguments box every value, which
            // cost more than the insert itself on bulk imports.
            let s = try db.cachedStatement(sql: "INSERT INTO usage_ids (id, pack) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").sqliteStatement
            // Fields read in place: a copy of the row would retain each of its strings.
            for i in rows.indices {
                let account = Account(customerID: rows[i].customerID, period: rows[i].period)
                let g: Int
                if let known = packOf[account] { g = known } else { g = packs.count; packOf[account] = g; packs.append((account, [])) }
                Self.bind(s, 1, rows[i].rated.id)
                sqlite3_bind_int64(s, 2, after + 1 + Int64(g))
                try Self.step(db, s)
                if sqlite3_changes(db.sqliteConnection) == 1 { inserted[i] = true; packs[g].rows.append(i) }
            }
            // The account's newest pack so far becomes this one's previous.
            let insertPack = try db.cachedStatement(sql: """
                INSERT INTO usage_packs (pack, customer_id, period, records, previous, body)
                VALUES (?1, ?2, ?3, ?4, (SELECT pack FROM usage_heads WHERE customer_id = ?2 AND period = ?3), ?5)
                """).sqliteStatement
            let setHead = try db.cachedStatement(sql: """
                INSERT INTO usage_heads (customer_id, period, pack) VALUES (?, ?, ?) ON CONFLICT (customer_id, period) DO UPDATE SET pack = excluded.pack
                """).sqliteStatement
            var encoder = UsagePack.Encoder()
            for (g, pack) in packs.enumerated() where !pack.rows.isEmpty {
                let number = after + 1 + Int64(g)
                Self.bind(insertPack, 2, pack.account.customerID); Self.bind(insertPack, 3, pack.account.period)
                sqlite3_bind_int64(insertPack, 1, number)
                sqlite3_bind_int64(insertPack, 4, Int64(pack.rows.count))
                try encoder.encode(rows, pack.rows) { body in
                    // SQLITE_STATIC: the body outlives the step; unbound after it, so that the cached statement
                    // keeps no pointer into the encoder's buffer.
                    sqlite3_bind_blob(insertPack, 5, body.baseAddress, Int32(body.count), nil)
                    defer { sqlite3_bind_null(insertPack, 5) }
                    try Self.step(db, insertPack)
                }
                Self.bind(setHead, 1, pack.account.customerID); Self.bind(setHead, 2, pack.account.period)
                sqlite3_bind_int64(setHead, 3, number)
                try Self.step(db, setHead)
            }
            try Self.audit(db, context, at: SystemClock.now(), StoredUsage.auditLines(rows, inserted))
            return inserted
        }
    }

    /// The records of the packs a query selects (its columns: pack, customer_id, period, body).
    private static func records(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> [StoredUsage] {
        var all: [StoredUsage] = []
        // Cached: fair-use priming asks the same query for thousands of accounts, and preparing it cost more than running it.
        let packs = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let p = try packs.next() { all += try unpack(p) }
        return all
    }

    private static func unpack(_ p: Row) throws -> [StoredUsage] {
        try UsagePack.decode([UInt8](p["body"] as Data), customerID: p["customer_id"], period: p["period"], pack: p["pack"])
    }

    private static func ordered(_ rows: [StoredUsage]) -> [StoredUsage] {
        rows.sorted { ($0.rated.start, $0.rated.id) < ($1.rated.start, $1.rated.id) }
    }

    public func usage(id: String) async throws -> StoredUsage? {
        try await pool.read { db in
            try Self.records(db, """
                SELECT p.pack, p.customer_id, p.period, p.body FROM usage_ids i JOIN usage_packs p ON p.pack = i.pack WHERE i.id = ?
                """, [id]).first { $0.rated.id == id }
        }
    }

    /// An account's packs of a month, from its newest (the head): each pack, then its previous one.
    private static let accountPacks = """
        WITH RECURSIVE chain(pack) AS (
            SELECT ? UNION ALL SELECT p.previous FROM usage_packs p JOIN chain c ON p.pack = c.pack WHERE p.previous IS NOT NULL)
        SELECT p.pack, p.customer_id, p.period, p.body FROM chain c JOIN usage_packs p ON p.pack = c.pack
        """

    /// An account's records of a month; none without a head. The head is looked up first, through the C interface:
    /// fair-use priming asks for tens of thousands of accounts a first import of the month meets, nearly all without one.
    private static func records(_ db: Database, customerID: String, period: String) throws -> [StoredUsage] {
        let s = try db.cachedStatement(sql: "SELECT pack FROM usage_heads WHERE customer_id = ? AND period = ?").sqliteStatement
        bind(s, 1, customerID); bind(s, 2, period)
        let code = sqlite3_step(s)
        let head = code == SQLITE_ROW ? sqlite3_column_int64(s, 0) : nil
        sqlite3_reset(s)
        guard code == SQLITE_ROW || code == SQLITE_DONE else { throw error(db, code) }
        return try head.map { try records(db, accountPacks, [$0]) } ?? []
    }

    public func usage(customerID: String, period: String) async throws -> [StoredUsage] {
        try await pool.read { db in Self.ordered(try Self.records(db, customerID: customerID, period: period)) }
    }

    public func usage(lines: Set<LineMonth>) async throws -> [LineMonth: [StoredUsage]] {
        try await pool.read { db in try Self.records(db, of: lines).mapValues(Self.ordered) }
    }

    public func outOfBundleTotals(lines: Set<LineMonth>) async throws -> [LineMonth: Money] {
        try await pool.read { db in try Self.records(db, of: lines).mapValues { $0.reduce(Money.zero) { $0 + $1.rated.amount } } }
    }

    /// Each line's records of its month, in no particular order: the packs of each account's month read once.
    private static func records(_ db: Database, of lines: Set<LineMonth>) throws -> [LineMonth: [StoredUsage]] {
        var found = Dictionary(uniqueKeysWithValues: lines.map { ($0, [StoredUsage]()) })
        for a in Set(lines.map { Account(customerID: $0.customerID, period: $0.period) }) {
            for u in try records(db, customerID: a.customerID, period: a.period) {
                found[LineMonth(customerID: a.customerID, line: u.rated.line, period: a.period)]?.append(u)
            }
        }
        return found
    }

    public func usage(period: String) async throws -> [StoredUsage] {
        try await pool.read { db in
            Self.ordered(try Self.records(db, "SELECT pack, customer_id, period, body FROM usage_packs WHERE period = ?", [period]))
        }
    }

    public func usageCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT coalesce(sum(records), 0) FROM usage_packs") ?? 0 }
    }

    public func rerate(runID: String, changes: [(old: StoredUsage, new: StoredUsage)], at: Instant) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            var changed: [Int64: [String: StoredUsage]] = [:]
            for (_, new) in changes {
                guard let pack = try Int64.fetchOne(db, sql: "SELECT pack FROM usage_ids WHERE id = ?", arguments: [new.rated.id]) else {
                    throw StoreError.invalid(field: "record", reason: "usage record '\(new.rated.id)' is not stored")
                }
                changed[pack, default: [:]][new.rated.id] = new
            }
            for (pack, news) in changed {
                guard let p = try Row.fetchOne(db, sql: "SELECT pack, customer_id, period, body FROM usage_packs WHERE pack = ?", arguments: [pack]) else { continue }
                let body = UsagePack.encode(try Self.unpack(p).map { news[$0.rated.id] ?? $0 })
                try db.execute(sql: "UPDATE usage_packs SET body = ? WHERE pack = ?", arguments: [Data(body), pack])
            }
            for (old, new) in changes {
                try db.execute(sql: """
                    INSERT INTO usage_rerates (run_id, record_id, old_destination, new_destination, old_amount, new_amount, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, new.rated.id, old.rated.destination, new.rated.destination, old.rated.amount.units, new.rated.amount.units,
                                     at.description])
            }
            try Self.audit(db, context, at: at, changes.map { $0.new.rerateLine(runID) }, before: changes.map { $0.old.rerateLine(nil) })
        }
    }

    public func purgeUsage(before period: String, importsBefore: Instant, at: Instant) async throws -> UsagePurge {
        let context = AuditContext.current
        return try await pool.write { db in
            var purged = 0
            let forget = try db.cachedStatement(sql: "DELETE FROM usage_ids WHERE id = ?")
            let old = try Row.fetchCursor(db, sql: "SELECT pack, customer_id, period, body FROM usage_packs WHERE period < ?", arguments: [period])
            while let p = try old.next() {
                let rows = try Self.unpack(p)
                for u in rows { try forget.execute(arguments: [u.rated.id]) }
                purged += rows.count
            }
            try db.execute(sql: "DELETE FROM usage_packs WHERE period < ?", arguments: [period])
            try db.execute(sql: "DELETE FROM usage_heads WHERE period < ?", arguments: [period])
            // Records go only by this purge: the re-ratings left without their record are those of the purged months.
            try db.execute(sql: "DELETE FROM usage_rerates WHERE record_id NOT IN (SELECT id FROM usage_ids)")
            try db.execute(sql: "DELETE FROM usage_alerts WHERE period < ?", arguments: [period])
            let alerts = db.changesCount
            try db.execute(sql: "DELETE FROM usage_quarantine WHERE import_id IN (SELECT id FROM usage_imports WHERE started_at < ?)",
                           arguments: [importsBefore.description])
            let purge = UsagePurge(records: purged, alerts: alerts, quarantined: db.changesCount)
            try Self.audit(db, context, at: at, purge.auditLines)
            return purge
        }
    }
}

