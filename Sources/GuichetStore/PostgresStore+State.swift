import GuichetCore
import PostgresNIO

extension PostgresStore {
    /// Upserts rows inside the caller's transaction, many rows a statement, the tables always in `StateTable.all`'s order:
    /// their statement triggers update shared `counters` rows, and two transactions taking them in different orders
    /// deadlock (the scheduler's executions, eight at a time, did).
    func write(_ conn: PostgresConnection, _ rows: [StateRow]) async throws {
        let byTable = Dictionary(grouping: rows, by: \.table.name)
        let order = StateTable.all.map(\.name)
        for name in byTable.keys.sorted(by: { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }) {
            let group = byTable[name]!
            let t = group[0].table
            let columns = [t.key] + t.columns + ["search", "body"]
            let update = (t.columns + ["search", "body"]).map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            // One row per key a statement (ON CONFLICT cannot touch a row twice), within the 65 535 binds.
            var pending = group[...]
            while !pending.isEmpty {
                var seen: Set<String> = [], chunk: [StateRow] = []
                while let r = pending.first, chunk.count < 1000, !seen.contains(r.key) { seen.insert(r.key); chunk.append(r); pending.removeFirst() }
                var binds = PostgresBindings(), tuples: [String] = []
                for r in chunk {
                    let first = binds.count
                    for v in [r.key] + r.ordered + [r.search, r.body] {
                        if let v { binds.append(v) } else { binds.appendNull() }
                    }
                    tuples.append("(" + (1...columns.count).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
                }
                try await conn.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO \(t.name) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))
                    ON CONFLICT (\(t.key)) DO UPDATE SET \(update)
                    """, binds: binds), logger: logger)
            }
        }
    }

    private static func select(_ table: StateTable) -> String {
        "SELECT \(([table.key] + table.columns + ["search", "body"]).joined(separator: ", ")) FROM \(table.name)"
    }

    private static func rows(_ table: StateTable, _ sequence: PostgresRowSequence) async throws -> [StateRow] {
        var result: [StateRow] = []
        for try await row in sequence {
            var values: [String: String] = [:]
            var cells = row.makeIterator()
            let key = try cells.next()!.decode(String.self)
            for c in table.columns { if let v = try cells.next()!.decode(String?.self) { values[c] = v } }
            let search = try cells.next()!.decode(String?.self) ?? ""
            let body = try cells.next()!.decode(String.self)
            result.append(StateRow(table: table, key: key, values: values, searchText: search, body: body))
        }
        return result
    }

    public func stateRow(_ table: StateTable, key: String) async throws -> StateRow? {
        try await run {
            var binds = PostgresBindings()
            binds.append(key)
            let q = PostgresQuery(unsafeSQL: Self.select(table) + " WHERE \(table.key) = $1", binds: binds)
            return try await Self.rows(table, try await self.client.query(q, logger: self.logger)).first
        }
    }

    public func statePage(_ table: StateTable, _ query: StateQuery) async throws -> StatePage {
        let (filter, arguments) = try query.filter(table, engine) { "$\($0)" }
        return try await run {
            var binds = PostgresBindings()
            for a in arguments { binds.append(a) }
            var total: Int?
            if query.totalWanted {
                let counting = query.total(table, (filter, arguments)) { "$\($0)" }
                var countBinds = PostgresBindings()
                for a in counting.arguments { countBinds.append(a) }
                for try await n in try await self.client.query(PostgresQuery(unsafeSQL: counting.sql, binds: countBinds), logger: self.logger).decode(Int.self) { total = n }
            }
            var page = binds
            page.append(query.limit.map(Int64.init) ?? Int64.max)
            page.append(Int64(query.offset))
            let sql = "SELECT body FROM \(table.name)\(filter) ORDER BY \(table.orderBy) LIMIT $\(arguments.count + 1) OFFSET $\(arguments.count + 2)"
            var bodies: [String] = []
            for try await b in try await self.client.query(PostgresQuery(unsafeSQL: sql, binds: page), logger: self.logger).decode(String.self) {
                bodies.append(b)
            }
            return StatePage(bodies: bodies, total: total ?? query.offset + bodies.count)
        }
    }

    public func stateRows(_ table: StateTable, where column: String, in values: [String]) async throws -> [StateRow] {
        try table.check(column)
        guard !values.isEmpty else { return [] }
        return try await run {
            var binds = PostgresBindings()
            binds.append(values)
            let q = PostgresQuery(unsafeSQL: Self.select(table) + " WHERE \(column) = ANY($1) ORDER BY \(table.key)", binds: binds)
            return try await Self.rows(table, try await self.client.query(q, logger: self.logger))
        }
    }

    public func stateRows(_ table: StateTable) async throws -> [StateRow] {
        try await run {
            try await Self.rows(table, try await self.client.query(PostgresQuery(unsafeSQL: Self.select(table) + " ORDER BY \(table.key)"),
                                                                   logger: self.logger))
        }
    }

    /// After a bulk import: fresh statistics, and the search index's pending entries merged into it — a GIN index takes
    /// an import's rows into an unsorted list that every search reads whole until autovacuum merges it, some time later.
    public func settle(_ table: StateTable) async throws {
        try await run {
            try await self.client.query(PostgresQuery(unsafeSQL: "ANALYZE \(table.name)"), logger: self.logger)
            // No row where pg_trgm was unavailable and the table has no search index (migration 12).
            try await self.client.query(PostgresQuery(unsafeSQL: """
                SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = '\(table.name)_search' AND c.relkind = 'i'
                """), logger: self.logger)
        }
    }

    public func counter(_ name: String) async throws -> Int64? {
        try await run {
            var value: Int64?
            for try await v in try await self.client.query("SELECT value FROM counters WHERE name = \(name)", logger: self.logger).decode(Int64.self) {
                value = v
            }
            return value
        }
    }

    public func removeCounter(_ name: String) async throws {
        try await run { try await self.client.query("DELETE FROM counters WHERE name = \(name)", logger: self.logger) }
    }

    public func nextValues(_ counter: String, count: Int) async throws -> ClosedRange<Int64> {
        precondition(count > 0)
        return try await run {
            var last = Int64(count)
            for try await v in try await self.client.query("""
                INSERT INTO counters (name, value) VALUES (\(counter), \(Int64(count)))
                ON CONFLICT (name) DO UPDATE SET value = counters.value + EXCLUDED.value RETURNING value
                """, logger: self.logger).decode(Int64.self) { last = v }
            return (last - Int64(count) + 1)...last
        }
    }

    public func rebuildState(_ table: StateTable, streamPrefix prefix: String,
                             rows fold: @Sendable (String, [StoredEvent]) throws -> [StateRow]) async throws -> Int {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                // Writers of the table wait; those that committed before are read below (a new snapshot per statement).
                try await conn.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(table.name) IN EXCLUSIVE MODE"), logger: self.logger)
                let events = try await Self.decode(try await conn.query("""
                    SELECT sequence, stream, type, payload, recorded_at FROM events WHERE stream LIKE \(Self.likePattern(prefix)) ESCAPE '\\' ORDER BY sequence
                    """, logger: self.logger))
                let rows = try StateTable.fold(events, fold)
                try await conn.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table.name)"), logger: self.logger)
                try await self.write(conn, rows)
                if table.sequence != nil {
                    try await conn.query("""
                        INSERT INTO counters (name, value) VALUES (\(table.counter), \(table.highest(rows)))
                        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
                        """, logger: self.logger)
                }
                try await self.audit(conn, context, at: SystemClock.now(), ["\(table.name) rebuilt from \(prefix)*: \(rows.count) rows"])
                return rows.count
            }
        }
    }
}
