import GuichetCore

/// A state table: every aggregate's current state beside its stream, one row per aggregate, written in
/// the transaction that appends its events (`append(_:state:idempotency:)`). Reads and lists come from
/// here and page in SQL; the stream stays the history, and `rebuildState` folds it again.
public struct StateTable: Sendable, Hashable {
    public let name: String
    /// The primary key column.
    public let key: String
    /// The columns lists filter on, all text (dates as ISO 8601); each has an index ending in the sort.
    public let columns: [String]
    /// The stable order of lists: these columns, then the key.
    public let order: [String]
    /// A number taken from `counters` when a row is created, and set from the column's maximum by a rebuild.
    public let sequence: String?
    /// Columns of few values whose rows are counted per value in `counters` (migration 25): the total of a list
    /// filtered on one of them alone is read, not counted (D-SCALE-14).
    public var counted: [String] = []

    public static let customers = StateTable(
        name: "customers", key: "id", columns: ["customer_number", "external_id", "kind", "territory", "billing_account"],
        order: ["customer_number"], sequence: "customer_number", counted: ["kind", "territory"])
    public static let contracts = StateTable(
        name: "contracts", key: "id",
        columns: ["external_id", "customer_id", "family", "offering", "territory", "state", "ordered_on", "activated_on", "engagement_end",
                  "next_action_on"],
        order: ["ordered_on"], sequence: nil, counted: ["family", "offering", "territory", "state"])
    public static let lines = StateTable(
        name: "lines", key: "number", columns: ["customer_id", "contract_id", "offering", "territory", "site"], order: [], sequence: nil,
        counted: ["offering", "territory"])

    public static let tickets = StateTable(
        name: "tickets", key: "reference", columns: ["owner", "family", "status", "territory", "filed_at"], order: ["filed_at"], sequence: nil)

    public static let users = StateTable(name: "users", key: "login", columns: ["tenant", "role", "status"], order: [], sequence: nil)
    public static let apiTokens = StateTable(
        name: "api_tokens", key: "id", columns: ["issued_by", "tenant", "issued_at"], order: ["issued_at"], sequence: nil)
    public static let accessKeys = StateTable(name: "access_keys", key: "id", columns: ["owner", "issued_at"], order: ["issued_at"], sequence: nil)
    public static let portingRequests = StateTable(
        name: "porting_requests", key: "id", columns: ["territory", "number", "line", "state", "requested_on"], order: ["requested_on"], sequence: nil)
    public static let assistanceRequests = StateTable(
        name: "assistance_requests", key: "id", columns: ["customer_id", "status", "requested_at"], order: ["requested_at"], sequence: nil)

    /// One row per customer who made a data-subject request: `due_on` is the earliest answer date still due.
    public static let privacyRequests = StateTable(
        name: "privacy_requests", key: "customer_id", columns: ["status", "due_on"], order: ["due_on"], sequence: nil)

    /// One row per SDA number in the inventory (004 §2.4.1): who holds it, whether it is in stock, from which day it can be
    /// allocated again (empty: no quarantine). Its history is the one stream `sda-inventory` of operations.
    public static let sdaNumbers = StateTable(
        name: "sda_numbers", key: "number", columns: ["customer_id", "site", "status", "available_from"], order: [], sequence: nil)

    /// Dated consequences of the rules (issue 23), by id: what they act on, their kind and state, the day (in the
    /// resource's territory) and the instant they fall due.
    public static let obligations = StateTable(
        name: "obligations", key: "id", columns: ["resource", "kind", "state", "due_on", "due_at"], order: ["due_at"], sequence: nil)

    /// Letters for staff to post (001 CG 10.1 paper invoices, notices without an e-mail address): pending, then posted.
    public static let letters = StateTable(
        name: "letters", key: "id", columns: ["customer_id", "status", "queued_on"], order: ["queued_on"], sequence: nil)

    public static let all = [customers, contracts, lines, tickets, users, apiTokens, accessKeys, portingRequests, assistanceRequests, privacyRequests,
                             sdaNumbers, obligations, letters]

    /// Set by migration 10 where events existed: the tables must be folded from the streams before use.
    public static let pendingBuild = "state-tables.pending"

    /// The counter `sequence` values are taken from.
    public var counter: String { "\(name).\(sequence ?? key)" }

    /// The counter of the table's rows, kept by triggers (migration 12).
    public var rowCounter: String { "\(name).rows" }

    /// The counter of the rows whose `column` (one of `counted`) holds `value`.
    public func valueCounter(_ column: String, _ value: String) -> String { "\(name).\(column)=\(value)" }

