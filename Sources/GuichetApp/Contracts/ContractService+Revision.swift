import GuichetCore
import GuichetData
import GuichetStore

/// 004 §15.1 on running contracts: each module's monthly fee revised by the index formula on the first day of its
/// signature's anniversary month, from the index values recorded (D-RUN-9).
extension ContractService {
    /// The revision a contract's order schedules on its first anniversary month, or the next after `day`; nil for a
    /// contract the index does not revise.
    package func scheduledRevision(_ c: Contract, onOrAfter day: LocalDate) -> Obligation? {
        guard let on = c.revisionDay(onOrAfter: day) else { return nil }
        return due(.revise, of: c, on: on, Explanation(rule: "the first day of the month of the anniversary of the module's order signature",
                                                   source: "004 §15.1", inputs: ["signed on": c.orderedOn.description], result: on.description))
    }

    /// Executes a revision: the fee in force the day before, revised with the indices published by the due day, recorded
    /// from that day with the obligation settled and the next anniversary's scheduled, in one transaction. Without the
    /// index values it fails, naming the one missing; recording them takes it up again (`recordIndices`). Nil when
    /// another executor got there first.
    package func revise(_ id: String, executing o: Obligation, indices: [IndexValue], at now: Instant) async throws -> Obligation? {
        guard var contract = try await contract(id) else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        guard !contract.state.isFinal, let previous = contract.fee(on: o.dueOn.adding(days: -1)) else {
            return try await settle(o, as: .superseded, outcome: "the contract is \(contract.state.rawValue): no fee to revise", at: now)
        }
        let revised: PriceRevision.Result
        do {
            revised = try PriceRevision(indices: indices).revise(previous.amount, on: o.dueOn)
        } catch {
            return try await settle(o, as: .failed, outcome: "\(error.description): recording the index values "
                                        + "(guichet catalog indices, POST /api/v1/catalogs/indices) takes the revision up again", at: now)
        }
        let revision = FeeRevision(on: o.dueOn, amount: revised.revised, explanation: revised.explanation)
        try contract.revise(revision)
        guard let done = o.settled(.done, at: now, outcome: "monthly fee \(previous.amount) → \(revised.revised) from \(o.dueOn)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-revision", key: "\(id)@\(o.dueOn)", fingerprint: revised.revised.description)
        let next = scheduledRevision(contract, onOrAfter: o.dueOn.adding(days: 1))
        return try await record(&contract, .revised, key: key, settling: [done], scheduling: [next].compactMap { $0 }, at: now) {
            ContractRepository.Revision(revision: revision, next: $0)
        } ? done : nil
    }

    package var priceIndices: PriceIndexRepository { PriceIndexRepository(store: store) }

    public struct IndexRecording: Sendable, Codable {
        /// The values the file held, and how many the registry holds now.
        public let recorded: Int
        public let held: Int
        public let replayed: Bool
        /// The revisions that had failed for want of these values, scheduled again on their day.
        public let retried: [Obligation]
    }

    /// Records index values (`IndexFile`'s CSV) for the revisions, then schedules again, on their own day, the revisions
    /// that failed for want of an index: the next run executes them.
    public func recordIndices(csv: String, file: String, at now: Instant) async throws -> IndexRecording {
        let values = try IndexFile.parse(csv, file: file)
        let replayed = try await priceIndices.record(values, file: file, at: now)
        let held = try await priceIndices.all().count
        var retried: [Obligation] = []
        var offset = 0
        while true {
            let failed = try await obligations.page(StateQuery(equal: ["kind": Obligation.Kind.revise.rawValue, "state": Obligation.State.failed.rawValue],
                                                               offset: offset, limit: 200)).items
            if failed.isEmpty { break }
            offset += failed.count
            for o in failed {
                let again = Obligation(id: ResourceID.make("obl"), kind: .revise, resource: o.resource, dueOn: o.dueOn, dueAt: o.dueAt,
                                       explanation: o.explanation)
                // Once per failed revision, however many times values are recorded.
                let key = try IdempotencyKey(scope: "revision-retry", key: o.id, fingerprint: "retry")
                let stored = try ObligationRepository.stored(again, at: now)
                if try await !store.append([stored.event], state: [stored.row], idempotency: key).replayed { retried.append(again) }
            }
        }
        return IndexRecording(recorded: values.count, held: held, replayed: replayed, retried: retried)
    }
}

extension ContractService {
    /// The index values recorded, by series then publication day.
    public func priceIndexValues() async throws -> [IndexValue] { try await priceIndices.all() }
}
