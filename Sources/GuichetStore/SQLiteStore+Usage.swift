import Foundation
import GRDB
import GRDBSQLite
import GuichetCore

extension SQLiteStore {
    public func beginImport(_ i: UsageImport) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO usage_imports (id, source, format, started_at) VALUES (?, ?, ?, ?)",
                           arguments: [i.id, i.source, i.format, i.startedAt.description])
        }
    }

    public func finishImport(_ i: UsageImport) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE usage_imports SET finished_at = ?, read_count = ?, rated_count = ?, duplicate_count = ?, quarantined_count = ? WHERE id = ?
                """, arguments: [i.finishedAt?.description, i.read, i.rated, i.duplicates, i.quarantined, i.id])
            try Self.audit(db, context, at: i.finishedAt ?? i.startedAt, [i.auditLine])
        }
    }

    public func imports() async throws -> [UsageImport] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM usage_imports ORDER BY started_at, id").map { row in
                var i = UsageImport(id: row["id"], source: row["source"], format: row["format"], startedAt: try Instant(iso: row["started_at"]))
                i.finishedAt = try (row["finished_at"] as String?).map { try Instant(iso: $0) }
                i.read = row["read_count"]; i.rated = row["rated_count"]; i.duplicates = row["duplicate_count"]; i.quarantined = row["quarantined_count"]
                return i
            }
        }
    }

    public func storeUsage(_ rows: [StoredUsage]) async throws -> [Bool] {
        let context = AuditContext.current
        return try await pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO usage_records (id, customer_id, line, period, kind, called, called_mobile, start_at, quantity, destination,
                    destination_name, amount, list_amount, included, connection, per_minute, allowance, source, import_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                """)
            // Bound through SQLite's C interface: GRDB's generic arguments box every value, which
            // cost more than the insert itself on bulk imports.
            let s = insert.sqliteStatement
            var inserted: [Bool] = []
            inserted.reserveCapacity(rows.count)
            for u in rows {
                let r = u.rated
                Self.bind(s, 1, r.id); Self.bind(s, 2, u.customerID); Self.bind(s, 3, r.line); Self.bind(s, 4, u.period)
                Self.bind(s, 5, r.kind.rawValue); Self.bind(s, 6, r.called)
                if let m = u.calledLineIsMobile { sqlite3_bind_int64(s, 7, m ? 1 : 0) } else { sqlite3_bind_null(s, 7) }
                sqlite3_bind_int64(s, 8, r.start.seconds); sqlite3_bind_int64(s, 9, Int64(r.quantity))
                Self.bind(s, 10, r.destination); Self.bind(s, 11, r.destinationName)
                sqlite3_bind_int64(s, 12, r.amount.units); sqlite3_bind_int64(s, 13, r.listAmount.units); sqlite3_bind_int64(s, 14, r.included ? 1 : 0)
                sqlite3_bind_int64(s, 15, r.connection.units); sqlite3_bind_int64(s, 16, r.perMinute.units)
                if let a = r.allowance { Self.bind(s, 17, a) } else { sqlite3_bind_null(s, 17) }
                Self.bind(s, 18, r.source); Self.bind(s, 19, u.importID)
                let code = sqlite3_step(s)
                sqlite3_reset(s)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                inserted.append(sqlite3_changes(db.sqliteConnection) == 1)
            }
            try Self.audit(db, context, at: SystemClock.now(), StoredUsage.auditLines(rows, inserted))
            return inserted
        }
    }

    private static func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            // SQLITE_TRANSIENT: SQLite copies the bytes before the buffer goes away.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            if let base = bytes.baseAddress {
                _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
            } else {
                _ = sqlite3_bind_text(statement, index, "", 0, transient)
            }
        }
    }

    static let usageColumns = """
        id, customer_id, line, period, kind, called, called_mobile, start_at, quantity, destination, destination_name,
        amount, list_amount, included, connection, per_minute, allowance, source, import_id
        """

    static func decodeUsage(_ row: Row) -> StoredUsage {
        let rated = RatedUsage(id: row["id"], line: row["line"], kind: UsageKind(rawValue: row["kind"]) ?? .voice, called: row["called"],
                               start: Instant(seconds: row["start_at"]), quantity: row["quantity"], destination: row["destination"],
                               destinationName: row["destination_name"], amount: Money(units: row["amount"]), listAmount: Money(units: row["list_amount"]),
                               included: row["included"], connection: Money(units: row["connection"]), perMinute: Money(units: row["per_minute"]),
                               allowance: row["allowance"], source: row["source"])
        return StoredUsage(rated: rated, customerID: row["customer_id"], period: row["period"], calledLineIsMobile: row["called_mobile"], importID: row["import_id"])
    }

    public func usage(id: String) async throws -> StoredUsage? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.usageColumns) FROM usage_records WHERE id = ?", arguments: [id]).map(Self.decodeUsage)
        }
    }

    public func usage(customerID: String, period: String) async throws -> [StoredUsage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.usageColumns) FROM usage_records WHERE customer_id = ? AND period = ? ORDER BY start_at, id",
                             arguments: [customerID, period]).map(Self.decodeUsage)
        }
    }

    public func usage(period: String) async throws -> [StoredUsage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.usageColumns) FROM usage_records WHERE period = ? ORDER BY start_at, id",
                             arguments: [period]).map(Self.decodeUsage)
        }
    }

    public func usageCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_records") ?? 0 }
    }

    public func outOfBundleTotals(customerID: String, line: String, periods: [String]) async throws -> [Money] {
        try await pool.read { db in
            try periods.map { p in
                Money(units: try Int64.fetchOne(db, sql: "SELECT coalesce(sum(amount), 0) FROM usage_records WHERE customer_id = ? AND period = ? AND line = ?",
                                                arguments: [customerID, p, line]) ?? 0)
            }
        }
    }

    @discardableResult
    public func quarantine(_ rows: [QuarantinedRow]) async throws -> Int {
        let context = AuditContext.current
        return try await pool.write { db in
            var added = 0
            for q in rows {
                try db.execute(sql: """
                    INSERT INTO usage_quarantine (raw, format, import_id, line_number, field, reason, status) VALUES (?, ?, ?, ?, ?, ?, 'open')
                    ON CONFLICT (raw) DO NOTHING
                    """, arguments: [q.raw, q.format, q.importID, q.lineNumber, q.field, q.reason])
                added += db.changesCount
            }
            try Self.audit(db, context, at: SystemClock.now(), QuarantinedRow.auditLines(rows, added: added))
            return added
        }
    }

    public func quarantined(openOnly: Bool) async throws -> [QuarantinedRow] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM usage_quarantine \(openOnly ? "WHERE status = 'open'" : "") ORDER BY import_id, line_number, raw").map { row in
                QuarantinedRow(raw: row["raw"], format: row["format"], importID: row["import_id"], lineNumber: row["line_number"], field: row["field"],
                               reason: row["reason"], status: row["status"], resolvedAt: try (row["resolved_at"] as String?).map { try Instant(iso: $0) })
            }
        }
    }

    public func markReplayed(raw: [String], at: Instant) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            for r in raw {
                try db.execute(sql: "UPDATE usage_quarantine SET status = 'replayed', resolved_at = ? WHERE raw = ?", arguments: [at.description, r])
            }
            try Self.audit(db, context, at: at, QuarantinedRow.replayedLines(raw), before: QuarantinedRow.openLines(raw))
        }
    }

    public func updateReasons(_ rows: [QuarantinedRow]) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            for q in rows {
                try db.execute(sql: "UPDATE usage_quarantine SET field = ?, reason = ? WHERE raw = ? AND status = 'open'", arguments: [q.field, q.reason, q.raw])
            }
            try Self.audit(db, context, at: SystemClock.now(), QuarantinedRow.reasonLines(rows))
        }
    }

    public func raise(_ alerts: [StoredAlert]) async throws -> [StoredAlert] {
        let context = AuditContext.current
        return try await pool.write { db in
            var new: [StoredAlert] = []
            for s in alerts {
                let a = s.alert
                try db.execute(sql: """
                    INSERT INTO usage_alerts (id, customer_id, rule, line, period, record, value, limit_value, source, message, raised_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                    """, arguments: [a.id, s.customerID, a.rule, a.line, a.period, a.record, a.value, a.limit, a.source, a.message, s.raisedAt.description])
                if db.changesCount == 1 { new.append(s) }
            }
            try Self.audit(db, context, at: new.first?.raisedAt ?? SystemClock.now(), new.map(\.auditLine))
            return new
        }
    }

    public func alerts(customerID: String?) async throws -> [StoredAlert] {
        try await pool.read { db in
            let filter = customerID == nil ? "" : "WHERE customer_id = ?"
            return try Row.fetchAll(db, sql: "SELECT * FROM usage_alerts \(filter) ORDER BY raised_at, id", arguments: StatementArguments(customerID.map { [$0] } ?? [])).map { row in
                StoredAlert(alert: UsageAlert(rule: row["rule"], line: row["line"], period: row["period"], record: row["record"], value: row["value"],
                                              limit: row["limit_value"], source: row["source"], message: row["message"]),
                            customerID: row["customer_id"], raisedAt: try Instant(iso: row["raised_at"]))
            }
        }
    }

    public func rerate(runID: String, changes: [(old: StoredUsage, new: StoredUsage)], at: Instant) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            for (old, new) in changes {
                let r = new.rated
                try db.execute(sql: """
                    UPDATE usage_records SET destination = ?, destination_name = ?, amount = ?, list_amount = ?, included = ?, connection = ?,
                        per_minute = ?, allowance = ?, source = ? WHERE id = ?
                    """, arguments: [r.destination, r.destinationName, r.amount.units, r.listAmount.units, r.included, r.connection.units,
                                     r.perMinute.units, r.allowance, r.source, r.id])
                try db.execute(sql: """
                    INSERT INTO usage_rerates (run_id, record_id, old_destination, new_destination, old_amount, new_amount, at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, r.id, old.rated.destination, r.destination, old.rated.amount.units, r.amount.units, at.description])
            }
            try Self.audit(db, context, at: at, changes.map { $0.new.rerateLine(runID) }, before: changes.map { $0.old.rerateLine(nil) })
        }
    }
}

extension SQLiteStore {
    public func purgeUsage(before period: String, importsBefore: Instant, at: Instant) async throws -> UsagePurge {
        let context = AuditContext.current
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM usage_rerates WHERE record_id IN (SELECT id FROM usage_records WHERE period < ?)", arguments: [period])
            try db.execute(sql: "DELETE FROM usage_records WHERE period < ?", arguments: [period])
            let records = db.changesCount
            try db.execute(sql: "DELETE FROM usage_alerts WHERE period < ?", arguments: [period])
            let alerts = db.changesCount
            try db.execute(sql: "DELETE FROM usage_quarantine WHERE import_id IN (SELECT id FROM usage_imports WHERE started_at < ?)",
                           arguments: [importsBefore.description])
            let purge = UsagePurge(records: records, alerts: alerts, quarantined: db.changesCount)
            try Self.audit(db, context, at: at, purge.auditLines)
            return purge
        }
    }
}
