import GRDB
import GRDBSQLite
import GuichetCore

extension SQLiteStore {
    /// Writes rows inside the caller's transaction. A table's new rows are added to its search index and row count
    /// together once they are written (migration 16): through a trigger, row by row, FTS5 cost three times the rest
    /// of the write (D-SCALE-8). A row already there keeps its rowid and is updated in the columns whose value changed
    /// only: SQLite rewrites an index of every column a statement sets, changed or not, and a contract's upsert rewrote
    /// its ten indexes' pages for a change of state (D-RUN-24); the update triggers follow the search text and counts.
    static func write(_ db: Database, _ rows: [StateRow]) throws {
        // One statement per table for the whole call: building and hashing its SQL per row cost more than the insert.
        var statements: [String: (find: SQLiteStatement, insert: SQLiteStatement)] = [:]
        var inserted: [(table: StateTable, lastRowID: Int64, count: Int)] = []
        for row in rows {
            let t = row.table
            let s = try statements[t.name] ?? {
                let columns = [t.key] + t.columns + ["search", "body"]
                let s = (find: try db.cachedStatement(sql: "SELECT rowid, \((t.columns + ["search"]).joined(separator: ", ")) FROM \(t.name) WHERE \(t.key) = ?")
                            .sqliteStatement,
                         insert: try db.cachedStatement(sql: """
                            INSERT INTO \(t.name) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
                            """).sqliteStatement)
                statements[t.name] = s
                return s
            }()
            bind(s.find, 1, row.key)
            let found = sqlite3_step(s.find)
            guard found == SQLITE_ROW || found == SQLITE_DONE else { sqlite3_reset(s.find); throw error(db, found) }
            if found == SQLITE_ROW {
                let rowid = sqlite3_column_int64(s.find, 0)
                let new = row.ordered + [row.search]
                let changed = new.indices.filter { !same(s.find, Int32($0 + 1), new[$0]) }
                let unsearched = sqlite3_column_bytes(s.find, Int32(new.count)) == 0
                sqlite3_reset(s.find)
                let names = changed.map { (t.columns + ["search"])[$0] } + ["body"]
                let update = try db.cachedStatement(sql: "UPDATE \(t.name) SET \(names.map { "\($0) = ?" }.joined(separator: ", ")) WHERE rowid = ?")
                    .sqliteStatement
                for (i, c) in changed.enumerated() { bind(update, Int32(i + 1), new[c]) }
                bind(update, Int32(changed.count + 1), row.body)
                sqlite3_bind_int64(update, Int32(changed.count + 2), rowid)
                try step(db, update)
                // A row written without search text may not be in the search index, which its update trigger then misses;
                // one inserted by this call is indexed with the others below.
                let insertedHere = inserted.contains { $0.table.name == t.name && rowid > $0.lastRowID }
                if unsearched, !insertedHere, changed.last == new.count - 1 {
                    try db.cachedStatement(sql: "DELETE FROM \(t.name)_search WHERE rowid = ?").execute(arguments: [rowid])
                    try db.cachedStatement(sql: "INSERT INTO \(t.name)_search (rowid, search) VALUES (?, ?)").execute(arguments: [rowid, row.search])
                }
                continue
            }
            sqlite3_reset(s.find)
            if let i = inserted.firstIndex(where: { $0.table.name == t.name }) {
                inserted[i].count += 1
            } else {
                inserted.append((t, try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(rowid) FROM \(t.name)")) ?? 0, 1))
            }
            bind(s.insert, 1, row.key)
            for (i, column) in t.columns.enumerated() { bind(s.insert, Int32(i + 2), row.values[column]) }
            bind(s.insert, Int32(t.columns.count + 2), row.search)
            bind(s.insert, Int32(t.columns.count + 3), row.body)
            try step(db, s.insert)
        }
        for (t, last, added) in inserted {
            // Prepared once per connection, like the inserts: a single write (an order, a transition) runs these every time.
            // A row without search text (an obligation) has nothing to find: not indexed (D-RUN-24).
            try db.cachedStatement(sql: "INSERT INTO \(t.name)_search (rowid, search) SELECT rowid, search FROM \(t.name) WHERE rowid > ? AND search <> ''")
                .execute(arguments: [last])
            try db.cachedStatement(sql: "UPDATE counters SET value = value + ? WHERE name = ?").execute(arguments: [added, t.rowCounter])
            // NOT INDEXED: the new rows by rowid, not the column's whole index read in order for its GROUP BY.
            for c in t.counted {
                try db.cachedStatement(sql: """
                    INSERT INTO counters (name, value) SELECT '\(t.name).\(c)=' || \(c), count(*) FROM \(t.name) NOT INDEXED WHERE rowid > ? AND \(c) IS NOT NULL
                    GROUP BY \(c) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
                    """).execute(arguments: [last])
            }
        }
    }

    /// Whether a text column of the current row holds `value` (NULL for nil), byte for byte: Swift's `==` takes two
    /// spellings of "é" as one, which the column would then keep.
    private static func same(_ statement: SQLiteStatement, _ column: Int32, _ value: String?) -> Bool {
        guard let bytes = sqlite3_column_text(statement, column) else { return value == nil }
        guard let value else { return false }
        let stored = UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column)))
        return value.utf8.elementsEqual(stored)
    }

    private static func row(_ table: StateTable, _ r: Row) -> StateRow {
        var values: [String: String] = [:]
        for c in table.columns { if let v: String = r[c] { values[c] = v } }
        return StateRow(table: table, key: r[table.key], values: values, searchText: r["search"] ?? "", body: r["body"])
    }

    private static func select(_ table: StateTable) -> String {
        "SELECT \(([table.key] + table.columns + ["search", "body"]).joined(separator: ", ")) FROM \(table.name)"
    }

    public func stateRow(_ table: StateTable, key: String) async throws -> StateRow? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: Self.select(table) + " WHERE \(table.key) = ?"), arguments: [key]).map { Self.row(table, $0) }
        }
    }

    public func statePage(_ table: StateTable, _ query: StateQuery) async throws -> StatePage {
        let (filter, arguments) = try query.filter(table, engine) { _ in "?" }
        let counting = query.total(table, (filter, arguments)) { _ in "?" }
        return try await pool.read { db in
            // Cached: a list's statement differs only by which filters it has, and the scheduler and transitions run the same ones.
            let bodies = try String.fetchAll(db.cachedStatement(sql: "SELECT body FROM \(table.name)\(filter) ORDER BY \(table.orderBy) LIMIT ? OFFSET ?"),
                                             arguments: StatementArguments(arguments) + [query.limit ?? -1, query.offset])
            guard query.totalWanted else { return StatePage(bodies: bodies, total: query.offset + bodies.count) }
            let total = try Int.fetchOne(db.cachedStatement(sql: counting.sql), arguments: StatementArguments(counting.arguments)) ?? 0
            return StatePage(bodies: bodies, total: total)
        }
    }

    public func stateRows(_ table: StateTable, where column: String, in values: [String]) async throws -> [StateRow] {
        try table.check(column)
        return try await pool.read { db in
            var found: [StateRow] = []
            // SQLite allows 32 766 arguments a statement.
            for start in stride(from: 0, to: values.count, by: 500) {
                let chunk = Array(values[start..<min(values.count, start + 500)])
                let sql = Self.select(table) + " WHERE \(column) IN (\(chunk.map { _ in "?" }.joined(separator: ", "))) ORDER BY \(table.key)"
                found += try Row.fetchAll(db, sql: sql, arguments: StatementArguments(chunk)).map { Self.row(table, $0) }
            }
            return found
        }
    }

    public func stateRows(_ table: StateTable) async throws -> [StateRow] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.select(table) + " ORDER BY \(table.key)").map { Self.row(table, $0) }
        }
    }

    public func settle(_ table: StateTable) async throws {
        try await pool.write { db in try db.execute(sql: "INSERT INTO \(table.name)_search (\(table.name)_search) VALUES ('optimize')") }
    }

    public func counter(_ name: String) async throws -> Int64? {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE name = ?", arguments: [name]) }
    }

    public func removeCounter(_ name: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM counters WHERE name = ?", arguments: [name]) }
    }

    public func nextValues(_ counter: String, count: Int) async throws -> ClosedRange<Int64> {
        precondition(count > 0)
        return try await pool.write { db in try Self.take(db, counter, count) }
    }

    static func take(_ db: Database, _ counter: String, _ count: Int) throws -> ClosedRange<Int64> {
        let last = try Int64.fetchOne(db, sql: """
            INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value
            RETURNING value
            """, arguments: [counter, count]) ?? Int64(count)
        return (last - Int64(count) + 1)...last
    }

    public func rebuildState(_ table: StateTable, streamPrefix prefix: String,
                             rows fold: @Sendable (String, [StoredEvent]) throws -> [StateRow]) async throws -> Int {
        let context = AuditContext.current
        return try await pool.write { db in
            let events = try Row.fetchAll(db, sql: """
                SELECT sequence, stream, type, payload, recorded_at FROM events WHERE stream LIKE ? ESCAPE '\\' ORDER BY sequence
                """, arguments: [Self.likePattern(prefix)]).map(Self.decode)
            let rows = try StateTable.fold(events, fold)
            try db.execute(sql: "DELETE FROM \(table.name)")
            try Self.write(db, rows)
            if table.sequence != nil {
                try db.execute(sql: "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                               arguments: [table.counter, table.highest(rows)])
            }
            try Self.audit(db, context, at: SystemClock.now(), ["\(table.name) rebuilt from \(prefix)*: \(rows.count) rows"])
            return rows.count
        }
    }
}