    /// `ORDER BY` of lists.
    var orderBy: String { (order + [key]).joined(separator: ", ") }

    func check(_ column: String) throws(StoreError) {
        guard column == key || columns.contains(column) else {
            throw .invalid(field: "column", reason: "'\(column)' is not a column of \(name) (\(([key] + columns).joined(separator: ", ")))")
        }
    }
}

/// One aggregate's current state: its filter columns (absent is NULL), the text a search looks in, and the
/// whole state as JSON.
public struct StateRow: Sendable, Hashable {
    public let table: StateTable
    public let key: String
    public let values: [String: String]
    /// Lower-cased words a text search matches by substring (name, number, references).
    public let search: String
    public let body: String

    public init(table: StateTable, key: String, values: [String: String], search: [String?], body: String) {
        self.table = table; self.key = key; self.values = values; self.body = body
        self.search = search.compactMap { $0?.lowercased() }.joined(separator: " ")
    }

    init(table: StateTable, key: String, values: [String: String], searchText: String, body: String) {
        self.table = table; self.key = key; self.values = values; self.search = searchText; self.body = body
    }

    /// The values in the table's column order.
    var ordered: [String?] { table.columns.map { values[$0] } }
}

/// A list's filters and page.
public struct StateQuery: Sendable, Hashable {
    /// Column = value.
    public var equal: [String: String]
    /// Column is one of the values.
    public var oneOf: [String: [String]] = [:]
    /// Column is at most the value (ISO dates compare as text): a row without it does not match.
    public var atMost: [String: String] = [:]
    /// Case-insensitive substring of the search text.
    public var search: String?
    public var offset: Int
    /// nil: every match (for bounded sets, such as one customer's contracts).
    public var limit: Int?
    /// False for the reads that use the rows alone (a contract's obligations, the scheduler's page): the total is not
    /// counted, and the page's is its own length.
    public var totalWanted = true

    public init(equal: [String: String] = [:], search: String? = nil, offset: Int = 0, limit: Int? = nil) {
        self.equal = equal; self.search = search; self.offset = offset; self.limit = limit
    }

    /// Whether the query filters at all (its total is then the table's row counter).
    var filters: Bool { !equal.isEmpty || !oneOf.isEmpty || !atMost.isEmpty || !(search ?? "").isEmpty }

    /// The fewest characters a search takes: trigram indexes find nothing shorter without reading every row.
    public static let shortestSearch = 3

