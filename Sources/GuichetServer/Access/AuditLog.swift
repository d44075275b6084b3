import GuichetStore

/// The append-only audit log. Each entry is written by the store in the transaction of the change
/// it tells (see `AuditContext`): who, when, what was asked, what was written — history entries
/// (`stream#sequence type`, their stream's previous entry being the before) or table rows with the
/// values they replaced.
public struct AuditLog: Sendable {
    let store: any Store

    /// The latest entries first.
    public func entries(limit: Int = 200) async throws -> [AuditEntry] { try await store.auditEntries(limit: limit) }
}
