import GuichetCore
import GuichetStore

/// Executes the obligations that are due (issue 23), due first, each in its own transaction with the change it makes:
/// `serve`'s scheduler every minute, `guichet run-due` and `POST /api/v1/obligations/run-due` on demand. Run twice,
/// nothing happens twice: an executed obligation is no longer pending, and the change it makes carries the contract's
/// idempotency key, so that two instances running at once execute it once.
public struct ObligationRunner: Sendable {
    package let contracts: ContractService
    package let assistance: RemoteAssistanceService
    package var repository: ObligationRepository { contracts.obligations }

    package init(contracts: ContractService, assistance: RemoteAssistanceService) { self.contracts = contracts; self.assistance = assistance }

    /// The obligations due by `instant` (the scheduler: now), or on or before `day` in their territory (`run-due --until`),
    /// as they were settled by this run.
    public func runDue(by instant: Instant?, on day: LocalDate? = nil, at now: Instant) async throws -> [Obligation] {
        // Obligations schedule their successors (a renewal each year…): a run to a far day would execute centuries of them.
        if let day, day > now.utcDate.adding(days: Self.horizonDays) {
            throw ContractError.invalid(field: "until", reason: "\(day) is more than ten years after today, \(now.utcDate)")
        }
        var settled: [Obligation] = []
        // Left pending by this run (another instance settled it meanwhile): still first in due order, so skipped by offset.
        var left = 0
        while true {
            let page = try await repository.due(by: instant, on: day, offset: left, limit: 1_000)
            if page.isEmpty { break }
            for (_, s) in try await executed(page, at: now) {
                if let s { settled.append(s) } else { left += 1 }
            }
        }
        return settled
    }

    /// How far ahead a run may go: ten years, as `guichet simulate`.
    public static let horizonDays = 3_660

    /// The dunning steps due on `day` (`BillingService.runDunning`), each once: `serve` takes them once a day, `guichet
    /// run-due` and `simulate` on the days they run.
    public func dunning(on day: LocalDate, at now: Instant) async throws -> [BillingService.DunningEntry] {
        try await assistance.billing.runDunning(on: day, at: now)
    }

    /// A page executed, in its order: the obligations of different resources are independent, and run `width` at a time
    /// (each in its own transaction: the reads and encoding of one overlap another's write); those of one resource run
    /// one after the other, in due order. 64 at a time, as many as the store commits together (`GroupCommit`): with 8,
    /// each commit's sync was shared by a handful and the two cores stood half idle (D-RUN-29).
    private func executed(_ page: [Obligation], at now: Instant, width: Int = 64) async throws -> [(Int, Obligation?)] {
        let groups = Dictionary(grouping: page.indices, by: { page[$0].resource }).values.map { $0.sorted() }
        // The index values as recorded by now, by whichever instance, read once for the page's revisions.
        let indices = page.contains { $0.kind == .revise } ? try await contracts.priceIndices.all() : []
        // The contracts the page's first termination of each resource changes, read ahead together (a later one of the same
        // resource reads the contract its predecessor left).
        let firsts = groups.map { $0[0] }.filter { page[$0].kind == .terminate }
        let snapshots = try await contracts.snapshots(firsts.map { Self.contractID(page[$0]) })
        let results = try await withThrowingTaskGroup(of: [(Int, Obligation?)].self) { group in
            var next = groups.makeIterator()
            func start() {
                guard let positions = next.next() else { return }
                group.addTask {
                    var done: [(Int, Obligation?)] = []
                    for i in positions {
                        let snapshot = i == positions[0] ? snapshots[Self.contractID(page[i])] : nil
                        done.append((i, try await execute(page[i], indices: indices, snapshot: snapshot, at: now)))
                    }
                    return done
                }
            }
            for _ in 0..<width { start() }
            var all: [(Int, Obligation?)] = []
            while let part = try await group.next() {
                all += part
                start()
            }
            return all
        }
        return results.sorted { $0.0 < $1.0 }
    }

    private static func contractID(_ o: Obligation) -> String { String(o.resource.dropFirst(ContractRepository.prefix.count)) }

