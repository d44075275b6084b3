import GRDB
import Synchronization

/// Appends that arrive while another commits wait, then commit together in one transaction (group commit, D-RUN-25).
/// On SQLite a commit writes every page it touched to the WAL, and appends made at the same time touch the same pages
/// (the events' last leaf, the counters, the audit index): eight appends in one commit write far fewer pages than eight
/// commits. Each append stays all-or-nothing and its own: when one fails, the group is rolled back and its appends run
/// again one by one, each in its own transaction, so that only the failing one fails.
final class GroupCommit: Sendable {
    typealias Work = @Sendable (Database) throws -> AppendResult
    private struct Waiting: Sendable {
        let work: Work
        let done: CheckedContinuation<AppendResult, any Error>
    }

    private let pool: DatabasePool
    /// The appends queued, and whether a commit is under way (its task takes them when it is done).
    private let queue = Mutex<(waiting: [Waiting], committing: Bool)>(([], false))
    /// At most this many appends in one transaction, so that none waits behind a long one.
    private static let groupLimit = 64

    init(pool: DatabasePool) { self.pool = pool }

    func append(_ work: @escaping Work) async throws -> AppendResult {
        try await withCheckedThrowingContinuation { done in
            let starts = queue.withLock { q in
                q.waiting.append(Waiting(work: work, done: done))
                defer { q.committing = true }
                return !q.committing
            }
            // Detached: the works carry what they need (their audit context), nothing of the first caller's task.
            if starts { Task.detached { await self.commitWhileWaiting() } }
        }
    }

    private func commitWhileWaiting() async {
        while true {
            let group = queue.withLock { q -> [Waiting] in
                let taken = Array(q.waiting.prefix(Self.groupLimit))
                q.waiting.removeFirst(taken.count)
                if taken.isEmpty { q.committing = false }
                return taken
            }
            if group.isEmpty { return }
            await commit(group)
        }
    }

    private func commit(_ group: [Waiting]) async {
        if group.count > 1, let results = try? await pool.write({ db in try group.map { try $0.work(db) } }) {
            for (w, r) in zip(group, results) { w.done.resume(returning: r) }
            return
        }
        for w in group {
            do { w.done.resume(returning: try await pool.write(w.work)) } catch { w.done.resume(throwing: error) }
        }
    }
}
