import GuichetCore

/// What every storage engine offers. The SQLite and PostgreSQL back ends pass one
/// conformance suite (Tests/GuichetStoreTests).
public protocol Store: EventStore, UsageStore, BillingStore, MailStore {
    var engine: StoreEngine { get }
    /// Where the data lives, with any password masked.
    var location: String { get }

    /// Applies the migrations not yet applied, each in its own transaction, and returns them.
    @discardableResult
    func migrate() async throws -> [AppliedMigration]
    func appliedMigrations() async throws -> [AppliedMigration]
    /// Answers when the database can serve queries.
    func ping() async throws
    /// A page of the audit log, latest first, filtered by its index (actor, stream written, time), and how many entries match.
    func auditEntries(_ query: AuditQuery) async throws -> (entries: [AuditEntry], total: Int)

    func close() async throws
}

/// The event history and the state tables beside it: all that the repositories of aggregates use, so that they (and
/// the services built on them alone) run on an engine or on the in-memory store of the service-level tests.
public protocol EventStore: StateStore {
    /// The events of a stream, in the order they were appended.
    func events(stream: String, after sequence: Int64) async throws -> [StoredEvent]
    /// Lawful erasure (GDPR art. 17): rewrites the payloads of the given events, each recorded in
    /// `erasures` with the reason, all or none. The only change the history ever admits; what the
    /// event was (stream, type, time) stays.
    func erase(_ rewrites: [Erasure], reason: String, at now: Instant) async throws
    /// The events rewritten by erasures, with when and why.
    func erasures() async throws -> [ErasureRecord]
    /// The names of the streams that start with `prefix` ("contract:"), sorted.
    func streams(withPrefix prefix: String) async throws -> [String]
    /// Every event of the streams that start with `prefix`, in the order they were appended: one read
    /// where a read per stream cost seconds with thousands of lines (a usage import loads them all).
    func events(streamsWithPrefix prefix: String) async throws -> [StoredEvent]
}

/// An event's new payload, personal data removed.
public struct Erasure: Sendable, Hashable {
    public let sequence: Int64
    public let payload: String
    public init(sequence: Int64, payload: String) { self.sequence = sequence; self.payload = payload }
}

public struct ErasureRecord: Sendable, Hashable, Codable {
    public let sequence: Int64
    public let reason: String
    public let erasedAt: Instant
    public init(sequence: Int64, reason: String, erasedAt: Instant) { self.sequence = sequence; self.reason = reason; self.erasedAt = erasedAt }
}

public enum StoreEngine: String, Sendable, Codable { case sqlite, postgres }

public struct AppliedMigration: Sendable, Hashable, Codable {
    public let version: Int
    public let name: String
}

/// An entry of the append-only history: what happened to which stream, as JSON.
public struct NewEvent: Sendable, Hashable {
    public let stream: String
    public let type: String
    public let payload: String
    public let recordedAt: Instant

    public init(stream: String, type: String, payload: String, recordedAt: Instant) throws(StoreError) {
        guard !stream.isEmpty else { throw .invalid(field: "stream", reason: "must not be empty") }
        guard !type.isEmpty else { throw .invalid(field: "type", reason: "must not be empty") }
        self.stream = stream; self.type = type; self.payload = payload; self.recordedAt = recordedAt
    }
}

public struct StoredEvent: Sendable, Hashable, Codable {
    public let sequence: Int64
    public let stream: String
    public let type: String
    public let payload: String
    public let recordedAt: Instant

    public init(sequence: Int64, stream: String, type: String, payload: String, recordedAt: Instant) {
        self.sequence = sequence; self.stream = stream; self.type = type; self.payload = payload; self.recordedAt = recordedAt
    }
}

/// A caller's key for an operation that must happen once (an import, a bill run), with a
/// fingerprint of the request so that a reused key with other content is refused.
public struct IdempotencyKey: Sendable, Hashable {
    public let scope: String
    public let key: String
    public let fingerprint: String

    public init(scope: String, key: String, fingerprint: String) throws(StoreError) {
        guard !key.isEmpty else { throw .invalid(field: "idempotency key", reason: "must not be empty") }
        self.scope = scope; self.key = key; self.fingerprint = fingerprint
    }
}

public struct AppendResult: Sendable, Hashable {
    public let events: [StoredEvent]
    /// True when the key had been seen and nothing new was stored.
    public let replayed: Bool

    public init(events: [StoredEvent], replayed: Bool) { self.events = events; self.replayed = replayed }
}

extension EventStore {
    /// Appends events atomically: all are stored, or none. With an idempotency key, a
    /// repeated call with the same request returns the first call's events and stores nothing.
    public func append(_ events: [NewEvent], idempotency: IdempotencyKey?) async throws -> AppendResult {
        try await append(events, state: [], idempotency: idempotency)
    }

    /// The events of each stream that starts with `prefix`, streams by name, each in append order (one read).
    public func eventsByStream(withPrefix prefix: String) async throws -> [(stream: String, events: [StoredEvent])] {
        var streams: [String: [StoredEvent]] = [:]
        for e in try await events(streamsWithPrefix: prefix) { streams[e.stream, default: []].append(e) }
        return streams.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `prefix` as a LIKE pattern that matches it literally, with `\` as the escape character.
    static func likePattern(_ prefix: String) -> String {
        prefix.reduce(into: "") { r, c in
            if c == "%" || c == "_" || c == "\\" { r.append("\\") }
            r.append(c)
        } + "%"
    }
}