    /// The WHERE clause for `engine` with `placeholder(i)` for the i-th argument, and the arguments.
    func filter(_ table: StateTable, _ engine: StoreEngine, placeholder: (Int) -> String) throws(StoreError) -> (sql: String, arguments: [String]) {
        var clauses: [String] = [], arguments: [String] = []
        for (column, value) in equal.sorted(by: { $0.key < $1.key }) {
            try table.check(column)
            arguments.append(value)
            clauses.append("\(column) = \(placeholder(arguments.count))")
        }
        for (column, values) in oneOf.sorted(by: { $0.key < $1.key }) {
            try table.check(column)
            var marks: [String] = []
            for v in values { arguments.append(v); marks.append(placeholder(arguments.count)) }
            clauses.append(values.isEmpty ? "1 = 0" : "\(column) IN (\(marks.joined(separator: ", ")))")
        }
        for (column, value) in atMost.sorted(by: { $0.key < $1.key }) {
            try table.check(column)
            arguments.append(value)
            clauses.append("\(column) <= \(placeholder(arguments.count))")
        }
        if let search, !search.isEmpty {
            guard search.unicodeScalars.count >= Self.shortestSearch else {
                throw .invalid(field: "q", reason: "a search takes at least \(Self.shortestSearch) characters")
            }
            switch engine {
            case .sqlite:
                // A substring through the trigram table (migration 24): GLOB's wildcards taken literally.
                arguments.append("*" + Self.globLiteral(search.lowercased()) + "*")
                clauses.append("rowid IN (SELECT rowid FROM \(table.name)_search WHERE search GLOB \(placeholder(arguments.count)))")
            case .postgres:
                arguments.append("%" + Self.escaped(search.lowercased()) + "%")
                clauses.append("search LIKE \(placeholder(arguments.count)) ESCAPE '\\'")
            }
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// The query of the list's total: the table's row counter when nothing filters, a value's counter when one counted
    /// column alone filters, else a count of the filter's rows.
    func total(_ table: StateTable, _ filter: (sql: String, arguments: [String]), placeholder: (Int) -> String) -> (sql: String, arguments: [String]) {
        let counter = "SELECT coalesce((SELECT value FROM counters WHERE name = \(placeholder(1))), 0)"
        if !filters { return (counter, [table.rowCounter]) }
        if equal.count == 1, oneOf.isEmpty, atMost.isEmpty, (search ?? "").isEmpty, let (column, value) = equal.first, table.counted.contains(column) {
            return (counter, [table.valueCounter(column, value)])
        }
        return ("SELECT count(*) FROM \(table.name)" + filter.sql, filter.arguments)
    }

    static func escaped(_ text: String) -> String {
        text.reduce(into: "") { r, c in
            if c == "%" || c == "_" || c == "\\" { r.append("\\") }
            r.append(c)
        }
    }

    /// `text` as a GLOB pattern matching it alone: its wildcards in brackets.
    static func globLiteral(_ text: String) -> String {
        text.reduce(into: "") { r, c in
            if c == "*" || c == "?" || c == "[" { r += "[\(c)]" } else { r.append(c) }
        }
    }
}

/// A page of a list and how many rows match in all (`X-Total-Count`).
public struct StatePage: Sendable, Hashable {
    public let bodies: [String]
    public let total: Int
    public init(bodies: [String], total: Int) { self.bodies = bodies; self.total = total }
}

/// The state tables' side of a store.
public protocol StateStore: Sendable {
    /// Appends events and writes the rows of the aggregates they change, in one transaction.
    func append(_ events: [NewEvent], state: [StateRow], idempotency: IdempotencyKey?) async throws -> AppendResult
    func stateRow(_ table: StateTable, key: String) async throws -> StateRow?
    func statePage(_ table: StateTable, _ query: StateQuery) async throws -> StatePage
    /// The rows whose `column` is one of `values` (an import's external ids already stored, its references), by key.
    func stateRows(_ table: StateTable, where column: String, in values: [String]) async throws -> [StateRow]
    /// Every row, by key: for batch jobs over all aggregates and the rebuild's comparison — never a request.
    func stateRows(_ table: StateTable) async throws -> [StateRow]
    /// After a bulk write (the migration import): the table's search index merged into one piece (SQLite FTS5
    /// `optimize`; left in pieces, the next single writes pay for merging them, 40 ms at the 99th percentile at 100 000
    /// rows) and its planner statistics refreshed (PostgreSQL `ANALYZE`). Nothing changes in what the table holds.
    func settle(_ table: StateTable) async throws
    /// A counter's value, nil when it was never set.
    func counter(_ name: String) async throws -> Int64?
    func removeCounter(_ name: String) async throws
    /// Takes `count` consecutive values of a counter (gaps remain where a transaction using them failed).
    func nextValues(_ counter: String, count: Int) async throws -> ClosedRange<Int64>
    /// Replaces a table by the fold of its streams (those starting with `prefix`), in one transaction that
    /// keeps writers of that table waiting; sets the table's counter from its column. Returns the row count.
    /// `rows`: the rows a stream's events leave (one per aggregate; several where one stream keeps many, as SDA numbers).
    func rebuildState(_ table: StateTable, streamPrefix prefix: String,
                      rows: @Sendable (_ stream: String, _ events: [StoredEvent]) throws -> [StateRow]) async throws -> Int
}

extension StateStore {
    /// `rebuildState` for a table of one aggregate per stream.
    public func rebuildState(_ table: StateTable, streamPrefix prefix: String,
                             fold: @Sendable (_ stream: String, _ events: [StoredEvent]) throws -> StateRow?) async throws -> Int {
        try await rebuildState(table, streamPrefix: prefix, rows: { stream, events in try fold(stream, events).map { [$0] } ?? [] })
    }
}

extension StateTable {
    /// Rows of the streams in `events` (any order of streams, each stream's events in order).
    static func fold(_ events: [StoredEvent], _ fold: (String, [StoredEvent]) throws -> [StateRow]) throws -> [StateRow] {
        var streams: [String: [StoredEvent]] = [:]
        for e in events { streams[e.stream, default: []].append(e) }
        return try streams.keys.sorted().flatMap { try fold($0, streams[$0]!) }
    }

    /// The counter's value after a rebuild: the column's largest number.
    func highest(_ rows: [StateRow]) -> Int64 {
        guard let sequence else { return 0 }
        return rows.compactMap { $0.values[sequence].flatMap { Int64($0) } }.max() ?? 0
    }
}
