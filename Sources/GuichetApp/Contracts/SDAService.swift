import Foundation
import GuichetCore
import GuichetStore

/// The SDA inventory (004 §2.4.1, §4.4): its history one append-only stream of operations (`sda-inventory`), its
/// present one `sda_numbers` row per number, written with each operation. An operation reads the rows of the numbers
/// it names, is checked by the core's `SDAInventory` on them, and is stored with an idempotency key on each number's
/// count of operations, so that two operations on a number at once cannot both apply.
public struct SDAService: Sendable {
    package static let stream = "sda-inventory"
    package static let operationType = "sda-operation"
    package static let table = StateTable.sdaNumbers
    package let store: any EventStore
    package let plan: NumberingPlan

    package init(store: any EventStore, plan: NumberingPlan) { self.store = store; self.plan = plan }

    public enum Operation: Codable, Sendable {
        case addRange(first: String, count: Int)
        case importKept(number: String, customer: String, site: String)
        case allocate(number: String, customer: String, site: String, user: String?, on: LocalDate)
        case release(number: String, on: LocalDate)
    }

    /// A number's row: its entry while it is in the inventory (a kept number released has left it), and how many
    /// operations it has had.
    package struct Number: Codable, Sendable, Hashable {
        package var entry: SDAInventory.Entry
        package var inInventory: Bool
        package var operations: Int
    }

    package func apply(_ op: Operation, to inventory: inout SDAInventory) throws(NumberingError) {
        switch op {
        case .addRange(let first, let count): try inventory.addRange(first: first, count: count, plan: plan)
        case .importKept(let n, let c, let s): try inventory.importKept(n, customer: c, site: s, plan: plan)
        case .allocate(let n, let c, let s, let u, let d): try inventory.allocate(n, customer: c, site: s, user: u, on: d)
        case .release(let n, let d): try inventory.release(n, on: d)
        }
    }

    /// The numbers an operation changes, as the inventory keys them.
    package func numbers(_ op: Operation) throws(NumberingError) -> [String] {
        switch op {
        case .addRange(let first, let count): return try SDAInventory.range(first: first, count: count, plan: plan)
        case .importKept(let n, _, _): return [try plan.classify(n).e164 ?? n]
        case .allocate(let n, _, _, _, _), .release(let n, _): return [n]
        }
    }

    /// The rows of `names` (the numbers `op` changes) after it, from their rows before it (absent: never in the inventory).
    package func after(_ op: Operation, _ names: [String], _ before: [String: Number]) throws(NumberingError) -> [Number] {
        var inventory = SDAInventory(entries: before.values.filter(\.inInventory).map(\.entry))
        try apply(op, to: &inventory)
        return names.compactMap { n in
            let count = (before[n]?.operations ?? 0) + 1
            if let entry = inventory.entries[n] { return Number(entry: entry, inInventory: true, operations: count) }
            return before[n].map { Number(entry: $0.entry, inInventory: false, operations: count) }
        }
    }

    package static func row(_ n: Number) throws -> StateRow {
        guard n.inInventory else {
            return StateRow(table: table, key: n.entry.e164, values: ["status": "gone"], search: [n.entry.e164], body: try StoredJSON.text(n))
        }
        var values = ["status": n.entry.customer == nil ? "stock" : "allocated"]
        values["customer_id"] = n.entry.customer
        values["site"] = n.entry.site
        // Empty: no quarantine, so that `available_from <= day` finds every number free that day.
        if n.entry.customer == nil { values["available_from"] = n.entry.availableFrom?.description ?? "" }
        return StateRow(table: table, key: n.entry.e164, values: values, search: [n.entry.e164, n.entry.customer, n.entry.site, n.entry.user],
                        body: try StoredJSON.text(n))
    }

