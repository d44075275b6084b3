import Foundation
import GuichetCore
import Logging
import NIOSSL
import PostgresNIO

/// PostgreSQL, for operators who outgrow one machine, through PostgresNIO's pooled client.
public final class PostgresStore: Store {
    public let engine = StoreEngine.postgres
    public let location: String
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger

    /// Connects once before anything else, so that a wrong host, port, user, password or
    /// database fails at once with the server's own words.
    public static func connect(_ target: PostgresLocation, logger: Logger) async throws -> PostgresStore {
        let config = PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.username, password: target.password,
            database: target.database, tls: target.requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
        do {
            let probe = try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
            try await probe.query("SELECT 1", logger: logger)
            try await probe.close()
        } catch {
            throw StoreError.cannotConnect(location: target.masked, reason: describe(error))
        }
        return PostgresStore(target, logger: logger)
    }

    private init(_ target: PostgresLocation, logger: Logger) {
        location = target.masked
        self.logger = logger
        let clientConfig = PostgresClient.Configuration(
            host: target.host, port: target.port, username: target.username, password: target.password,
            database: target.database, tls: target.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        let client = PostgresClient(configuration: clientConfig, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    @discardableResult
    public func migrate() async throws -> [AppliedMigration] {
        try await run { try await self.client.query(PostgresQuery(unsafeSQL: Migrations.createLedger), logger: self.logger) }
        let done = Set(try await appliedMigrations().map(\.version))
        if let newest = done.max(), newest > Migrations.latest { throw StoreError.newerSchema(found: newest, known: Migrations.latest) }
        var applied: [AppliedMigration] = []
        for m in Migrations.all where !done.contains(m.version) {
            do {
                try await client.withTransaction(logger: logger) { conn in
                    // Two servers starting together: the lock makes the second wait, then skip.
                    try await conn.query("LOCK TABLE schema_migrations IN EXCLUSIVE MODE", logger: self.logger)
                    let rows = try await conn.query("SELECT 1 FROM schema_migrations WHERE version = \(m.version)", logger: self.logger)
                    for try await _ in rows { return }
                    for statement in m.postgres { try await conn.query(PostgresQuery(unsafeSQL: statement), logger: self.logger) }
                    try await conn.query("""
                        INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(m.version), \(m.name), \(Migrations.appliedAtNow()))
                        """, logger: self.logger)
                }
            } catch {
                throw StoreError.migrationFailed(version: m.version, name: m.name, reason: Self.describe(error))
            }
            applied.append(AppliedMigration(version: m.version, name: m.name))
        }
        return applied
    }

    public func appliedMigrations() async throws -> [AppliedMigration] {
        try await run {
            let exists = try await self.client.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: self.logger)
            for try await present in exists.decode(Bool.self) where !present { return [] }
            let rows = try await self.client.query("SELECT version, name FROM schema_migrations ORDER BY version", logger: self.logger)
            var result: [AppliedMigration] = []
            for try await (version, name) in rows.decode((Int, String).self) { result.append(AppliedMigration(version: version, name: name)) }
            return result
        }
    }

    public func ping() async throws {
        try await run { try await self.client.query("SELECT 1", logger: self.logger) }
    }

    public func append(_ events: [NewEvent], state: [StateRow], idempotency: IdempotencyKey?) async throws -> AppendResult {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                if let idempotency {
                    // Serialises concurrent calls with the same key.
                    try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\(idempotency.scope + "\u{1F}" + idempotency.key)))", logger: self.logger)
                    let rows = try await conn.query("""
                        SELECT fingerprint, first_sequence, last_sequence FROM idempotency_keys
                        WHERE scope = \(idempotency.scope) AND key = \(idempotency.key)
                        """, logger: self.logger)
                    for try await (fingerprint, first, last) in rows.decode((String, Int64?, Int64?).self) {
                        guard fingerprint == idempotency.fingerprint else {
                            throw StoreError.idempotencyConflict(scope: idempotency.scope, key: idempotency.key)
                        }
                        guard let first, let last else { return AppendResult(events: [], replayed: true) }
                        let replay = try await conn.query("""
                            SELECT sequence, stream, type, payload, recorded_at FROM events
                            WHERE sequence BETWEEN \(first) AND \(last) ORDER BY sequence
                            """, logger: self.logger)
                        return AppendResult(events: try await Self.decode(replay), replayed: true)
                    }
                }
                var stored: [StoredEvent] = []
                for e in events {
                    let rows = try await conn.query("""
                        INSERT INTO events (stream, type, payload, recorded_at)
                        VALUES (\(e.stream), \(e.type), \(e.payload), \(e.recordedAt.description)) RETURNING sequence
                        """, logger: self.logger)
                    for try await sequence in rows.decode(Int64.self) {
                        stored.append(StoredEvent(sequence: sequence, stream: e.stream, type: e.type, payload: e.payload, recordedAt: e.recordedAt))
                    }
                }
                try await self.write(conn, state)
                if let idempotency {
                    try await conn.query("""
                        INSERT INTO idempotency_keys (scope, key, fingerprint, first_sequence, last_sequence)
                        VALUES (\(idempotency.scope), \(idempotency.key), \(idempotency.fingerprint), \(stored.first?.sequence), \(stored.last?.sequence))
                        """, logger: self.logger)
                }
                try await self.audit(conn, context, at: stored.first?.recordedAt ?? SystemClock.now(), AuditContext.names(stored))
                return AppendResult(events: stored, replayed: false)
            }
        }
    }

    public func events(stream: String, after sequence: Int64) async throws -> [StoredEvent] {
        try await run {
            try await Self.decode(try await self.client.query("""
                SELECT sequence, stream, type, payload, recorded_at FROM events
                WHERE stream = \(stream) AND sequence > \(sequence) ORDER BY sequence
                """, logger: self.logger))
        }
    }

    public func erase(_ rewrites: [Erasure], reason: String, at now: Instant) async throws {
        let context = AuditContext.current
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                for r in rewrites {
                    try await conn.query("""
                        INSERT INTO erasures (sequence, reason, erased_at) VALUES (\(r.sequence), \(reason), \(now.description))
                        ON CONFLICT (sequence) DO UPDATE SET reason = EXCLUDED.reason, erased_at = EXCLUDED.erased_at
                        """, logger: self.logger)
                    let rows = try await conn.query("UPDATE events SET payload = \(r.payload) WHERE sequence = \(r.sequence) RETURNING sequence",
                                                    logger: self.logger)
                    var updated = 0
                    for try await _ in rows.decode(Int64.self) { updated += 1 }
                    guard updated == 1 else { throw StoreError.invalid(field: "sequence", reason: "no event \(r.sequence)") }
                }
                try await self.reindexActors(conn, rewrites)
                try await self.audit(conn, context, at: now, Erasure.auditLines(rewrites, reason: reason))
            }
        }
    }

    public func erasures() async throws -> [ErasureRecord] {
        try await run {
            let rows = try await self.client.query("SELECT sequence, reason, erased_at FROM erasures ORDER BY sequence", logger: self.logger)
            var result: [ErasureRecord] = []
            for try await (sequence, reason, at) in rows.decode((Int64, String, String).self) {
                result.append(ErasureRecord(sequence: sequence, reason: reason, erasedAt: try Instant(iso: at)))
            }
            return result
        }
    }

    public func streams(withPrefix prefix: String) async throws -> [String] {
        try await run {
            let rows = try await self.client.query(
                "SELECT DISTINCT stream FROM events WHERE stream LIKE \(Self.likePattern(prefix)) ESCAPE '\\' ORDER BY stream",
                logger: self.logger)
            var result: [String] = []
            for try await stream in rows.decode(String.self) { result.append(stream) }
            return result
        }
    }

    public func events(streamsWithPrefix prefix: String) async throws -> [StoredEvent] {
        try await run {
            try await Self.decode(try await self.client.query("""
                SELECT sequence, stream, type, payload, recorded_at FROM events WHERE stream LIKE \(Self.likePattern(prefix)) ESCAPE '\\' ORDER BY sequence
                """, logger: self.logger))
        }
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        for try await (sequence, stream, type, payload, recordedAt) in rows.decode((Int64, String, String, String, String).self) {
            result.append(StoredEvent(sequence: sequence, stream: stream, type: type, payload: payload, recordedAt: try Instant(iso: recordedAt)))
        }
        return result
    }

    public func close() async throws {
        runner.cancel()
        await runner.value
    }

    /// Runs a database call, turning PostgresNIO's deliberately vague errors into ones that say what the server said.
    @discardableResult
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw Self.storeError(error)
        } catch let error as PostgresTransactionError {
            // The transaction was rolled back; what matters is why.
            if let own = error.closureError as? StoreError { throw own }
            if let sql = [error.closureError, error.commitError].compactMap({ $0 as? PSQLError }).first, Self.diskFull(sql) {
                throw StoreError.storageFull(Self.describe(error))
            }
            throw StoreError.backend(Self.describe(error))
        }
    }

    /// SQLSTATE 53100 disk_full.
    static func diskFull(_ error: PSQLError) -> Bool { error.serverInfo?[.sqlState] == "53100" }

    static func storeError(_ error: PSQLError) -> StoreError {
        diskFull(error) ? .storageFull(describe(error)) : .backend(describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? PostgresTransactionError {
            return [e.beginError, e.closureError, e.rollbackError, e.commitError].compactMap { $0.map(describe) }.joined(separator: "; ")
        }
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            if let underlying = e.underlying { return "\(underlying)" }
            return "\(e.code)"
        }
        return "\(error)"
    }
}
