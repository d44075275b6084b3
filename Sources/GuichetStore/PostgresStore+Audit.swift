import GuichetCore
import PostgresNIO

extension PostgresStore {
    /// Appends the audit entry of a change inside the change's own transaction.
    func audit(_ conn: PostgresConnection, _ context: AuditContext?, at: Instant, _ changes: @autoclosure () -> [String],
               before: @autoclosure () -> [String]? = nil) async throws {
        guard let e = try AuditContext.entry(context, at: at, changes: changes, before: before) else { return }
        try await conn.query("""
            INSERT INTO events (stream, type, payload, recorded_at) VALUES (\(e.stream), \(e.type), \(e.payload), \(e.recordedAt.description))
            """, logger: logger)
    }
}
