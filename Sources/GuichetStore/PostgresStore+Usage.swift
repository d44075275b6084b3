import GuichetCore
import PostgresNIO

extension PostgresStore {
    public func beginImport(_ i: UsageImport) async throws {
        try await run {
            try await self.client.query("""
                INSERT INTO usage_imports (id, source, format, started_at, owner)
                VALUES (\(i.id), \(i.source), \(i.format), \(i.startedAt.description), \(i.owner))
                """, logger: self.logger)
        }
    }

    public func finishImport(_ i: UsageImport) async throws {
        let context = AuditContext.current
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                try await conn.query("""
                    UPDATE usage_imports SET finished_at = \(i.finishedAt?.description), read_count = \(i.read), rated_count = \(i.rated),
                        duplicate_count = \(i.duplicates), quarantined_count = \(i.quarantined) WHERE id = \(i.id)
                    """, logger: self.logger)
                try await self.audit(conn, context, at: i.finishedAt ?? i.startedAt, [i.auditLine])
            }
        }
    }

    public func imports(offset: Int, limit: Int?) async throws -> (imports: [UsageImport], total: Int) {
        try await run {
            let total = try await self.client.query("SELECT count(*)::BIGINT FROM usage_imports", logger: self.logger).collect().first?.decode(Int.self) ?? 0
            let rows = try await self.client.query("""
                SELECT id, source, format, started_at, finished_at, read_count, rated_count, duplicate_count, quarantined_count, owner
                FROM usage_imports ORDER BY started_at, id LIMIT \(limit) OFFSET \(offset)
                """, logger: self.logger)
            var result: [UsageImport] = []
            for try await (id, source, format, started, finished, read, rated, dup, quarantined, owner)
                in rows.decode((String, String, String, String, String?, Int, Int, Int, Int, String?).self) {
                var i = UsageImport(id: id, source: source, format: format, startedAt: try Instant(iso: started), owner: owner)
                i.finishedAt = try finished.map { try Instant(iso: $0) }
                i.read = read; i.rated = rated; i.duplicates = dup; i.quarantined = quarantined
                i.status = .of(finished: i.finishedAt != nil, owner: owner)
                result.append(i)
            }
            return (result, total)
        }
    }

    public func storeUsage(_ rows: [StoredUsage]) async throws -> [Bool] {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                var inserted: [Bool] = []
                for u in rows {
                    let r = u.rated
                    let result = try await conn.query("""
                        INSERT INTO usage_records (id, customer_id, line, period, kind, called, called_mobile, start_at, quantity, destination,
                            destination_name, amount, list_amount, included, connection, per_minute, allowance, source, import_id)
                        VALUES (\(r.id), \(u.customerID), \(r.line), \(u.period), \(r.kind.rawValue), \(r.called), \(u.calledLineIsMobile),
                            \(r.start.seconds), \(Int64(r.quantity)), \(r.destination), \(r.destinationName), \(r.amount.units), \(r.listAmount.units),
                            \(r.included), \(r.connection.units), \(r.perMinute.units), \(r.allowance), \(r.source), \(u.importID))
                        ON CONFLICT (id) DO NOTHING RETURNING 1
                        """, logger: self.logger)
                    var new = false
                    for try await _ in result { new = true }
                    inserted.append(new)
                }
                try await self.audit(conn, context, at: SystemClock.now(), StoredUsage.auditLines(rows, inserted))
                return inserted
            }
        }
    }

    private static let usageColumns = """
        id, customer_id, line, period, kind, called, called_mobile, start_at, quantity, destination, destination_name,
        amount, list_amount, included, connection, per_minute, allowance, source, import_id
        """

    private func fetchUsage(_ query: PostgresQuery) async throws -> [StoredUsage] {
        try await run {
            let rows = try await self.client.query(query, logger: self.logger)
            var result: [StoredUsage] = []
            for try await row in rows {
                let c = row.makeRandomAccess()
                let rated = RatedUsage(
                    id: try c[0].decode(String.self), line: try c[2].decode(String.self), kind: UsageKind(rawValue: try c[4].decode(String.self)) ?? .voice,
                    called: try c[5].decode(String.self), start: Instant(seconds: try c[7].decode(Int64.self)), quantity: Int(try c[8].decode(Int64.self)),
                    destination: try c[9].decode(String.self), destinationName: try c[10].decode(String.self),
                    amount: Money(units: try c[11].decode(Int64.self)), listAmount: Money(units: try c[12].decode(Int64.self)),
                    included: try c[13].decode(Bool.self), connection: Money(units: try c[14].decode(Int64.self)),
                    perMinute: Money(units: try c[15].decode(Int64.self)), allowance: try c[16].decode(String?.self), source: try c[17].decode(String.self))
                result.append(StoredUsage(rated: rated, customerID: try c[1].decode(String.self), period: try c[3].decode(String.self),
                                          calledLineIsMobile: try c[6].decode(Bool?.self), importID: try c[18].decode(String.self)))
            }
            return result
        }
    }

    public func usage(id: String) async throws -> StoredUsage? {
        try await fetchUsage("SELECT \(unescaped: Self.usageColumns) FROM usage_records WHERE id = \(id)").first
    }

    public func usage(customerID: String, period: String) async throws -> [StoredUsage] {
        try await fetchUsage("SELECT \(unescaped: Self.usageColumns) FROM usage_records WHERE customer_id = \(customerID) AND period = \(period) ORDER BY start_at, id")
    }

    public func usage(period: String) async throws -> [StoredUsage] {
        try await fetchUsage("SELECT \(unescaped: Self.usageColumns) FROM usage_records WHERE period = \(period) ORDER BY start_at, id")
    }

    public func usageCount() async throws -> Int {
        try await run {
            for try await n in try await self.client.query("SELECT count(*) FROM usage_records", logger: self.logger).decode(Int.self) { return n }
            return 0
        }
    }

    public func usage(lines: Set<LineMonth>) async throws -> [LineMonth: [StoredUsage]] {
        var found = Dictionary(uniqueKeysWithValues: lines.map { ($0, [StoredUsage]()) })
        let keys = Array(lines)
        for u in try await fetchUsage("""
            SELECT \(unescaped: Self.usageColumns) FROM usage_records
            WHERE (customer_id, line, period) IN (SELECT * FROM unnest(\(keys.map(\.customerID)), \(keys.map(\.line)), \(keys.map(\.period))))
            ORDER BY start_at, id
            """) {
            found[LineMonth(customerID: u.customerID, line: u.rated.line, period: u.period)]?.append(u)
        }
        return found
    }

    public func outOfBundleTotals(lines: Set<LineMonth>) async throws -> [LineMonth: Money] {
        let keys = Array(lines)
        return try await run {
            var totals = Dictionary(uniqueKeysWithValues: lines.map { ($0, Money.zero) })
            let rows = try await self.client.query("""
                SELECT customer_id, line, period, sum(amount)::BIGINT FROM usage_records
                WHERE (customer_id, line, period) IN (SELECT * FROM unnest(\(keys.map(\.customerID)), \(keys.map(\.line)), \(keys.map(\.period))))
                GROUP BY customer_id, line, period
                """, logger: self.logger)
            for try await (customer, line, period, units) in rows.decode((String, String, String, Int64).self) {
                totals[LineMonth(customerID: customer, line: line, period: period)] = Money(units: units)
            }
            return totals
        }
    }

    @discardableResult
    public func quarantine(_ rows: [QuarantinedRow]) async throws -> Int {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                var added = 0
                for q in rows {
                    let result = try await conn.query("""
                        INSERT INTO usage_quarantine (raw, format, import_id, line_number, field, reason, status)
                        VALUES (\(q.raw), \(q.format), \(q.importID), \(Int64(q.lineNumber)), \(q.field), \(q.reason), 'open')
                        ON CONFLICT (raw) DO NOTHING RETURNING 1
                        """, logger: self.logger)
                    for try await _ in result { added += 1 }
                }
                try await self.audit(conn, context, at: SystemClock.now(), QuarantinedRow.auditLines(rows, added: added))
                return added
            }
        }
    }

    public func quarantined(openOnly: Bool, offset: Int, limit: Int?) async throws -> (rows: [QuarantinedRow], total: Int) {
        try await run {
            let total = try await self.client.query("SELECT count(*)::BIGINT FROM usage_quarantine WHERE status = 'open' OR NOT \(openOnly)",
                                                    logger: self.logger).collect().first?.decode(Int.self) ?? 0
            let rows = try await self.client.query("""
                SELECT raw, format, import_id, line_number, field, reason, status, resolved_at FROM usage_quarantine
                WHERE status = 'open' OR NOT \(openOnly) ORDER BY import_id, line_number, raw LIMIT \(limit) OFFSET \(offset)
                """, logger: self.logger)
            var result: [QuarantinedRow] = []
            for try await (raw, format, importID, line, field, reason, status, resolved)
                in rows.decode((String, String, String, Int64, String, String, String, String?).self) {
                result.append(QuarantinedRow(raw: raw, format: format, importID: importID, lineNumber: Int(line), field: field, reason: reason,
                                             status: status, resolvedAt: try resolved.map { try Instant(iso: $0) }))
            }
            return (result, total)
        }
    }

    public func markReplayed(raw: [String], at: Instant) async throws {
        let context = AuditContext.current
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                for r in raw {
                    try await conn.query("UPDATE usage_quarantine SET status = 'replayed', resolved_at = \(at.description) WHERE raw = \(r)", logger: self.logger)
                }
                try await self.audit(conn, context, at: at, QuarantinedRow.replayedLines(raw), before: QuarantinedRow.openLines(raw))
            }
        }
    }

    public func updateReasons(_ rows: [QuarantinedRow]) async throws {
        let context = AuditContext.current
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                for q in rows {
                    try await conn.query("UPDATE usage_quarantine SET field = \(q.field), reason = \(q.reason) WHERE raw = \(q.raw) AND status = 'open'",
                                         logger: self.logger)
                }
                try await self.audit(conn, context, at: SystemClock.now(), QuarantinedRow.reasonLines(rows))
            }
        }
    }

    public func raise(_ alerts: [StoredAlert]) async throws -> [StoredAlert] {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                var new: [StoredAlert] = []
                for s in alerts {
                    let a = s.alert
                    let result = try await conn.query("""
                        INSERT INTO usage_alerts (id, customer_id, rule, line, period, record, value, limit_value, source, message, raised_at)
                        VALUES (\(a.id), \(s.customerID), \(a.rule), \(a.line), \(a.period), \(a.record), \(a.value), \(a.limit), \(a.source),
                            \(a.message), \(s.raisedAt.description)) ON CONFLICT (id) DO NOTHING RETURNING 1
                        """, logger: self.logger)
                    for try await _ in result { new.append(s) }
                }
                try await self.audit(conn, context, at: new.first?.raisedAt ?? SystemClock.now(), new.map(\.auditLine))
                return new
            }
        }
    }

    public func alerts(customerID: String?, latestFirst: Bool, offset: Int, limit: Int?) async throws -> (alerts: [StoredAlert], total: Int) {
        try await run {
            let total = try await self.client.query("SELECT count(*)::BIGINT FROM usage_alerts WHERE \(customerID)::text IS NULL OR customer_id = \(customerID)",
                                                    logger: self.logger).collect().first?.decode(Int.self) ?? 0
            var query = PostgresQuery(unsafeSQL: """
                SELECT customer_id, rule, line, period, record, value, limit_value, source, message, raised_at FROM usage_alerts
                WHERE $1::text IS NULL OR customer_id = $1 ORDER BY \(latestFirst ? "raised_at DESC, id DESC" : "raised_at, id") LIMIT $2 OFFSET $3
                """)
            query.binds.append(customerID)
            query.binds.append(limit)
            query.binds.append(offset)
            let rows = try await self.client.query(query, logger: self.logger)
            var result: [StoredAlert] = []
            for try await (customer, rule, line, period, record, value, limit, source, message, raised)
                in rows.decode((String, String, String, String, String?, String, String, String, String, String).self) {
                result.append(StoredAlert(alert: UsageAlert(rule: rule, line: line, period: period, record: record, value: value, limit: limit,
                                                            source: source, message: message),
                                          customerID: customer, raisedAt: try Instant(iso: raised)))
            }
            return (result, total)
        }
    }

    public func rerate(runID: String, changes: [(old: StoredUsage, new: StoredUsage)], at: Instant) async throws {
        let context = AuditContext.current
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                for (old, new) in changes {
                    let r = new.rated
                    try await conn.query("""
                        UPDATE usage_records SET destination = \(r.destination), destination_name = \(r.destinationName), amount = \(r.amount.units),
                            list_amount = \(r.listAmount.units), included = \(r.included), connection = \(r.connection.units),
                            per_minute = \(r.perMinute.units), allowance = \(r.allowance), source = \(r.source) WHERE id = \(r.id)
                        """, logger: self.logger)
                    try await conn.query("""
                        INSERT INTO usage_rerates (run_id, record_id, old_destination, new_destination, old_amount, new_amount, at)
                        VALUES (\(runID), \(r.id), \(old.rated.destination), \(r.destination), \(old.rated.amount.units), \(r.amount.units), \(at.description))
                        """, logger: self.logger)
                }
                try await self.audit(conn, context, at: at, changes.map { $0.new.rerateLine(runID) }, before: changes.map { $0.old.rerateLine(nil) })
            }
        }
    }
}

extension PostgresStore {
    public func purgeUsage(before period: String, importsBefore: Instant, at: Instant) async throws -> UsagePurge {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                func count(_ query: PostgresQuery) async throws -> Int {
                    var n = 0
                    for try await c in try await conn.query(query, logger: self.logger).decode(Int.self) { n = c }
                    return n
                }
                try await conn.query("DELETE FROM usage_rerates WHERE record_id IN (SELECT id FROM usage_records WHERE period < \(period))", logger: self.logger)
                let records = try await count("WITH d AS (DELETE FROM usage_records WHERE period < \(period) RETURNING 1) SELECT count(*) FROM d")
                let alerts = try await count("WITH d AS (DELETE FROM usage_alerts WHERE period < \(period) RETURNING 1) SELECT count(*) FROM d")
                let quarantined = try await count("""
                    WITH d AS (DELETE FROM usage_quarantine WHERE import_id IN (SELECT id FROM usage_imports WHERE started_at < \(importsBefore.description))
                    RETURNING 1) SELECT count(*) FROM d
                    """)
                let purge = UsagePurge(records: records, alerts: alerts, quarantined: quarantined)
                try await self.audit(conn, context, at: at, purge.auditLines)
                return purge
            }
        }
    }
}
