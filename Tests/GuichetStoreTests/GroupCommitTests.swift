import Foundation
import GRDB
import GuichetCore
@testable import GuichetStore
import Testing

/// D-RUN-25: on SQLite, the appends made while another commits share the next transaction, and each stays its own.
@Suite struct GroupCommitTests {
    /// Counts the store's commits; touched on the writer's queue only.
    final class Commits: TransactionObserver, @unchecked Sendable {
        var count = 0
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { count += 1 }
        func databaseDidRollback(_ db: Database) {}
    }

    static func event(_ n: Int) -> NewEvent {
        try! NewEvent(stream: "customer:c\(n)", type: "customer-created", payload: #"{"n":\#(n)}"#, recordedAt: AuditConformanceTests.t0)
    }

    /// Runs `appends` while the writer is held by another transaction, so that they all arrive during one commit; returns
    /// their results in order and the commits made after the held one.
    static func whileWriterHeld(_ store: SQLiteStore, _ appends: [(NewEvent, IdempotencyKey?)]) async throws
        -> (results: [Result<AppendResult, any Error>], commits: Int) {
        let commits = Commits()
        try await store.pool.writeWithoutTransaction { db in db.add(transactionObserver: commits, extent: .observerLifetime) }
        let entered = DispatchSemaphore(value: 0)
        let held = Task { try await store.pool.write { _ in entered.signal(); Thread.sleep(forTimeInterval: 0.3) } }
        await withCheckedContinuation { c in DispatchQueue.global().async { entered.wait(); c.resume() } }
        let results = await withTaskGroup(of: (Int, Result<AppendResult, any Error>).self) { group in
            for (n, (event, key)) in appends.enumerated() {
                group.addTask {
                    do { return (n, .success(try await store.append([event], idempotency: key))) } catch { return (n, .failure(error)) }
                }
            }
            var all: [(Int, Result<AppendResult, any Error>)] = []
            for await r in group { all.append(r) }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        try await held.value
        let count = try await store.pool.writeWithoutTransaction { _ in commits.count }
        return (results, count - 1)
    }

    @Test func appendsArrivingDuringACommitShareTheNext() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("g.sqlite").path)
        try await store.migrate()
        let (results, commits) = try await Self.whileWriterHeld(store, (1...20).map { (Self.event($0), nil) })
        // The first append's commit waits for the held one; the nineteen that arrive meanwhile go together into the next.
        #expect(commits <= 3)
        let stored = try results.map { try $0.get().events.map(\.stream) }
        #expect(stored == (1...20).map { ["customer:c\($0)"] })
        #expect(try await store.events(streamsWithPrefix: "customer:").count == 20)
        try await store.close()
    }

    @Test func anAppendThatFailsInAGroupFailsAlone() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("g.sqlite").path)
        try await store.migrate()
        let key = try IdempotencyKey(scope: "test", key: "k", fingerprint: "f1")
        _ = try await store.append([Self.event(0)], idempotency: key)
        let reused = try IdempotencyKey(scope: "test", key: "k", fingerprint: "f2")
        let (results, _) = try await Self.whileWriterHeld(store, (1...6).map { (Self.event($0), $0 == 3 ? reused : nil) })
        for (n, r) in zip(1..., results) {
            switch r {
            case .failure(StoreError.idempotencyConflict) where n == 3: continue
            case .success where n != 3: continue
            default: Issue.record("append \(n): \(r)")
            }
        }
        #expect(try await store.events(streamsWithPrefix: "customer:").map(\.stream).sorted() == [0, 1, 2, 4, 5, 6].map { "customer:c\($0)" })
        try await store.close()
    }
}
