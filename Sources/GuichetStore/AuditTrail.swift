import Foundation
import GuichetCore

/// Who is changing the data, set around each change's cause: a request by the server, a command
/// by the CLI, a run by a scheduled job. While it is set, every write of the stores appends an
/// audit entry in the same transaction as the change: both are stored, or neither.
public struct AuditContext: Sendable {
    @TaskLocal public static var current: AuditContext?

    public let actor: String
    /// "POST", "CLI" or "JOB".
    public let method: String
    /// The request's path, the command line, or the job's name.
    public let path: String
    /// What was asked, secrets masked.
    public let what: String?
    /// Shared by the entries of one request, command or run.
    public let request: String

    public init(actor: String, method: String, path: String, what: String? = nil, request: String = UUID().uuidString) {
        self.actor = actor; self.method = method; self.path = path; self.what = what; self.request = request
    }

    /// The same request, made by `actor` (known to the route only, e.g. an operator's access key).
    public func acting(as actor: String) -> AuditContext {
        AuditContext(actor: actor, method: method, path: path, what: what, request: request)
    }

    /// The context of a scheduled job's run.
    public static func job(_ name: String) -> AuditContext { AuditContext(actor: "job:\(name)", method: "JOB", path: name) }

    public static let stream = "audit"

    /// The audit entry for `changes` written in the caller's transaction, or nil outside an audited
    /// context (or when nothing changed). The context is read by the caller before entering the
    /// transaction: SQLite's run on GRDB's own threads, where task-locals are not seen. The lines are
    /// only built inside a context: unaudited bulk writes (benchmarks, tests) do not pay for them.
    static func entry(_ context: AuditContext?, at: Instant, changes: () -> [String], before: () -> [String]?) throws -> (event: NewEvent, entry: AuditEntry)? {
        guard let c = context else { return nil }
        let changes = changes()
        guard !changes.isEmpty else { return nil }
        let entry = AuditEntry(at: at, actor: c.actor, method: c.method, path: c.path, what: c.what, request: c.request,
                               changes: changes, before: before(), status: nil, location: nil)
        return (try NewEvent(stream: stream, type: "change", payload: entry.json, recordedAt: at), entry)
    }

    /// `stream#sequence type` of appended history entries (their stream's previous entry is the before).
    static func names(_ events: [StoredEvent]) -> [String] {
        events.map { "\($0.stream)#\($0.sequence) \($0.type)" }
    }
}

/// An entry of the append-only audit log.
public struct AuditEntry: Sendable, Codable, Hashable {
    public let at: Instant
    public let actor: String
    public let method: String
    public let path: String
    public let what: String?
    public let request: String?
    /// What was written: history entries (`stream#sequence type`) or table rows, with their new values.
    public let changes: [String]?
    /// The values the changed rows had before, where a row was changed rather than added.
    public let before: [String]?
    /// The HTTP status and result location (entries written before audit moved into the stores' transactions).
    public let status: Int?
    public let location: String?
    /// In a list, where `changes` holds only the first `listedChanges`: how many there are in all.
    public var changeCount: Int? = nil

    /// The changes a list shows of one entry: an import's batch writes thousands.
    public static let listedChanges = 20

    /// The entry as lists show it (its first changes and their count), nil when it shows whole.
    public var summary: AuditEntry? {
        guard let changes, changes.count > Self.listedChanges else { return nil }
        var s = AuditEntry(at: at, actor: actor, method: method, path: path, what: what, request: request,
                           changes: Array(changes.prefix(Self.listedChanges)), before: before.map { Array($0.prefix(Self.listedChanges)) },
                           status: status, location: location)
        s.changeCount = changes.count
        return s
    }

    /// The summary a list reads (`audit_entries.summary`) as stored, nil when the list reads the entry itself.
    var summaryText: String? { summary?.json }

    /// The entry as stored: the JSON its Codable conformance reads, written directly. It is encoded inside the store's
    /// write transaction, where Foundation's encoder took 3 % of a run-due's CPU while every other writer waited (D-RUN-24).
    var json: String {
        var w = JSONText(capacity: 1_024)
        w.object { m in
            m.string("at", at.description); m.string("actor", actor); m.string("method", method); m.string("path", path)
            if let what { m.string("what", what) }
            if let request { m.string("request", request) }
            if let changes { m.array("changes", changes) { $0.quoted($1) } }
            if let before { m.array("before", before) { $0.quoted($1) } }
            if let status { m.number("status", status) }
            if let location { m.string("location", location) }
            if let changeCount { m.number("changeCount", changeCount) }
        }
        return w.text
    }

    /// The entry without an erased customer's personal data: the form (which may hold their name or
    /// address) and, when one of their people made the change, that person's login (the role stays).
    public func erasingPersonalData(author: Bool, placeholder: String) -> AuditEntry {
        let who = author ? (actor.split(separator: ":").first.map { "\($0):\(placeholder)" } ?? placeholder) : actor
        return AuditEntry(at: at, actor: who, method: method, path: path, what: what.map { _ in placeholder }, request: request, changes: changes,
                          before: before, status: status, location: location)
    }
}

extension Store {
    /// A page of the audit log, latest first, and how many entries it holds.
    public func auditEntries(offset: Int = 0, limit: Int) async throws -> (entries: [AuditEntry], total: Int) {
        try await auditEntries(AuditQuery(offset: offset, limit: limit))
    }
}
