import GRDB

/// Storage failures, each with one line that names what is wrong.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case badLocation(String)
    case cannotOpen(location: String, reason: String)
    case notADatabase(path: String, reason: String)
    case cannotConnect(location: String, reason: String)
    case migrationFailed(version: Int, name: String, reason: String)
    case newerSchema(found: Int, known: Int)
    case idempotencyConflict(scope: String, key: String)
    case invalid(field: String, reason: String)
    case backend(String)
    /// The database's disk (or its quota) is full: the transaction was rolled back, nothing stored.
    case storageFull(String)

    public var description: String {
        switch self {
        case .badLocation(let t): "database location '\(t)' is neither a SQLite file path nor a postgres:// URL"
        case .cannotOpen(let l, let r): "cannot open SQLite database \(l): \(r)"
        case .notADatabase(let p, let r): "\(p) is not a usable SQLite database (\(r)); the file was left untouched"
        case .cannotConnect(let l, let r): "cannot connect to PostgreSQL at \(l): \(r)"
        case .migrationFailed(let v, let n, let r): "migration \(v) (\(n)) failed and was rolled back: \(r)"
        case .newerSchema(let f, let k): "the database schema is at version \(f), newer than this Guichet knows (\(k)); upgrade Guichet"
        case .idempotencyConflict(let s, let k): "idempotency key '\(k)' (\(s)) was already used for a different request"
        case .invalid(let f, let r): "\(f): \(r)"
        case .backend(let m): m
        case .storageFull(let m): "the database's storage is full, nothing was stored: \(m)"
        }
    }
}

extension StoreError {
    /// Whether an error out of either engine says its storage is full: SQLite's SQLITE_FULL
    /// (a full disk, or `max_page_count` reached), PostgreSQL's class 53 "insufficient resources" disk_full.
    public static func isStorageFull(_ error: any Error) -> Bool {
        if case .storageFull = error as? StoreError { return true }
        if let e = error as? DatabaseError { return e.resultCode == .SQLITE_FULL }
        return false
    }
}
