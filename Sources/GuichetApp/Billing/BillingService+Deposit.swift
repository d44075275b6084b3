import GuichetCore
import GuichetStore

/// The deposit's steps that need the customer's account (001 CG 3, 003 CG 9; D-RUN-20): a request to have it back is
/// checked against the payment incidents (the dunning steps on their invoices), and a refund keeps what is still owed.
extension BillingService {
    /// Records a deposit step staff give, a request to have it back checked against the customer's payment incidents.
    public func recordDeposit(contractID: String, _ step: SecurityDeposit.Step, on day: LocalDate, reason: SecurityDeposit.Case? = nil,
                              amount: Money? = nil, at now: Instant) async throws -> Contract {
        guard let c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        let incident = step == .refundRequested ? try await lastPaymentIncident(customerID: c.customerID) : nil
        return try await contracts.recordDeposit(contractID, step, on: day, reason: reason, amount: amount, lastPaymentIncident: incident, at: now)
    }

    /// The latest day a dunning step (reminder, notice, measure, surcharge) was taken on one of the customer's invoices.
    package func lastPaymentIncident(customerID: String) async throws -> LocalDate? {
        var latest: LocalDate?
        for i in try await store.invoices(customerID: customerID, period: nil) where i.kind == .invoice {
            if let on = try await dunningLog(i.id).map(\.on).max() { latest = max(latest ?? on, on) }
        }
        return latest
    }

    /// Executes a refund on its day (or the day the run takes it, never dated back): what the customer still owes on issued
    /// invoices is kept and recorded as their payment (method `deposit`), the rest paid back and announced by mail.
    package func refundDeposit(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard let c = try await contracts.contract(id), let d = c.deposit, d.paidOn != nil, d.refundedOn == nil,
              let zone = contracts.territories[c.territoryID]?.zone else {
            return try await contracts.settle(o, as: .superseded, outcome: "no deposit held on '\(id)'", at: now)
        }
        let day = max(o.dueOn, zone.local(now).date)
        let owed = try await balance(customerID: c.customerID).due
        let kept = min(max(owed, .zero), d.amount)
        if kept > .zero {
            _ = try await allocate(customerID: c.customerID, PaymentRequest(id: "deposit-\(c.id)", method: .deposit, amount: kept, receivedOn: day,
                                                                           reference: "dépôt de garantie du contrat \(c.id) (\(c.family.terms.depositArticle))"),
                                   at: now)
        }
        return try await contracts.depositRefunded(c, executing: o, on: day, refunded: d.amount - kept, kept: kept, at: now)
    }
}
