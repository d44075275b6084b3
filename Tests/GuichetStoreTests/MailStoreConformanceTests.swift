import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// What any engine must do with the outbox: queued mail survives until it is marked sent, a
/// claimed message is not handed out again before its lease ends, a failed one comes back when
/// its retry is due, a refused one never.
@Suite struct MailStoreConformanceTests {
    static let t0 = try! Instant(iso: "2026-11-21T10:00:00Z")

    static func queue(_ store: any Store, _ n: Int) async throws {
        let events = try (0..<n).map { i in
            try NewEvent(stream: MailStream.outbox, type: MailStream.queuedType, payload: #"{"n":\#(i)}"#, recordedAt: t0)
        }
        _ = try await store.append(events + [try NewEvent(stream: "ticket:x", type: "filed", payload: "{}", recordedAt: t0)], idempotency: nil)
    }

    @Test(arguments: TestStores.engines)
    func claimLeaseSendRetryRefuse(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            try await Self.queue(store, 3)
            let lease = Self.t0.adding(seconds: 60)
            let first = try await store.claimMail(at: Self.t0, leaseUntil: lease, limit: 10)
            #expect(first.map(\.payload) == [#"{"n":0}"#, #"{"n":1}"#, #"{"n":2}"#])
            // Held by the first claim until its lease ends.
            let during = try await store.claimMail(at: Self.t0.adding(seconds: 30), leaseUntil: lease, limit: 10)
            #expect(during.isEmpty)
            try await store.markMailSent(sequence: first[0].sequence, at: Self.t0)
            try await store.markMailFailed(sequence: first[1].sequence, at: Self.t0, error: "421 try later", retryAt: Self.t0.adding(seconds: 120))
            try await store.markMailFailed(sequence: first[2].sequence, at: Self.t0, error: "550 no such user", retryAt: nil)
            let early = try await store.claimMail(at: Self.t0.adding(seconds: 100), leaseUntil: Self.t0.adding(seconds: 200), limit: 10)
            #expect(early.isEmpty)
            let due = try await store.claimMail(at: Self.t0.adding(seconds: 120), leaseUntil: Self.t0.adding(seconds: 200), limit: 10)
            #expect(due.map(\.sequence) == [first[1].sequence])
            #expect(due.first?.attempts == 1)
            let listed = try await store.mailDeliveries(limit: 10)
            #expect(listed.map(\.state) == [.refused, .pending, .sent])
            #expect(listed[0].lastError == "550 no such user")
            #expect(listed[2].deliveredAt == Self.t0)
        }
    }
}
