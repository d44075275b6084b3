import Foundation
import GRDB
import GuichetCore

extension SQLiteStore {
    public func beginImport(_ i: UsageImport) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO usage_imports (id, source, format, started_at, owner) VALUES (?, ?, ?, ?, ?)",
                           arguments: [i.id, i.source, i.format, i.startedAt.description, i.owner])
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

    public func imports(offset: Int, limit: Int?) async throws -> (imports: [UsageImport], total: Int) {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_imports") ?? 0
            return (try Row.fetchAll(db, sql: "SELECT * FROM usage_imports ORDER BY started_at, id LIMIT ? OFFSET ?", arguments: [limit ?? -1, offset]).map { row in
                var i = UsageImport(id: row["id"], source: row["source"], format: row["format"], startedAt: try Instant(iso: row["started_at"]))
                i.finishedAt = try (row["finished_at"] as String?).map { try Instant(iso: $0) }
                i.read = row["read_count"]; i.rated = row["rated_count"]; i.duplicates = row["duplicate_count"]; i.quarantined = row["quarantined_count"]
                i.owner = row["owner"]; i.status = .of(finished: i.finishedAt != nil, owner: i.owner)
                return i
            }, total)
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

    public func quarantined(openOnly: Bool, offset: Int, limit: Int?) async throws -> (rows: [QuarantinedRow], total: Int) {
        try await pool.read { db in
            let filter = openOnly ? "WHERE status = 'open'" : ""
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_quarantine \(filter)") ?? 0
            return (try Row.fetchAll(db, sql: "SELECT * FROM usage_quarantine \(filter) ORDER BY import_id, line_number, raw LIMIT ? OFFSET ?",
                                     arguments: [limit ?? -1, offset]).map { row in
                QuarantinedRow(raw: row["raw"], format: row["format"], importID: row["import_id"], lineNumber: row["line_number"], field: row["field"],
                               reason: row["reason"], status: row["status"], resolvedAt: try (row["resolved_at"] as String?).map { try Instant(iso: $0) })
            }, total)
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

    public func alerts(customerID: String?, latestFirst: Bool, offset: Int, limit: Int?) async throws -> (alerts: [StoredAlert], total: Int) {
        try await pool.read { db in
            let filter = customerID == nil ? "" : "WHERE customer_id = ?"
            let arguments = StatementArguments(customerID.map { [$0] } ?? [])
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_alerts \(filter)", arguments: arguments) ?? 0
            let order = latestFirst ? "raised_at DESC, id DESC" : "raised_at, id"
            let alerts = try Row.fetchAll(db, sql: "SELECT * FROM usage_alerts \(filter) ORDER BY \(order) LIMIT ? OFFSET ?",
                                          arguments: arguments + [limit ?? -1, offset]).map { row in
                StoredAlert(alert: UsageAlert(rule: row["rule"], line: row["line"], period: row["period"], record: row["record"], value: row["value"],
                                              limit: row["limit_value"], source: row["source"], message: row["message"]),
                            customerID: row["customer_id"], raisedAt: try Instant(iso: row["raised_at"]))
            }
            return (alerts, total)
        }
    }
}
