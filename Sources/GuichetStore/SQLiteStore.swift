import Foundation
import GRDB
import GRDBSQLite
import GuichetCore

/// The embedded default: one SQLite file in WAL mode, through GRDB.
public final class SQLiteStore: Store {
    public let engine = StoreEngine.sqlite
    public let location: String
    let pool: DatabasePool
    let appends: GroupCommit

    /// Opens (creating when absent) the database at `path`. A missing folder, a folder in
    /// place of the file, or a file that is not a SQLite database is refused with a clear
    /// error, and the file is never written to in that case.
    public init(path: String) throws(StoreError) {
        location = path
        var isDirectory: ObjCBool = false
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw .cannotOpen(location: path, reason: "folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotOpen(location: path, reason: "it is a folder, not a file")
        }
        if let problem = SQLiteStore.headerProblem(path) { throw .notADatabase(path: path, reason: problem) }
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // 16 MiB of page cache (the default is 2 MiB): bulk usage imports otherwise re-read the
            // usage tables' pages from disk for every few rows. 64 MiB (while packs were indexed per
            // account) cost 50 MB of a 2 000-line import's peak memory for no speed now (D-RAT-8).
            try db.execute(sql: "PRAGMA cache_size = -16384")
            // A checkpoint every 64 MiB of WAL rather than 4 MiB: a migration import's batch of 5 000 rows wrote ~20 MiB,
            // checkpointed five times over in its own commit (D-SCALE-12). Statement journals (an upsert, the search index's
            // bulk insert) in memory, not in temporary files written a page at a time.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            appends = GroupCommit(pool: pool)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw .notADatabase(path: path, reason: error.message ?? "\(error.resultCode)")
        } catch let error as DatabaseError {
            throw .cannotOpen(location: path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw .cannotOpen(location: path, reason: "\(error)")
        }
    }

