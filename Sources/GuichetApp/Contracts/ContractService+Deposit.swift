import GuichetCore
import GuichetStore

/// 001 CG 3 and 003 CG 9 on their days (D-RUN-20): a deposit asked is due that day, or the contract ends that day; one
/// held comes back when the proof arrives, when asked back after 12 months without a payment incident, or 10 days after
/// the contract ends. Staff record the request, the payment, the proof and the customer's request; the scheduler ends the
/// contract or pays the deposit back (`BillingService.refundDeposit`).
extension ContractService {
    /// Records a deposit step staff give (`lastPaymentIncident`: the latest dunning step on the customer's invoices, which a
    /// request to have it back is checked against), with what it schedules and settles, in one transaction.
    package func recordDeposit(_ id: String, _ step: SecurityDeposit.Step, on day: LocalDate, reason: SecurityDeposit.Case?, amount: Money?,
                               lastPaymentIncident: LocalDate?, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let zone = territories[c.territoryID]?.zone else { throw ContractServiceError.notFound(id) }
        guard step != .refunded else { throw ContractError.invalid(field: "step", reason: "a refund is paid by the scheduler on its day") }
        guard day <= zone.local(now).date else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        try c.recordDeposit(step, on: day, reason: reason, amount: amount)
        let pending = try await obligations.of(ContractRepository.stream(id)).filter { $0.state == .pending }
        var settling: [Obligation] = [], scheduling: [Obligation] = []
        let article = c.family.terms.depositArticle
        switch step {
        case .requested:
            // Due by the end of the day it is asked: the scheduler ends the contract the same day, a minute before midnight.
            scheduling = [Obligation(id: ResourceID.make("obl"), kind: .depositDue, resource: ContractRepository.stream(id), dueOn: day,
                                     dueAt: zone.startOfDay(day.adding(days: 1)).adding(seconds: -60),
                                     explanation: Explanation(rule: "a deposit not paid on the day it is asked ends the contract that day", source: article,
                                                              inputs: ["asked": day.description, "amount": amount?.description ?? "-"], result: day.description))]
        case .paid:
            settling = pending.filter { $0.kind == .depositDue }.compactMap { $0.settled(.done, at: now, outcome: "deposit paid on \(day)") }
        case .proofReceived, .refundRequested:
            guard let due = c.depositRefundDue(lastPaymentIncident: lastPaymentIncident) else {
                let quiet = max(c.deposit!.paidOn!, lastPaymentIncident ?? c.deposit!.paidOn!)
                throw ContractError.invalid(field: "on", reason: "refunded on request after 12 months without a payment incident: from \(quiet.adding(months: 12)) (\(article))")
            }
            scheduling = [self.due(.depositRefund, of: c, on: due.on, due.explanation)].compactMap { $0 }
        case .refunded:
            return c
        }
        let key = try IdempotencyKey(scope: "contract-deposit", key: "\(id)#\(step.rawValue)", fingerprint: "\(day)")
        guard try await record(&c, .deposit, key: key, settling: settling, scheduling: scheduling, at: now, payload: {
            ContractRepository.DepositStep(step: step, on: day, reason: reason, amount: amount, next: $0)
        }) else { return try await contract(id) ?? c }
        return c
    }

    /// The refund a contract's end on `day` schedules for a deposit still held.
    package func scheduledDepositRefund(_ c: Contract, endingOn day: LocalDate) -> Obligation? {
        c.depositRefundAtEnd(on: day).flatMap { due(.depositRefund, of: c, on: $0.on, $0.explanation) }
    }

    /// Executes a deposit's day: paid, nothing to do; unpaid, the contract ends on the day it was asked (cancelled before its
    /// activation, terminated after), with no fee.
    package func endForUnpaidDeposit(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard let c = try await contract(id), let d = c.deposit else { return try await settle(o, as: .failed, outcome: "no deposit on '\(id)'", at: now) }
        if let paid = d.paidOn { return try await settle(o, as: .superseded, outcome: "deposit paid on \(paid)", at: now) }
        let action: ContractAction = c.state == .pendingActivation ? .cancel : .terminate
        return try await carryOut(action, id, executing: o, on: d.requestedOn,
                                  why: "\(o.explanation.source): the deposit of \(d.amount) asked on \(d.requestedOn) was not paid that day", at: now)
    }

    /// Stores the refund paid on `day` (`refunded`, the rest kept against sums due) with its mail, settling `o`.
    package func depositRefunded(_ c: Contract, executing o: Obligation, on day: LocalDate, refunded: Money, kept: Money, at now: Instant) async throws -> Obligation? {
        var c = c
        try c.recordDeposit(.refunded, on: day, refunded: refunded)
        let mail = try await noticeAddress(of: c.customerID).map {
            [try Outbox.event(MailTemplates.depositRefunded(c, refunded: refunded, kept: kept, on: day, to: [$0]), at: now)]
        } ?? []
        guard let done = o.settled(.done, at: now, outcome: "refunded \(refunded) on \(day)\(kept > .zero ? ", \(kept) kept against sums due" : "")") else { return nil }
        let key = try IdempotencyKey(scope: "contract-deposit", key: "\(c.id)#refunded", fingerprint: "\(day)")
        return try await record(&c, .deposit, key: key, settling: [done], events: mail, at: now) {
            ContractRepository.DepositStep(step: .refunded, on: day, refunded: refunded, next: $0)
        } ? done : nil
    }
}
