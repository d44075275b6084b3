import Foundation
import GuichetCore

/// The audit log's index (migration 15): `audit_entries` (each entry's sequence, time and actor) and
/// `audit_resources` (each stream an entry names), written with the entry in the change's transaction, so that
/// who changed what, and what happened to one customer or contract, are read a page at a time in SQL.
public struct AuditQuery: Sendable, Hashable {
    /// Who made the change, as entries name them (`user:chef`, `token:crm`, `cli:root`, `job:dunning`).
    public var actor: String?
    /// A stream the change wrote to (`customer:<id>`, `contract:<id>`, `ticket:<reference>`, `user:<login>`…).
    public var resource: String?
    /// Entries at or after this instant, and strictly before `until`.
    public var since: Instant?
    public var until: Instant?
    public var offset: Int
    public var limit: Int

    public init(actor: String? = nil, resource: String? = nil, since: Instant? = nil, until: Instant? = nil, offset: Int = 0, limit: Int) {
        self.actor = actor; self.resource = resource; self.since = since; self.until = until; self.offset = offset; self.limit = limit
    }

    var filters: Bool { actor != nil || resource != nil || since != nil || until != nil }

    /// The WHERE clause over `audit_entries a` with `placeholder(i)` for the i-th argument, and the arguments.
    func filter(placeholder: (Int) -> String) -> (sql: String, arguments: [String]) {
        var clauses: [String] = [], arguments: [String] = []
        func add(_ value: String, _ clause: (String) -> String) { arguments.append(value); clauses.append(clause(placeholder(arguments.count))) }
        if let actor { add(actor) { "a.actor = \($0)" } }
        if let resource { add(resource) { "a.sequence IN (SELECT sequence FROM audit_resources WHERE resource = \($0))" } }
        if let since { add(since.description) { "a.at >= \($0)" } }
        if let until { add(until.description) { "a.at < \($0)" } }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// The page's query (payloads, or their summary where an entry names many changes, latest first) and its total's (the entries' counter when nothing filters).
    func statements(placeholder: (Int) -> String) -> (page: String, total: String, arguments: [String]) {
        let (filter, arguments) = filter(placeholder: placeholder)
        let n = arguments.count
        let page = """
            SELECT COALESCE(a.summary, e.payload) FROM audit_entries a JOIN events e ON e.sequence = a.sequence\(filter)
            ORDER BY a.sequence DESC LIMIT \(placeholder(n + 1)) OFFSET \(placeholder(n + 2))
            """
        let total = filters ? "SELECT count(*) FROM audit_entries a" + filter
            : "SELECT CAST(COALESCE(sum(value), 0) AS BIGINT) FROM counters WHERE name LIKE '\(Self.counterPrefix)%'"
        return (page, total, arguments)
    }

    /// The entries' count is the sum of these counters (`<prefix><sequence % shards>`), kept by a trigger.
    static let counterPrefix = "audit_entries.rows."
    static let counterShards = 16

    /// The streams a change's lines name: history entries read `stream#sequence type` (table rows are told in words).
    static func resources(_ changes: [String]) -> [String] {
        var seen: Set<String> = [], result: [String] = []
        for line in changes {
            guard let hash = line.firstIndex(of: "#"), !line[..<hash].contains(" ") else { continue }
            let stream = String(line[..<hash])
            if seen.insert(stream).inserted { result.append(stream) }
        }
        return result
    }
}

extension AuditContext {
    /// The actor and the list's summary of an audit entry's rewritten payload (an erasure), nil when the payload is not
    /// an entry.
    static func index(ofEntry payload: String) throws -> (actor: String, summary: String?)? {
        guard let entry = try? JSONDecoder().decode(AuditEntry.self, from: Data(payload.utf8)) else { return nil }
        return (entry.actor, entry.summaryText)
    }
}
