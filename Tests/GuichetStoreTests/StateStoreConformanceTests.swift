import Foundation
import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// The state tables on every engine: rows written with their events, or not at all; lists filtered,
/// counted and paged in SQL; counters; a rebuild from the streams.
@Suite struct StateStoreConformanceTests {
    static let t0 = try! Instant(iso: "2026-11-21T10:00:00Z")

    static func customer(_ id: String, number: Int, territory: String, name: String, external: String? = nil) -> StateRow {
        var values = ["customer_number": String(format: "%09d", number), "kind": "consumer", "territory": territory, "billing_account": "ba_\(id)"]
        values["external_id"] = external
        return StateRow(table: .customers, key: id, values: values, search: [name, external], body: #"{"id":"\#(id)","name":"\#(name)"}"#)
    }

    static func created(_ row: StateRow) -> NewEvent {
        try! NewEvent(stream: "customer:\(row.key)", type: "customer-created", payload: row.body, recordedAt: t0)
    }

    @Test(arguments: TestStores.engines)
    func rowsAreWrittenWithTheirEventsOrNotAtAll(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let a = Self.customer("c1", number: 1, territory: "GP", name: "Marie Dupont")
            let key = try IdempotencyKey(scope: "test", key: "k", fingerprint: "f1")
            _ = try await store.append([Self.created(a)], state: [a], idempotency: key)
            #expect(try await store.stateRow(.customers, key: "c1") == a)
            // A second version replaces the row.
            let renamed = Self.customer("c1", number: 1, territory: "GP", name: "Marie Martin")
            _ = try await store.append([Self.created(renamed)], state: [renamed], idempotency: nil)
            #expect(try await store.stateRow(.customers, key: "c1")?.body == renamed.body)
            // The search index and the row count follow the new version (the upsert counts no second row).
            #expect(try await store.statePage(.customers, StateQuery(search: "martin")).total == 1)
            #expect(try await store.statePage(.customers, StateQuery(search: "dupont")).total == 0)
            #expect(try await store.statePage(.customers, StateQuery(limit: 1)).total == 1)
            // Refused by its idempotency key: neither the event nor the row is stored.
            let other = Self.customer("c2", number: 2, territory: "MQ", name: "Jean")
            let reused = try IdempotencyKey(scope: "test", key: "k", fingerprint: "f2")
            await #expect(throws: StoreError.idempotencyConflict(scope: "test", key: "k")) {
                _ = try await store.append([Self.created(other)], state: [other], idempotency: reused)
            }
            #expect(try await store.stateRow(.customers, key: "c2") == nil)
            #expect(try await store.events(stream: "customer:c2", after: 0).isEmpty)
            // A unique column (the customer number) taken twice fails the whole transaction.
            let clash = Self.customer("c3", number: 1, territory: "MQ", name: "Clash")
            await #expect(throws: (any Error).self) { _ = try await store.append([Self.created(clash)], state: [clash], idempotency: nil) }
            #expect(try await store.events(stream: "customer:c3", after: 0).isEmpty)
        }
    }

    /// A row written without search text is found once it has one, in a later write or in the same (D-RUN-24).
    @Test(arguments: TestStores.engines)
    func aRowWrittenWithoutSearchTextIsFoundOnceItHasOne(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let blank = Self.customer("c1", number: 1, territory: "GP", name: "")
            _ = try await store.append([Self.created(blank)], state: [blank], idempotency: nil)
            let named = Self.customer("c1", number: 1, territory: "GP", name: "Marie Dupont")
            _ = try await store.append([Self.created(named)], state: [named], idempotency: nil)
            #expect(try await store.statePage(.customers, StateQuery(search: "dupont")).total == 1)
            let blank2 = Self.customer("c2", number: 2, territory: "GP", name: ""), named2 = Self.customer("c2", number: 2, territory: "GP", name: "Jean Martin")
            _ = try await store.append([Self.created(blank2), Self.created(named2)], state: [blank2, named2], idempotency: nil)
            #expect(try await store.statePage(.customers, StateQuery(search: "martin")).total == 1)
            #expect(try await store.statePage(.customers, StateQuery(limit: 1)).total == 2)
        }
    }

    @Test(arguments: TestStores.engines)
    func listsAreFilteredCountedAndPagedInSQL(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let rows = (1...25).map { n in
                Self.customer("c\(n)", number: n, territory: n % 5 == 0 ? "YT" : "GP", name: n == 7 ? "Saïd Ali 100% [vip]*?" : "Client \(n)", external: "EXT-\(n)")
            }
            _ = try await store.append(rows.map(Self.created), state: rows, idempotency: nil)
            func page(_ q: StateQuery) async throws -> (keys: [String], total: Int) {
                let p = try await store.statePage(.customers, q)
                return (p.bodies.map { String($0.dropFirst(7).prefix { $0 != "\"" }) }, p.total)
            }
            // Customer-number order, the total from the same filter.
            let first = try await page(StateQuery(offset: 0, limit: 3))
            #expect(first.keys == ["c1", "c2", "c3"] && first.total == 25)
            let third = try await page(StateQuery(offset: 20, limit: 10))
            #expect(third.keys == ["c21", "c22", "c23", "c24", "c25"] && third.total == 25)
            let mayotte = try await page(StateQuery(equal: ["territory": "YT"], offset: 1, limit: 2))
            #expect(mayotte.keys == ["c10", "c15"] && mayotte.total == 5)
            // Search: case-insensitive substring, `%` and `_` (LIKE's wildcards) and `*`, `?`, `[` (GLOB's) taken literally.
            #expect(try await page(StateQuery(search: "SAÏD")).keys == ["c7"])
            #expect(try await page(StateQuery(search: "[vip]*?")).keys == ["c7"])
            #expect(try await page(StateQuery(search: "cli*nt")).total == 0)
            #expect(try await page(StateQuery(search: "cl?ent")).total == 0)
            #expect(try await page(StateQuery(search: "[c]lient")).total == 0)
            #expect(try await page(StateQuery(search: "100%")).keys == ["c7"])
            #expect(try await page(StateQuery(search: "t_1")).total == 0)
            #expect(try await page(StateQuery(search: #"i"d"#)).total == 0)
            // Under three characters no trigram index answers: refused, never a read of every row.
            await #expect(throws: StoreError.invalid(field: "q", reason: "a search takes at least 3 characters")) {
                _ = try await store.statePage(.customers, StateQuery(search: "_"))
            }
            #expect(try await page(StateQuery(search: "ext-2")).keys == ["c2", "c20", "c21", "c22", "c23", "c24", "c25"])
            var among = StateQuery()
            among.oneOf = ["customer_number": ["000000003", "000000011"]]
            #expect(try await page(among).keys == ["c3", "c11"])
            among.oneOf = ["territory": []]
            #expect(try await page(among).total == 0)
            // An unknown column is refused, never put into SQL.
            await #expect(throws: StoreError.self) { _ = try await store.statePage(.customers, StateQuery(equal: ["name; DROP TABLE x": "1"])) }
            let found = try await store.stateRows(.customers, where: "external_id", in: ["EXT-4", "EXT-99", "EXT-12"])
            #expect(found.map(\.key) == ["c12", "c4"])
            #expect(try await store.stateRows(.customers).count == 25)
        }
    }

    @Test(arguments: TestStores.engines)
    func countersGiveConsecutiveValues(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            #expect(try await store.counter("test") == nil)
            #expect(try await store.nextValues("test", count: 1) == 1...1)
            #expect(try await store.nextValues("test", count: 3) == 2...4)
            #expect(try await store.counter("test") == 4)
            try await store.removeCounter("test")
            #expect(try await store.counter("test") == nil)
        }
    }

    /// The rebuild replaces the table by the fold of the streams, and sets the table's counter.
    @Test(arguments: TestStores.engines)
    func aRebuildFoldsTheStreamsAgain(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let rows = [Self.customer("c1", number: 1, territory: "GP", name: "A"), Self.customer("c2", number: 2, territory: "GP", name: "B")]
            _ = try await store.append(rows.map(Self.created), state: rows, idempotency: nil)
            // A stray row no stream explains, and one the live write got wrong.
            let stray = Self.customer("c9", number: 9, territory: "GP", name: "stray")
            let wrong = Self.customer("c2", number: 2, territory: "MQ", name: "B")
            _ = try await store.append([], state: [stray, wrong], idempotency: nil)
            // Rows are counted per territory and kind as they are added and changed (migration 25, D-SCALE-14).
            func counts() async throws -> [Int64?] {
                var found: [Int64?] = []
                for (column, value) in [("territory", "GP"), ("territory", "MQ"), ("kind", "consumer")] {
                    found.append(try await store.counter(StateTable.customers.valueCounter(column, value)))
                }
                return found
            }
            #expect(try await counts() == [2, 1, 3])
            #expect(try await store.statePage(.customers, StateQuery(equal: ["territory": "MQ"])).total == 1)
            let fold: @Sendable (String, [StoredEvent]) throws -> StateRow? = { stream, events in
                let id = String(stream.dropFirst("customer:".count))
                return rows.first { $0.key == id && $0.body == events.last?.payload }
            }
            #expect(try await store.rebuildState(.customers, streamPrefix: "customer:", fold: fold) == 2)
            #expect(try await store.stateRows(.customers) == rows)
            #expect(try await store.counter(StateTable.customers.counter) == 2)
            // The old rows' deletion and the new rows' insertion counted again.
            #expect(try await counts() == [2, 0, 2])
            #expect(try await store.statePage(.customers, StateQuery(equal: ["territory": "GP"])).total == 2)
            // The row count and the search index lost the stray row with the table's old rows.
            #expect(try await store.statePage(.customers, StateQuery(limit: 1)).total == 2)
            #expect(try await store.statePage(.customers, StateQuery(search: "stray")).total == 0)
        }
    }
}