    /// Executes one obligation; nil when another executor got there first.
    package func execute(_ o: Obligation, indices: [IndexValue], snapshot: ContractService.Snapshot? = nil, at now: Instant) async throws -> Obligation? {
        let contract = Self.contractID(o)
        switch o.kind {
        case .terminate:
            return try await changingState(o, notAllowed: { $0.isFinal ? .superseded : .failed }, "nothing to terminate", at: now) {
                try await contracts.terminate(contract, executing: o, snapshot: snapshot, at: now)
            }
        case .appointmentDeadline:
            return try await changingState(o, notAllowed: { _ in .superseded }, "its installation is over", at: now) {
                try await contracts.cancelForNoAppointment(contract, executing: o, at: now)
            }
        case .callback, .feasibilityAnswer: return try await assistance.missed(o, at: now)
        case .revise: return try await contracts.revise(contract, executing: o, indices: indices, at: now)
        case .equipmentReturn: return try await contracts.claimEquipment(contract, executing: o, at: now)
        case .equipmentFees: return try await contracts.chargeEquipment(contract, executing: o, at: now)
        case .renew: return try await contracts.renew(contract, executing: o, at: now)
        case .depositDue:
            return try await changingState(o, notAllowed: { _ in .superseded }, "it ended first", at: now) {
                try await contracts.endForUnpaidDeposit(contract, executing: o, at: now)
            }
        case .depositRefund: return try await assistance.billing.refundDeposit(contract, executing: o, at: now)
        case .misuseSuspension:
            return try await changingState(o, notAllowed: { _ in .superseded }, "nothing to suspend", at: now) {
                try await contracts.suspendForMisuse(contract, executing: o, at: now)
            }
        case .suspendedTermination:
            return try await changingState(o, notAllowed: { _ in .superseded }, "nothing to terminate", at: now) {
                try await contracts.terminateAfterSuspension(contract, executing: o, at: now)
            }
        case .misuseTermination:
            return try await changingState(o, notAllowed: { _ in .superseded }, "nothing to terminate", at: now) {
                try await contracts.terminateForMisuse(contract, executing: o, at: now)
            }
        case .decoderDepositRefund: return try await contracts.refundDecoderDeposit(contract, executing: o, at: now)
        case .offerChange: return try await contracts.makeOfferChange(contract, executing: o, at: now)
        case .optionEnd: return try await contracts.endOption(contract, executing: o, at: now)
        case .paymentSchedule: return try await contracts.sendPaymentSchedule(contract, executing: o, at: now)
        case .activationFailureDeadline: return try await contracts.activationFailureLapsed(contract, executing: o, at: now)
        case .activationFailureRefund: return try await assistance.billing.refundActivationFailure(contract, executing: o, at: now)
        case .advanceSetOff: return try await assistance.billing.setOffAdvance(contract, executing: o, at: now)
        case .merchantRenewal: return try await assistance.billing.renewMerchantSubscription(contract, executing: o, at: now)
        case .documentsReminder: return try await contracts.remindDocuments(contract, executing: o, at: now)
        case .documentsTermination:
            return try await changingState(o, notAllowed: { _ in .superseded }, "nothing to terminate", at: now) {
                try await contracts.terminateForMissingDocuments(contract, executing: o, at: now)
            }
        }
    }

    /// An obligation carried out by a change of its contract's state: a state that does not allow it settles it as
    /// `notAllowed` says, with why; another refusal fails it; another executor's change leaves it to them.
    private func changingState(_ o: Obligation, notAllowed: (ContractState) -> Obligation.State, _ why: String, at now: Instant,
                               _ change: () async throws -> Obligation?) async throws -> Obligation? {
        do {
            return try await change()
        } catch ContractError.illegalTransition(_, let from) {
            return try await contracts.settle(o, as: notAllowed(from), outcome: "the contract is \(from.rawValue): \(why)", at: now)
        } catch let refused as ContractError {
            return try await contracts.settle(o, as: .failed, outcome: refused.description, at: now)
        } catch StoreError.idempotencyConflict {
            return nil
        }
    }
}
