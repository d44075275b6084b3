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
}
