import GRDB
import GuichetCore

extension SQLiteStore {
    /// Appends the audit entry of a change inside the change's own transaction.
    static func audit(_ db: Database, _ context: AuditContext?, at: Instant, _ changes: @autoclosure () -> [String],
                      before: @autoclosure () -> [String]? = nil) throws {
        guard let e = try AuditContext.entry(context, at: at, changes: changes, before: before) else { return }
        try db.execute(sql: "INSERT INTO events (stream, type, payload, recorded_at) VALUES (?, ?, ?, ?)",
                       arguments: [e.stream, e.type, e.payload, e.recordedAt.description])
    }
}
