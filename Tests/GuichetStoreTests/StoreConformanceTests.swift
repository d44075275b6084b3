import Foundation
import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// One suite, every engine: what any Store must do, on SQLite and on a real PostgreSQL server.
@Suite struct StoreConformanceTests {
    static let t0 = try! Instant(iso: "2026-11-21T10:00:00Z")

    static func event(_ stream: String, _ type: String, _ n: Int = 0) -> NewEvent {
        try! NewEvent(stream: stream, type: type, payload: #"{"n":\#(n)}"#, recordedAt: t0.adding(seconds: Int64(n)))
    }

    @Test(arguments: TestStores.engines)
    func migrationsApplyOnceInOrder(engine: StoreEngine) async throws {
        try await TestStores.with(engine, migrated: false) { store, _ in
            #expect(try await store.appliedMigrations().isEmpty)
            let first = try await store.migrate()
            #expect(first.map(\.version) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
            #expect(try await store.migrate().isEmpty)
            #expect(try await store.appliedMigrations() == first)
        }
    }

    /// GDPR art. 17 against an append-only history: an erasure rewrites a payload and records it;
    /// nothing else can change an event, and an erasure naming an unknown event changes nothing.
    @Test(arguments: TestStores.engines)
    func onlyARecordedErasureRewritesAnEvent(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let stored = try await store.append([Self.event("customer:c1", "customer-created", 1), Self.event("customer:c1", "rectified", 2)],
                                                idempotency: nil).events
            try await store.erase([Erasure(sequence: stored[0].sequence, payload: #"{"erased":true}"#)], reason: "GDPR art. 17", at: Self.t0)
            let after = try await store.events(stream: "customer:c1", after: 0)
            #expect(after.map(\.payload) == [#"{"erased":true}"#, #"{"n":2}"#])
            #expect(after[0].type == "customer-created" && after[0].recordedAt == stored[0].recordedAt)
            #expect(try await store.erasures() == [ErasureRecord(sequence: stored[0].sequence, reason: "GDPR art. 17", erasedAt: Self.t0)])
            // All or none: the second rewrite names no event, so the first is not applied either.
            await #expect(throws: (any Error).self) {
                try await store.erase([Erasure(sequence: stored[1].sequence, payload: "{}"), Erasure(sequence: 999_999, payload: "{}")],
                                      reason: "x", at: Self.t0)
            }
            #expect(try await store.events(stream: "customer:c1", after: 0)[1].payload == #"{"n":2}"#)
            #expect(try await store.erasures().count == 1)
        }
    }

    @Test(arguments: TestStores.engines)
    func eventsComeBackInAppendOrderPerStream(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let a = try await store.append([Self.event("ctr_1", "created", 1), Self.event("ctr_2", "created", 2),
                                            Self.event("ctr_1", "activated", 3)], idempotency: nil)
            #expect(a.replayed == false)
            #expect(a.events.map(\.sequence) == a.events.map(\.sequence).sorted())
            let ctr1 = try await store.events(stream: "ctr_1", after: 0)
            #expect(ctr1.map(\.type) == ["created", "activated"])
            #expect(ctr1.first?.payload == #"{"n":1}"#)
            #expect(ctr1.first?.recordedAt == Self.t0.adding(seconds: 1))
            #expect(try await store.events(stream: "ctr_1", after: ctr1[0].sequence).map(\.type) == ["activated"])
            #expect(try await store.events(stream: "nobody", after: 0).isEmpty)
        }
    }

    @Test(arguments: TestStores.engines)
    func anIdempotencyKeyStoresOnce(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let key = try IdempotencyKey(scope: "cdr-import", key: "file-2026-11.csv", fingerprint: "sha256:aaa")
            let batch = [Self.event("imp_1", "line", 1), Self.event("imp_1", "line", 2)]
            let first = try await store.append(batch, idempotency: key)
            let again = try await store.append(batch, idempotency: key)
            #expect(!first.replayed && again.replayed)
            #expect(again.events == first.events)
            #expect(try await store.events(stream: "imp_1", after: 0).count == 2)
        }
    }

    @Test(arguments: TestStores.engines)
    func aReusedKeyWithOtherContentIsRefusedAndStoresNothing(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let key = try IdempotencyKey(scope: "bill-run", key: "2026-11", fingerprint: "sha256:aaa")
            _ = try await store.append([Self.event("run_1", "planned")], idempotency: key)
            let other = try IdempotencyKey(scope: "bill-run", key: "2026-11", fingerprint: "sha256:bbb")
            await #expect(throws: StoreError.idempotencyConflict(scope: "bill-run", key: "2026-11")) {
                try await store.append([Self.event("run_1", "planned-again"), Self.event("run_2", "x")], idempotency: other)
            }
            #expect(try await store.events(stream: "run_1", after: 0).map(\.type) == ["planned"])
            #expect(try await store.events(stream: "run_2", after: 0).isEmpty)
            // The same key in another scope is another operation.
            let elsewhere = try IdempotencyKey(scope: "cdr-import", key: "2026-11", fingerprint: "sha256:bbb")
            #expect(try await store.append([Self.event("run_2", "x")], idempotency: elsewhere).replayed == false)
        }
    }

    @Test(arguments: TestStores.engines)
    func concurrentCallsWithOneKeyStoreOnce(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let key = try IdempotencyKey(scope: "import", key: "k", fingerprint: "f")
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 { group.addTask { try await store.append([Self.event("imp", "line")], idempotency: key).replayed } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { !$0 }.count == 1)
            #expect(try await store.events(stream: "imp", after: 0).count == 1)
        }
    }

    @Test(arguments: TestStores.engines)
    func dataSurvivesAReopen(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, location in
            _ = try await store.append([Self.event("ctr_9", "created")], idempotency: nil)
            let again = try await openStore(location, logger: TestStores.logger)
            #expect(try await again.events(stream: "ctr_9", after: 0).count == 1)
            #expect(try await again.appliedMigrations().map(\.version) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
            try await again.ping()
            try await again.close()
        }
    }

    @Test(arguments: TestStores.engines)
    func streamsAreListedByPrefixLiterally(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            _ = try await store.append([Self.event("contract:b", "x"), Self.event("contract:a", "x"), Self.event("contract:a", "y"),
                                        Self.event("contracts", "x"), Self.event("customer:a", "x"), Self.event("a_b:1", "x"), Self.event("axb:1", "x")],
                                       idempotency: nil)
            #expect(try await store.streams(withPrefix: "contract:") == ["contract:a", "contract:b"])
            #expect(try await store.streams(withPrefix: "a_b") == ["a_b:1"])     // "_" is not a wildcard
            #expect(try await store.streams(withPrefix: "nothing").isEmpty)
            // Their events in one read, in the order appended, the same prefix read literally.
            let events = try await store.events(streamsWithPrefix: "contract:").map { "\($0.stream) \($0.type)" }
            #expect(events == ["contract:b x", "contract:a x", "contract:a y"])
            #expect(try await store.events(streamsWithPrefix: "a_b").map(\.stream) == ["a_b:1"])
        }
    }

    @Test func eventsAreValidatedBeforeAnyEngineSeesThem() {
        #expect(throws: StoreError.invalid(field: "stream", reason: "must not be empty")) {
            try NewEvent(stream: "", type: "x", payload: "{}", recordedAt: Self.t0)
        }
        #expect(throws: StoreError.self) { try IdempotencyKey(scope: "s", key: "", fingerprint: "f") }
    }
}