    /// A non-empty file must start with SQLite's 16-byte magic header; checked before SQLite
    /// opens it, so that nothing (not even a WAL file) is created beside a foreign file.
    static func headerProblem(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return nil }
        return head == Data("SQLite format 3\0".utf8) ? nil : "file is not a database: its header is not SQLite's"
    }

    @discardableResult
    public func migrate() async throws -> [AppliedMigration] {
        try await pool.write { db in try db.execute(sql: Migrations.createLedger) }
        let done = Set(try await appliedMigrations().map(\.version))
        if let newest = done.max(), newest > Migrations.latest { throw StoreError.newerSchema(found: newest, known: Migrations.latest) }
        var applied: [AppliedMigration] = []
        for m in Migrations.all where !done.contains(m.version) {
            do {
                try await pool.write { db in
                    for statement in m.sqlite { try db.execute(sql: statement) }
                    try Self.dataSteps[m.version]?(db)
                    try db.execute(sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                   arguments: [m.version, m.name, Migrations.appliedAtNow()])
                }
            } catch {
                throw StoreError.migrationFailed(version: m.version, name: m.name, reason: "\(error)")
            }
            applied.append(AppliedMigration(version: m.version, name: m.name))
        }
        return applied
    }

    public func appliedMigrations() async throws -> [AppliedMigration] {
        try await pool.read { db in
            guard try db.tableExists("schema_migrations") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT version, name FROM schema_migrations ORDER BY version").map {
                AppliedMigration(version: $0["version"], name: $0["name"])
            }
        }
    }

    public func ping() async throws {
        try await pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func append(_ events: [NewEvent], state: [StateRow], idempotency: IdempotencyKey?) async throws -> AppendResult {
        let context = AuditContext.current
        return try await appends.append { db in
            if let idempotency {
                if let row = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT fingerprint, first_sequence, last_sequence FROM idempotency_keys WHERE scope = ? AND key = ?
                    """), arguments: [idempotency.scope, idempotency.key]) {
                    guard row["fingerprint"] == idempotency.fingerprint else {
                        throw StoreError.idempotencyConflict(scope: idempotency.scope, key: idempotency.key)
                    }
                    let first: Int64? = row["first_sequence"], last: Int64? = row["last_sequence"]
                    let replay = first.flatMap { f in last.map { (f, $0) } }
                    return AppendResult(events: try replay.map { try Self.events(db, from: $0.0, to: $0.1) } ?? [], replayed: true)
                }
            }
            var stored: [StoredEvent] = []
            let insert = try db.cachedStatement(sql: "INSERT INTO events (stream, type, payload, recorded_at) VALUES (?, ?, ?, ?)").sqliteStatement
            // A batch's events share their instant: written out once.
            var at = (instant: events.first?.recordedAt, text: events.first?.recordedAt.description ?? "")
            for e in events {
                if e.recordedAt != at.instant { at = (e.recordedAt, e.recordedAt.description) }
                Self.bind(insert, 1, e.stream); Self.bind(insert, 2, e.type); Self.bind(insert, 3, e.payload); Self.bind(insert, 4, at.text)
                try Self.step(db, insert)
                stored.append(StoredEvent(sequence: db.lastInsertedRowID, stream: e.stream, type: e.type,
                                          payload: e.payload, recordedAt: e.recordedAt))
            }
            try Self.write(db, state)
            if let idempotency {
                try db.cachedStatement(sql: """
                    INSERT INTO idempotency_keys (scope, key, fingerprint, first_sequence, last_sequence) VALUES (?, ?, ?, ?, ?)
                    """).execute(arguments: [idempotency.scope, idempotency.key, idempotency.fingerprint,
                                     stored.first?.sequence, stored.last?.sequence])
            }
            try Self.audit(db, context, at: stored.first?.recordedAt ?? SystemClock.now(), AuditContext.names(stored))
            return AppendResult(events: stored, replayed: false)
        }
    }

    private static func events(_ db: Database, from first: Int64, to last: Int64) throws -> [StoredEvent] {
        try Row.fetchAll(db, sql: """
            SELECT sequence, stream, type, payload, recorded_at FROM events WHERE sequence BETWEEN ? AND ? ORDER BY sequence
            """, arguments: [first, last]).map(decode)
    }

    public func events(stream: String, after sequence: Int64) async throws -> [StoredEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sequence, stream, type, payload, recorded_at FROM events WHERE stream = ? AND sequence > ? ORDER BY sequence
                """, arguments: [stream, sequence]).map(Self.decode)
        }
    }

    public func erase(_ rewrites: [Erasure], reason: String, at now: Instant) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            for r in rewrites {
                try db.execute(sql: "INSERT OR REPLACE INTO erasures (sequence, reason, erased_at) VALUES (?, ?, ?)",
                               arguments: [r.sequence, reason, now.description])
                try db.execute(sql: "UPDATE events SET payload = ? WHERE sequence = ?", arguments: [r.payload, r.sequence])
                guard db.changesCount == 1 else { throw StoreError.invalid(field: "sequence", reason: "no event \(r.sequence)") }
            }
            try Self.reindexActors(db, rewrites)
            try Self.audit(db, context, at: now, Erasure.auditLines(rewrites, reason: reason))
        }
    }

    public func erasures() async throws -> [ErasureRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, reason, erased_at FROM erasures ORDER BY sequence").map {
                ErasureRecord(sequence: $0["sequence"], reason: $0["reason"], erasedAt: try Instant(iso: $0["erased_at"]))
            }
        }
    }

    public func streams(withPrefix prefix: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT stream FROM events WHERE stream LIKE ? ESCAPE '\\' ORDER BY stream",
                                arguments: [Self.likePattern(prefix)])
        }
    }

    public func events(streamsWithPrefix prefix: String) async throws -> [StoredEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sequence, stream, type, payload, recorded_at FROM events WHERE stream LIKE ? ESCAPE '\\' ORDER BY sequence
                """, arguments: [Self.likePattern(prefix)]).map(Self.decode)
        }
    }

    static func decode(_ row: Row) throws -> StoredEvent {
        StoredEvent(sequence: row["sequence"], stream: row["stream"], type: row["type"], payload: row["payload"],
                    recordedAt: try Instant(iso: row["recorded_at"]))
    }

    public func close() async throws { try pool.close() }
}
