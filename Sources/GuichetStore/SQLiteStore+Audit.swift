import Foundation
import GRDB
import GRDBSQLite
import GuichetCore

extension SQLiteStore {
    /// Appends the audit entry of a change inside the change's own transaction.
    static func audit(_ db: Database, _ context: AuditContext?, at: Instant, _ changes: @autoclosure () -> [String],
                      before: @autoclosure () -> [String]? = nil) throws {
        guard let (e, entry) = try AuditContext.entry(context, at: at, changes: changes, before: before) else { return }
        // The statement `append` binds through the C interface: bound the same way.
        let insert = try db.cachedStatement(sql: "INSERT INTO events (stream, type, payload, recorded_at) VALUES (?, ?, ?, ?)").sqliteStatement
        bind(insert, 1, e.stream); bind(insert, 2, e.type); bind(insert, 3, e.payload); bind(insert, 4, e.recordedAt.description)
        try step(db, insert)
        let sequence = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO audit_entries (sequence, at, actor, summary) VALUES (?, ?, ?, ?)")
            .execute(arguments: [sequence, entry.at.description, entry.actor, entry.summaryText])
        // Prepared once per connection: an import's batch names thousands of streams.
        let resource = try db.cachedStatement(sql: "INSERT INTO audit_resources (resource, sequence) VALUES (?, ?)").sqliteStatement
        for r in AuditQuery.resources(entry.changes ?? []) {
            bind(resource, 1, r)
            sqlite3_bind_int64(resource, 2, sequence)
            try step(db, resource)
        }
    }

    /// An erasure that rewrote audit entries rewrites their actor and summary in the index too.
    static func reindexActors(_ db: Database, _ rewrites: [Erasure]) throws {
        for r in rewrites {
            guard let index = try AuditContext.index(ofEntry: r.payload) else { continue }
            try db.execute(sql: "UPDATE audit_entries SET actor = ?, summary = ? WHERE sequence = ?", arguments: [index.actor, index.summary, r.sequence])
        }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> (entries: [AuditEntry], total: Int) {
        let s = query.statements { _ in "?" }
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: s.total, arguments: StatementArguments(s.arguments)) ?? 0
            let payloads = try String.fetchAll(db, sql: s.page, arguments: StatementArguments(s.arguments) + [query.limit, query.offset])
            return (try payloads.map { try JSONDecoder().decode(AuditEntry.self, from: Data($0.utf8)) }, total)
        }
    }
}
