import GuichetCore
import GuichetStore

/// 001 CG 17 and 004 §7.2 on their days: a formal notice for misuse staff record schedules the suspension on the first
/// day its document allows (001: after 5 days without effect; 004: 2 jours ouvrés after its receipt or the held-mail
/// notice); the customer's compliance recorded before cancels it (D-RUN-23). 001 CG 18.2: once suspended, a second notice
/// left without effect 10 days lets Orange terminate — the contract and every other service of the customer (D-RUN-30).
extension ContractService {
    /// Records the notice (presented on `on`) or the compliance, with the suspension it schedules or cancels.
    package func misuse(_ id: String, _ step: ContractRepository.MisuseStep.Step, on day: LocalDate, heldMailNoticeDepositedOn: LocalDate? = nil,
                       reason: String? = nil, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let territory = territories[c.territoryID] else { throw ContractServiceError.notFound(id) }
        guard day <= territory.zone.local(now).date else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        let pending = try await obligations.of(ContractRepository.stream(id)).filter { $0.state == .pending && [.misuseSuspension, .suspendedTermination, .misuseTermination].contains($0.kind) }
        var settling: [Obligation] = [], scheduling: [Obligation] = []
        switch step {
        case .terminationNotice:
            guard c.state == .suspended else {
                throw ContractError.invalid(field: "contract", reason: "the contract is \(c.state.rawValue): this notice follows a suspension (001 CG 18.2)")
            }
            guard pending.isEmpty else { throw ContractError.invalid(field: "step", reason: "a formal notice is already running, its measure due on \(pending[0].dueOn)") }
            guard let measure = c.suspendedTermination(noticeReceived: day) else {
                throw ContractError.invalid(field: "contract", reason: "its document terminates no suspended service after a formal notice")
            }
            scheduling = [Obligation(id: ResourceID.make("obl"), kind: .suspendedTermination, resource: ContractRepository.stream(id), dueOn: measure.from,
                                     dueAt: territory.zone.startOfDay(measure.from), explanation: measure.explanation)]
        case .notice:
            guard [.active, .pendingTermination].contains(c.state) else {
                throw ContractError.invalid(field: "contract", reason: "the contract is \(c.state.rawValue): only a running service is suspended")
            }
            guard pending.isEmpty else { throw ContractError.invalid(field: "step", reason: "a formal notice is already running, its measure due on \(pending[0].dueOn)") }
            guard let measure = c.misuseSuspension(noticeReceived: day, heldMailNoticeDeposited: heldMailNoticeDepositedOn, calendar: WorkCalendar(territory: territory))
            else { throw ContractError.invalid(field: "contract", reason: "its document suspends no service after a formal notice for misuse") }
            scheduling = [Obligation(id: ResourceID.make("obl"), kind: .misuseSuspension, resource: ContractRepository.stream(id), dueOn: measure.from,
                                     dueAt: territory.zone.startOfDay(measure.from), explanation: measure.explanation)]
            if let end = c.misuseTermination(suspendedOn: measure.from) {
                scheduling.append(Obligation(id: ResourceID.make("obl"), kind: .misuseTermination, resource: ContractRepository.stream(id), dueOn: end.from,
                                             dueAt: territory.zone.startOfDay(end.from), explanation: end.explanation))
            }
        case .cured:
            guard !pending.isEmpty else { throw ContractError.invalid(field: "step", reason: "no formal notice is running") }
            // CG 18.2: « sauf si la cause de la suspension a disparu pendant ce délai ou si Orange accorde un délai supplémentaire ».
            settling = pending.compactMap { $0.settled(.cancelled, at: now, outcome: "the customer complied on \(day)\(reason.map { ": \($0)" } ?? "")") }
        }
        let key = try IdempotencyKey(scope: "contract-misuse", key: "\(id)#\(step.rawValue)@\(day)", fingerprint: reason ?? "")
        guard try await record(&c, .misuse, key: key, settling: settling, scheduling: scheduling, at: now, payload: {
            ContractRepository.MisuseStep(step: step, on: day, heldMailNoticeDepositedOn: heldMailNoticeDepositedOn, reason: reason, next: $0)
        }) else { return try await contract(id) ?? c }
        return c
    }

    /// Executes the termination a notice to a suspended customer scheduled, on its day: every other running service of the
    /// customer first, each with what the document makes due, then this one, which settles the obligation — a run stopped
    /// half-way finds the obligation pending and the services already terminated skipped.
    package func terminateAfterSuspension(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard let c = try await contract(id) else { throw ContractServiceError.notFound(id) }
        let why = "terminated by the operator on \(o.dueOn) after a suspension and a formal notice without effect"
        for other in try await contracts(of: c.customerID) where other.id != id && [.active, .suspended, .pendingTermination].contains(other.state) {
            _ = try await change(.terminate, to: other.id, on: o.dueOn, note: "\(o.explanation.source): follows the termination of \(id) (obligation \(o.id))",
                                 executing: nil, byOperator: why, at: now)
        }
        return try await change(.terminate, to: id, on: o.dueOn, note: "\(o.explanation.source): formal notice without effect after the suspension (obligation \(o.id))",
                                executing: o, byOperator: why, at: now).settled.first { $0.id == o.id }
    }

    /// Executes the termination a misuse suspension left uncured scheduled (003 CG 16.1): this contract only.
    package func terminateForMisuse(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        try await carryOut(.terminate, id, executing: o, why: "\(o.explanation.source): misuse suspension not cured", at: now)
    }

    /// Executes the suspension the notice scheduled, on its day.
    package func suspendForMisuse(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        try await carryOut(.suspend, id, executing: o, why: "\(o.explanation.source): formal notice for misuse without effect", at: now)
    }
}
