import Foundation
import GuichetCore
import PostgresNIO

extension PostgresStore {
    /// Appends the audit entry of a change inside the change's own transaction.
    func audit(_ conn: PostgresConnection, _ context: AuditContext?, at: Instant, _ changes: @autoclosure () -> [String],
               before: @autoclosure () -> [String]? = nil) async throws {
        guard let (e, entry) = try AuditContext.entry(context, at: at, changes: changes, before: before) else { return }
        let resources = AuditQuery.resources(entry.changes ?? [])
        // The entry and its index in one statement: one round trip, as before the index.
        try await conn.query("""
            WITH e AS (INSERT INTO events (stream, type, payload, recorded_at)
                       VALUES (\(e.stream), \(e.type), \(e.payload), \(e.recordedAt.description)) RETURNING sequence),
                 a AS (INSERT INTO audit_entries (sequence, at, actor, summary) SELECT sequence, \(entry.at.description), \(entry.actor), \(entry.summaryText) FROM e)
            INSERT INTO audit_resources (resource, sequence) SELECT r, e.sequence FROM e, unnest(\(resources)::text[]) AS r
            """, logger: logger)
    }

    /// An erasure that rewrote audit entries rewrites their actor and summary in the index too.
    func reindexActors(_ conn: PostgresConnection, _ rewrites: [Erasure]) async throws {
        for r in rewrites {
            guard let index = try AuditContext.index(ofEntry: r.payload) else { continue }
            try await conn.query("UPDATE audit_entries SET actor = \(index.actor), summary = \(index.summary) WHERE sequence = \(r.sequence)", logger: logger)
        }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> (entries: [AuditEntry], total: Int) {
        let s = query.statements { "$\($0)" }
        return try await run {
            var binds = PostgresBindings()
            for a in s.arguments { binds.append(a) }
            var total = 0
            for try await n in try await self.client.query(PostgresQuery(unsafeSQL: s.total, binds: binds), logger: self.logger).decode(Int.self) { total = n }
            binds.append(Int64(query.limit))
            binds.append(Int64(query.offset))
            var entries: [AuditEntry] = []
            for try await p in try await self.client.query(PostgresQuery(unsafeSQL: s.page, binds: binds), logger: self.logger).decode(String.self) {
                entries.append(try JSONDecoder().decode(AuditEntry.self, from: Data(p.utf8)))
            }
            return (entries, total)
        }
    }
}
