import GuichetCore
import GuichetStore

/// 001 CG 17 and 004 §7.2 on their days: a formal notice for misuse staff record schedules the suspension on the first
/// day its document allows (001: after 5 days without effect; 004: 2 jours ouvrés after its receipt or the held-mail
/// notice); the customer's compliance recorded before cancels it (D-RUN-23).
extension ContractService {
    /// Records the notice (presented on `on`) or the compliance, with the suspension it schedules or cancels.
    package func misuse(_ id: String, _ step: ContractRepository.MisuseStep.Step, on day: LocalDate, heldMailNoticeDepositedOn: LocalDate? = nil,
                       reason: String? = nil, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let territory = territories[c.territoryID] else { throw ContractServiceError.notFound(id) }
        guard day <= territory.zone.local(now).date else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        let pending = try await obligations.of(ContractRepository.stream(id)).filter { $0.state == .pending && $0.kind == .misuseSuspension }
        var settling: [Obligation] = [], scheduling: [Obligation] = []
        switch step {
        case .notice:
            guard [.active, .pendingTermination].contains(c.state) else {
                throw ContractError.invalid(field: "contract", reason: "the contract is \(c.state.rawValue): only a running service is suspended")
            }
            guard pending.isEmpty else { throw ContractError.invalid(field: "step", reason: "a formal notice is already running, its suspension due on \(pending[0].dueOn)") }
            guard let measure = c.misuseSuspension(noticeReceived: day, heldMailNoticeDeposited: heldMailNoticeDepositedOn, calendar: WorkCalendar(territory: territory))
            else { throw ContractError.invalid(field: "contract", reason: "its document suspends no service after a formal notice for misuse") }
            scheduling = [Obligation(id: ResourceID.make("obl"), kind: .misuseSuspension, resource: ContractRepository.stream(id), dueOn: measure.from,
                                     dueAt: territory.zone.startOfDay(measure.from), explanation: measure.explanation)]
        case .cured:
            guard !pending.isEmpty else { throw ContractError.invalid(field: "step", reason: "no formal notice is running") }
            settling = pending.compactMap { $0.settled(.cancelled, at: now, outcome: "the customer complied on \(day)") }
        }
        let key = try IdempotencyKey(scope: "contract-misuse", key: "\(id)#\(step.rawValue)@\(day)", fingerprint: reason ?? "")
        guard try await record(&c, .misuse, key: key, settling: settling, scheduling: scheduling, at: now, payload: {
            ContractRepository.MisuseStep(step: step, on: day, heldMailNoticeDepositedOn: heldMailNoticeDepositedOn, reason: reason, next: $0)
        }) else { return try await contract(id) ?? c }
        return c
    }

    /// Executes the suspension the notice scheduled, on its day.
    package func suspendForMisuse(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        try await carryOut(.suspend, id, executing: o, why: "\(o.explanation.source): formal notice for misuse without effect", at: now)
    }
}
