import GuichetCore
import GuichetStore

/// Executes the obligations that are due (issue 23), due first, each in its own transaction with the change it makes:
/// `serve`'s scheduler every minute, `guichet run-due` and `POST /api/v1/obligations/run-due` on demand. Run twice,
/// nothing happens twice: an executed obligation is no longer pending, and the change it makes carries the contract's
/// idempotency key, so that two instances running at once execute it once.
public struct ObligationRunner: Sendable {
    package let contracts: ContractService
    package var repository: ObligationRepository { contracts.obligations }

    package init(contracts: ContractService) { self.contracts = contracts }

    /// The obligations due by `instant` (the scheduler: now), or on or before `day` in their territory (`run-due --until`),
    /// as they were settled by this run.
    public func runDue(by instant: Instant?, on day: LocalDate? = nil, at now: Instant) async throws -> [Obligation] {
        var settled: [Obligation] = []
        // Left pending by this run (another instance settled it meanwhile): still first in due order, so skipped by offset.
        var left = 0
        while true {
            let page = try await repository.due(by: instant, on: day, offset: left, limit: 200)
            if page.isEmpty { break }
            for o in page {
                if let s = try await execute(o, at: now) { settled.append(s) } else { left += 1 }
            }
        }
        return settled
    }

    /// Executes one obligation; nil when another executor got there first.
    package func execute(_ o: Obligation, at now: Instant) async throws -> Obligation? {
        switch o.kind {
        case .terminate:
            let id = String(o.resource.dropFirst(ContractRepository.prefix.count))
            do {
                return try await contracts.terminate(id, executing: o, at: now)
            } catch ContractError.illegalTransition(_, let from) {
                return try await contracts.settle(o, as: from.isFinal ? .superseded : .failed,
                                                  outcome: "the contract is \(from.rawValue): nothing to terminate", at: now)
            } catch StoreError.idempotencyConflict {
                return nil
            }
        }
    }
}
