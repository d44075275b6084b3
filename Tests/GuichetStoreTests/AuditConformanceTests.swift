import Foundation
import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// The audit log (issue #9, item 4): each engine writes the entry of a change in the change's own
/// transaction — a change is never stored without its entry, nor an entry without its change.
@Suite struct AuditConformanceTests {
    static let t0 = BillingStoreConformanceTests.t0
    static let who = AuditContext(actor: "billingAgent:agent.facturation", method: "POST", path: "/api/v1/payments", what: "application/json, 120 bytes",
                                  request: "req-1")

    static func event(_ type: String, _ n: Int) -> NewEvent {
        try! NewEvent(stream: "contract:k1", type: type, payload: #"{"n":\#(n)}"#, recordedAt: t0.adding(seconds: Int64(n)))
    }

    @Test(arguments: TestStores.engines)
    func everyChangeIsAuditedInItsOwnTransactionWithBeforeAndAfter(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            // A store used outside any request, command or job adds nothing.
            _ = try await store.append([Self.event("draft", 0)], idempotency: nil)
            #expect(try await store.auditEntries(limit: 10).entries.isEmpty)

            let key = try IdempotencyKey(scope: "test", key: "k", fingerprint: "f1")
            let appended = try await AuditContext.$current.withValue(Self.who) {
                let appended = try await store.append([Self.event("ordered", 1), Self.event("activated", 2)], idempotency: key).events
                // A replay stores nothing, so no entry; a refused write (reused key, other content) neither.
                _ = try await store.append([Self.event("ordered", 1), Self.event("activated", 2)], idempotency: key)
                let conflict = try IdempotencyKey(scope: "test", key: "k", fingerprint: "f2")
                await #expect(throws: StoreError.self) { try await store.append([Self.event("x", 3)], idempotency: conflict) }
                // An invoice batch that fails half-way writes neither invoices nor entry.
                await #expect(throws: (any Error).self) {
                    try await store.issue([BillingStoreConformanceTests.pending("c"), BillingStoreConformanceTests.pending("d", fail: true)], at: Self.t0)
                }
                _ = try await store.issue([BillingStoreConformanceTests.pending("a")], at: Self.t0)
                try await store.appendState(invoiceID: "inv_a", state: .sent, note: "e-mail", at: Self.t0)
                let payment = StoredPayment(id: "pay_1", account: "a", method: .transfer, amount: Money(cents: 500), receivedOn: BillingStoreConformanceTests.day,
                                            reference: "VIR 1", allocations: [.init(invoiceID: "inv_a", amount: Money(cents: 500))], recordedAt: Self.t0)
                #expect(try await store.recordPayment(payment))
                #expect(try await store.recordPayment(payment) == false)
                return appended
            }
            // The entry is the row right after the change's own: written in the same transaction.
            let raw = try await store.events(stream: "audit", after: 0)
            #expect(raw.first?.sequence == appended[1].sequence + 1)

            let entries = try await store.auditEntries(limit: 10).entries
            #expect(entries.map { $0.changes ?? [] } == [
                ["payment pay_1 of 5.00 by transfer on 2026-06-01, account a, 5.00 to invoice inv_a"],
                ["invoice inv_a: sent (e-mail)"],
                ["invoice inv_a FA2026-000001 issued to cus_a: 14.40 TTC"],
                ["contract:k1#\(appended[0].sequence) ordered", "contract:k1#\(appended[1].sequence) activated"],
            ])
            // A row that changed says what it was; added rows and history entries have no before
            // (a history entry's before is its stream's previous entry).
            #expect(entries.map { $0.before } == [nil, ["invoice inv_a: issued"], nil, nil])
            #expect(entries.allSatisfy { $0.actor == Self.who.actor && $0.request == "req-1" && $0.path == "/api/v1/payments" && $0.what == Self.who.what })
        }
    }

    /// Issue 22: the log is read through its index — by actor, by a stream written, by time — a page at a time, latest
    /// first, with the count of what matches; an erasure that rewrites an entry's author rewrites its index too.
    @Test(arguments: TestStores.engines)
    func theLogIsReadByActorStreamAndTimeThroughItsIndex(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let chef = AuditContext(actor: "operatorAdmin:chef", method: "POST", path: "/api/v1/contracts")
            let job = AuditContext.job("dunning")
            func write(_ context: AuditContext, _ stream: String, _ n: Int) async throws -> Int64 {
                try await AuditContext.$current.withValue(context) {
                    try await store.append([try NewEvent(stream: stream, type: "changed", payload: "{}", recordedAt: Self.t0.adding(seconds: Int64(n)))],
                                           idempotency: nil).events[0].sequence
                }
            }
            for n in 0..<6 { _ = try await write(n % 2 == 0 ? chef : job, n < 4 ? "contract:k1" : "contract:k2", n) }
            // Table rows are told in words: no stream named, no resource indexed.
            _ = try await AuditContext.$current.withValue(chef) { try await store.issue([BillingStoreConformanceTests.pending("x")], at: Self.t0) }

            let all = try await store.auditEntries(AuditQuery(limit: 3))
            #expect(all.total == 7 && all.entries.count == 3 && all.entries[0].changes?.first?.hasPrefix("invoice inv_x ") == true)
            let chefs = try await store.auditEntries(AuditQuery(actor: chef.actor, offset: 1, limit: 10))
            #expect(chefs.total == 4 && chefs.entries.map(\.at) == [Self.t0.adding(seconds: 4), Self.t0.adding(seconds: 2), Self.t0])
            let k1 = try await store.auditEntries(AuditQuery(resource: "contract:k1", limit: 10))
            #expect(k1.total == 4 && k1.entries.allSatisfy { $0.changes?.first?.hasPrefix("contract:k1#") == true })
            let jobsOnK2 = try await store.auditEntries(AuditQuery(actor: job.actor, resource: "contract:k2", limit: 10))
            #expect(jobsOnK2.total == 1 && jobsOnK2.entries.map(\.at) == [Self.t0.adding(seconds: 5)])
            let window = try await store.auditEntries(AuditQuery(since: Self.t0.adding(seconds: 1), until: Self.t0.adding(seconds: 3), limit: 10))
            #expect(window.total == 2 && window.entries.map(\.at) == [Self.t0.adding(seconds: 2), Self.t0.adding(seconds: 1)])
            #expect(try await store.auditEntries(AuditQuery(actor: "nobody", limit: 10)).total == 0)

            // The erasure of the chef's person: the entry's author is rewritten, in the log and in its index.
            let first = try #require(try await store.events(stream: AuditContext.stream, after: 0).first)
            let entry = try JSONDecoder().decode(AuditEntry.self, from: Data(first.payload.utf8))
            let erased = String(decoding: try JSONEncoder().encode(entry.erasingPersonalData(author: true, placeholder: "[effacé]")), as: UTF8.self)
            try await store.erase([Erasure(sequence: first.sequence, payload: erased)], reason: "test", at: Self.t0)
            #expect(try await store.auditEntries(AuditQuery(actor: chef.actor, limit: 10)).total == 3)
            #expect(try await store.auditEntries(AuditQuery(actor: "operatorAdmin:[effacé]", limit: 10)).entries.map(\.at) == [Self.t0])
        }
    }

    /// Issue 22: an entry that names many changes (an import's batch names every stream it wrote) is listed with its first
    /// 20 and their count; its index still names every stream; an erasure rewrites the summary with the entry.
    @Test(arguments: TestStores.engines)
    func anEntryOfManyChangesIsListedByItsSummary(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let importer = AuditContext(actor: "cli:marie", method: "CLI", path: "guichet import customers base.csv", what: "Marie Dupont")
            let events = try (0..<30).map { try NewEvent(stream: "customer:c\($0)", type: "customer-created", payload: "{}", recordedAt: Self.t0) }
            _ = try await AuditContext.$current.withValue(importer) { try await store.append(events, idempotency: nil) }
            let listed = try #require(try await store.auditEntries(AuditQuery(limit: 10)).entries.first)
            #expect(listed.changes?.count == 20 && listed.changeCount == 30 && listed.changes?.last?.hasPrefix("customer:c19#") == true)
            #expect(try await store.auditEntries(AuditQuery(resource: "customer:c29", limit: 10)).total == 1)
            // The history keeps the whole entry.
            let stored = try #require(try await store.events(stream: AuditContext.stream, after: 0).first)
            let entry = try JSONDecoder().decode(AuditEntry.self, from: Data(stored.payload.utf8))
            #expect(entry.changes?.count == 30 && entry.changeCount == nil)
            let erased = String(decoding: try JSONEncoder().encode(entry.erasingPersonalData(author: true, placeholder: "[effacé]")), as: UTF8.self)
            try await store.erase([Erasure(sequence: stored.sequence, payload: erased)], reason: "test", at: Self.t0)
            let after = try #require(try await store.auditEntries(AuditQuery(limit: 10)).entries.first)
            #expect(after.what == "[effacé]" && after.actor == "cli:[effacé]" && after.changeCount == 30)
        }
    }
}
