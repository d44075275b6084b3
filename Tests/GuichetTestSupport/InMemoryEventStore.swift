import GuichetCore
import GuichetStore

/// The event history and its state tables in memory, for service-level tests: the engines' contract — appends all or
/// nothing, idempotency keys, rows written with their events, lists filtered, searched, ordered, paged and counted —
/// without a file or a server. The conformance suite stays the contract of the real engines.
public actor InMemoryEventStore: EventStore {
    private var history: [StoredEvent] = []
    private var keys: [String: (fingerprint: String, first: Int64?, last: Int64?)] = [:]
    private var tables: [String: [String: StateRow]] = [:]
    private var counters: [String: Int64] = [:]
    private var erased: [ErasureRecord] = []

    public init() {}

    public func append(_ events: [NewEvent], state: [StateRow], idempotency: IdempotencyKey?) throws -> AppendResult {
        let id = idempotency.map { "\($0.scope)\u{0}\($0.key)" }
        if let id, let seen = keys[id] {
            guard seen.fingerprint == idempotency!.fingerprint else { throw StoreError.idempotencyConflict(scope: idempotency!.scope, key: idempotency!.key) }
            let replay = seen.first.map { first in history.filter { $0.sequence >= first && $0.sequence <= seen.last! } } ?? []
            return AppendResult(events: replay, replayed: true)
        }
        let stored = events.enumerated().map { i, e in
            StoredEvent(sequence: Int64(history.count + i + 1), stream: e.stream, type: e.type, payload: e.payload, recordedAt: e.recordedAt)
        }
        history += stored
        for row in state {
            if tables[row.table.name]?[row.key] == nil { counters[row.table.rowCounter, default: 0] += 1 }
            tables[row.table.name, default: [:]][row.key] = row
        }
        if let id { keys[id] = (idempotency!.fingerprint, stored.first?.sequence, stored.last?.sequence) }
        return AppendResult(events: stored, replayed: false)
    }

    public func events(stream: String, after sequence: Int64) -> [StoredEvent] {
        history.filter { $0.stream == stream && $0.sequence > sequence }
    }

    public func erase(_ rewrites: [Erasure], reason: String, at now: Instant) throws {
        // All or none: every sequence is checked before any payload is rewritten.
        if let missing = rewrites.first(where: { $0.sequence < 1 || $0.sequence > Int64(history.count) }) {
            throw StoreError.invalid(field: "sequence", reason: "no event \(missing.sequence)")
        }
        for r in rewrites {
            let e = history[Int(r.sequence) - 1]
            history[Int(r.sequence) - 1] = StoredEvent(sequence: e.sequence, stream: e.stream, type: e.type, payload: r.payload, recordedAt: e.recordedAt)
            erased.append(ErasureRecord(sequence: r.sequence, reason: reason, erasedAt: now))
        }
    }

    public func erasures() -> [ErasureRecord] { erased }

    public func streams(withPrefix prefix: String) -> [String] { Set(history.map(\.stream).filter { $0.hasPrefix(prefix) }).sorted() }

    public func events(streamsWithPrefix prefix: String) -> [StoredEvent] { history.filter { $0.stream.hasPrefix(prefix) } }

    // MARK: state tables

    public func stateRow(_ table: StateTable, key: String) -> StateRow? { tables[table.name]?[key] }

    public func statePage(_ table: StateTable, _ query: StateQuery) throws -> StatePage {
        for column in Array(query.equal.keys) + Array(query.oneOf.keys) + Array(query.atMost.keys) where column != table.key && !table.columns.contains(column) {
            throw StoreError.invalid(field: "column", reason: "'\(column)' is not a column of \(table.name)")
        }
        if let s = query.search, !s.isEmpty, s.unicodeScalars.count < StateQuery.shortestSearch {
            throw StoreError.invalid(field: "q", reason: "a search takes at least \(StateQuery.shortestSearch) characters")
        }
        func value(_ row: StateRow, _ column: String) -> String? { column == table.key ? row.key : row.values[column] }
        let matching = (tables[table.name] ?? [:]).values.filter { row in
            query.equal.allSatisfy { value(row, $0.key) == $0.value }
                && query.oneOf.allSatisfy { c, vs in value(row, c).map(vs.contains) ?? false }
                && query.atMost.allSatisfy { c, v in value(row, c).map { $0 <= v } ?? false }
                && (query.search.map { $0.isEmpty || row.search.contains($0.lowercased()) } ?? true)
        }
        // As SQL orders them: the table's order columns (NULL first), then the key.
        let sorted = matching.sorted { a, b in
            for c in table.order where value(a, c) != value(b, c) { return (value(a, c) ?? "") < (value(b, c) ?? "") }
            return a.key < b.key
        }
        return StatePage(bodies: sorted.dropFirst(query.offset).prefix(query.limit ?? .max).map(\.body), total: matching.count)
    }

    public func stateRows(_ table: StateTable, where column: String, in values: [String]) -> [StateRow] {
        let wanted = Set(values)
        return stateRows(table).filter { (column == table.key ? $0.key : $0.values[column]).map(wanted.contains) ?? false }
    }

    public func stateRows(_ table: StateTable) -> [StateRow] { (tables[table.name] ?? [:]).values.sorted { $0.key < $1.key } }

    /// Nothing to merge or analyse in memory.
    public func settle(_ table: StateTable) {}

    public func counter(_ name: String) -> Int64? { counters[name] }

    public func removeCounter(_ name: String) { counters[name] = nil }

    public func nextValues(_ counter: String, count: Int) -> ClosedRange<Int64> {
        let last = counters[counter, default: 0] + Int64(count)
        counters[counter] = last
        return (last - Int64(count) + 1)...last
    }

    public func rebuildState(_ table: StateTable, streamPrefix prefix: String,
                             rows fold: @Sendable (String, [StoredEvent]) throws -> [StateRow]) throws -> Int {
        var streams: [String: [StoredEvent]] = [:]
        for e in history where e.stream.hasPrefix(prefix) { streams[e.stream, default: []].append(e) }
        let rows = try streams.keys.sorted().flatMap { try fold($0, streams[$0]!) }
        tables[table.name] = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        counters[table.rowCounter] = Int64(tables[table.name]!.count)
        if let sequence = table.sequence { counters[table.counter] = rows.compactMap { $0.values[sequence].flatMap { Int64($0) } }.max() ?? 0 }
        return rows.count
    }
}