    /// Applies an operation and stores it with its numbers' rows; a refused operation throws `NumberingError`.
    public func perform(_ op: Operation, at now: Instant) async throws {
        let names = try numbers(op)
        let before = try await store.stateRows(Self.table, where: Self.table.key, in: names)
            .reduce(into: [String: Number]()) { $0[$1.key] = try JSONDecoder().decode(Number.self, from: Data($1.body.utf8)) }
        let changed = try after(op, names, before)
        let payload = String(decoding: try JSONEncoder().encode(op), as: UTF8.self)
        // One number: its count of operations, which a concurrent operation on it would have read too. A range: the
        // range itself (the rows checked above exclude any number already added).
        let key = changed.count == 1 ? "\(changed[0].entry.e164)#\(changed[0].operations)" : "range:\(names[0])+\(names.count)"
        _ = try await store.append([try NewEvent(stream: Self.stream, type: Self.operationType, payload: payload, recordedAt: now)],
                                   state: try changed.map(Self.row),
                                   idempotency: try IdempotencyKey(scope: Self.stream, key: key, fingerprint: payload))
    }

    /// A customer's allocated numbers returned on `day` (004 §4.4: back to stock after the 40 days' quarantine; a kept number
    /// leaves the inventory), as the events and rows the end of its Workplace contract stores in its transaction.
    package static func returning(customer: String, on day: LocalDate, in store: any EventStore, at now: Instant) async throws
        -> [(event: NewEvent, row: StateRow)] {
        var query = StateQuery(equal: ["customer_id": customer, "status": "allocated"])
        query.totalWanted = false
        return try await store.statePage(table, query).bodies.map { body in
            let held = try JSONDecoder().decode(Number.self, from: Data(body.utf8))
            var inventory = SDAInventory(entries: [held.entry])
            try inventory.release(held.entry.e164, on: day)
            let after = Number(entry: inventory.entries[held.entry.e164] ?? held.entry, inInventory: inventory.entries[held.entry.e164] != nil,
                               operations: held.operations + 1)
            let op = Operation.release(number: held.entry.e164, on: day)
            return (try NewEvent(stream: stream, type: operationType, payload: StoredJSON.text(op), recordedAt: now), try row(after))
        }
    }

    /// A number in the inventory, nil when it is not there.
    public func entry(_ e164: String) async throws -> SDAInventory.Entry? {
        guard let row = try await store.stateRow(Self.table, key: e164) else { return nil }
        let n = try JSONDecoder().decode(Number.self, from: Data(row.body.utf8))
        return n.inInventory ? n.entry : nil
    }

    /// A page of the inventory by number: a customer's numbers, those free to allocate on a day, or all.
    public func page(customer: String? = nil, availableOn day: LocalDate? = nil, offset: Int = 0, limit: Int?)
        async throws -> (items: [SDAInventory.Entry], total: Int) {
        var query = StateQuery(offset: offset, limit: limit)
        query.oneOf["status"] = day == nil ? ["stock", "allocated"] : ["stock"]
        if let customer { query.equal["customer_id"] = customer }
        if let day { query.atMost["available_from"] = day.description }
        let page = try await store.statePage(Self.table, query)
        return (try page.bodies.map { try JSONDecoder().decode(Number.self, from: Data($0.utf8)).entry }, page.total)
    }

    /// The rows the inventory's history leaves (`guichet rebuild-state`, and the first opening after migration 19).
    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> [StateRow] {
        var state: [String: Number] = [:]
        for e in events {
            let op = try JSONDecoder().decode(Operation.self, from: Data(e.payload.utf8))
            // Only two overlapping ranges added at once store an operation the inventory then refuses; the second wrote
            // the same stock rows as the first.
            guard let names = try? numbers(op), let changed = try? after(op, names, Dictionary(uniqueKeysWithValues: names.compactMap { k in state[k].map { (k, $0) } }))
            else { continue }
            for n in changed { state[n.entry.e164] = n }
        }
        return try state.keys.sorted().map { try Self.row(state[$0]!) }
    }
}
