import GuichetCore
import GuichetStore

/// 003 CG 5 on its days (D-CTR-22): a failed activation reported within 7 jours ouvrés of the subscription gives Orange a
/// month (or the later day the customer accepts) to resolve it; past that day the customer is told they may terminate, and
/// once they do, what they paid is refunded within 30 days.
extension ContractService {
    public func activationFailure(_ id: String, _ step: ActivationFailure.Step, on day: LocalDate?, until: LocalDate?, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let territory = territories[c.territoryID] else { throw ContractServiceError.notFound(id) }
        let today = today(in: c.territoryID, at: now), day = day ?? today
        guard day <= today else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        guard step != .lapsed, step != .refunded else { throw ContractError.invalid(field: "step", reason: "the scheduler records \(step.rawValue)") }
        let calendar = WorkCalendar(territory: territory)
        let pending = try await obligations.of(ContractRepository.stream(id)).filter { $0.state == .pending && $0.kind == .activationFailureDeadline }
        var settling: [Obligation] = [], scheduling: [Obligation] = []
        if step == .terminated {
            // The right is checked before the contract ends, then recorded on the ended contract.
            var check = c
            try check.recordActivationFailure(step, on: day, calendar: calendar)
            let why = "\(c.family.terms.activationFailureArticle ?? "003 CG 5"): the failed activation was not resolved by \(c.activationFailure!.resolveBy)"
            c = try await change(c.state == .pendingActivation ? .cancel : .terminate, to: id, on: day, note: why, executing: nil, at: now).contract
            // « au plus tard dans les trente (30) jours »: paid back at the next run, the 30th day the latest it may be.
            scheduling = [due(.activationFailureRefund, of: c, on: day, Explanation(
                rule: "everything paid refunded within 30 days of the termination", source: "003 CG 5", inputs: ["terminated": day.description],
                result: "by \(day.adding(days: ActivationFailure.refundDays))"))].compactMap { $0 }
        }
        try c.recordActivationFailure(step, on: day, until: until, calendar: calendar)
        let f = c.activationFailure!
        switch step {
        case .reported, .extended:
            settling = pending.compactMap { $0.settled(.superseded, at: now, outcome: "the customer accepted until \(f.resolveBy)") }
            scheduling = [due(.activationFailureDeadline, of: c, on: f.resolveBy.adding(days: 1), Explanation(
                rule: "the failure reported on \(f.reportedOn) not resolved by its day: the customer may terminate", source: "003 CG 5",
                inputs: ["reported": f.reportedOn.description, "resolve by": f.resolveBy.description], result: f.resolveBy.adding(days: 1).description))]
                .compactMap { $0 }
        case .resolved: settling = pending.compactMap { $0.settled(.cancelled, at: now, outcome: "resolved on \(day)") }
        case .terminated, .lapsed, .refunded: break
        }
        let key = try IdempotencyKey(scope: "contract-activation-failure", key: "\(id)#\(step.rawValue)@\(day)", fingerprint: until?.description ?? "")
        guard try await record(&c, .activationFailure, key: key, settling: settling, scheduling: scheduling, at: now, payload: {
            ContractRepository.ActivationFailureStep(step: step, on: day, until: until, next: $0)
        }) else { return try await contract(id) ?? c }
        return c
    }

    /// Executes the deadline: unresolved, the customer is told, by e-mail or a letter, that they may terminate and be refunded.
    package func activationFailureLapsed(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id), let territory = territories[c.territoryID] else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        guard let f = c.activationFailure, f.resolvedOn == nil, f.terminatedOn == nil, !c.state.isFinal else {
            return try await settle(o, as: .superseded, outcome: "nothing left to resolve", at: now)
        }
        let day = max(o.dueOn, territory.zone.local(now).date)
        try c.recordActivationFailure(.lapsed, on: day, calendar: WorkCalendar(territory: territory))
        let notice = try await notice(c, on: day, at: now) { MailTemplates.activationFailureLapsed(c, f, to: $0) }
        guard let done = o.settled(.done, at: now, outcome: "the customer told they may terminate: \(notice.sent)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-activation-failure", key: "\(id)#lapsed@\(f.resolveBy)", fingerprint: day.description)
        return try await record(&c, .activationFailure, key: key, settling: [done], events: notice.mail, rows: notice.letter, at: now, payload: {
            ContractRepository.ActivationFailureStep(step: .lapsed, on: day, until: nil, next: $0)
        }) ? done : nil
    }
}
