import GuichetCore
import GuichetStore

/// 003 CG 5: « Orange rembourse le Client de la totalité des sommes versées au plus tard dans les trente (30) jours » after a
/// termination for a failed activation (D-CTR-22): what the customer paid since the subscription, when this contract is all
/// they hold; with other contracts sharing the account, staff apportion it (the obligation fails, saying so).
extension BillingService {
    package func refundActivationFailure(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contracts.contract(id), let territory = contracts.territories[c.territoryID],
              let customer = try await contracts.customer(c.customerID) else {
            return try await contracts.settle(o, as: .failed, outcome: "no contract '\(id)'", at: now)
        }
        guard c.activationFailure?.refunded == nil else { return try await contracts.settle(o, as: .superseded, outcome: "refunded already", at: now) }
        let others = try await contracts.contracts(of: c.customerID).filter { $0.id != id && $0.activatedOn != nil }
        guard others.isEmpty else {
            return try await contracts.settle(o, as: .failed, outcome: "the account is shared with \(others.map(\.id).joined(separator: ", ")): staff apportion the refund", at: now)
        }
        let paid = try await store.payments(account: customer.billingAccount)
            .filter { ![.deposit, .advance].contains($0.method) && $0.receivedOn >= c.orderedOn }.reduce(Money.zero) { $0 + $1.amount }
        let day = max(o.dueOn, territory.zone.local(now).date)
        try c.recordActivationFailure(.refunded, on: day, amount: paid, calendar: nil)
        let notice = try await contracts.notice(c, on: day, at: now) { MailTemplates.activationFailureRefunded(c, amount: paid, on: day, to: $0) }
        guard let done = o.settled(.done, at: now, outcome: "\(paid) refunded; \(notice.sent)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-activation-failure", key: "\(id)#refunded", fingerprint: paid.description)
        return try await contracts.record(&c, .activationFailure, key: key, settling: [done], events: notice.mail, rows: notice.letter, at: now, payload: {
            ContractRepository.ActivationFailureStep(step: .refunded, on: day, amount: paid, next: $0)
        }) ? done : nil
    }
}
