import Foundation
import GuichetCore
import GuichetStore

extension BillingService {
    public struct PaymentRequest: Sendable, Codable {
        public let id: String
        public let method: StoredPayment.Method
        public let amount: Money
        public let receivedOn: LocalDate
        public let reference: String?
        /// The invoice the payer named; otherwise the oldest unpaid invoices first (D-BILL-6).
        public let invoiceID: String?

        public init(id: String, method: StoredPayment.Method, amount: Money, receivedOn: LocalDate, reference: String? = nil, invoiceID: String? = nil) {
            self.id = id; self.method = method; self.amount = amount; self.receivedOn = receivedOn
            self.reference = reference; self.invoiceID = invoiceID
        }
    }

    public struct Balance: Sendable, Codable {
        public let account: String
        public let invoiced: Money
        public let credited: Money
        public let paid: Money
        /// What the customer owes (negative: what the operator owes back).
        public let due: Money
        public let unallocated: Money
    }

    /// Records a payment (recorded, not processed) and allocates it; the id makes a repeated
    /// notification harmless. Invoices it settles, wholly or partly, change state.
    public func recordPayment(customerID: String, _ r: PaymentRequest, at now: Instant) async throws -> (payment: StoredPayment, created: Bool) {
        // A deposit or an advance kept in deduction is the scheduler's to record (D-RUN-20, D-BILL-16), never a payment staff record.
        guard r.method != .deposit, r.method != .advance else {
            throw BillingError.invalid(field: "method", reason: "'\(r.method.rawValue)' is recorded by the scheduler when it is set off, not posted")
        }
        return try await allocate(customerID: customerID, r, at: now)
    }

    /// Records and allocates a payment of any method (a deposit kept in deduction included).
    package func allocate(customerID: String, _ r: PaymentRequest, at now: Instant) async throws -> (payment: StoredPayment, created: Bool) {
        guard let customer = try await contracts.customer(customerID) else { throw BillingError.invalid(field: "customer", reason: "no customer '\(customerID)'") }
        let account = customer.billingAccount
        guard r.amount > .zero else { throw BillingError.invalid(field: "amount", reason: "a payment is positive") }
        guard !r.id.isEmpty else { throw BillingError.invalid(field: "id", reason: "a payment needs the id its bank or PSP gave it") }
        if let existing = try await store.payments(account: account).first(where: { $0.id == r.id }) { return (existing, false) }
        let open = try await invoices(customerID: customerID).filter { $0.invoice.kind == .invoice && $0.remaining > .zero }
            .sorted { ($0.invoice.issueDate, $0.invoice.number) < ($1.invoice.issueDate, $1.invoice.number) }
        let ordered = r.invoiceID.map { id in open.filter { $0.invoice.id == id } + open.filter { $0.invoice.id != id } } ?? open
        if let id = r.invoiceID, ordered.first?.invoice.id != id {
            throw BillingError.invalid(field: "invoiceID", reason: "'\(id)' is not an open invoice of account \(account)")
        }
        var left = r.amount
        var allocations: [StoredPayment.Allocation] = []
        for v in ordered where left > .zero {
            let part = min(left, v.remaining)
            guard part > .zero else { continue }
            allocations.append(.init(invoiceID: v.invoice.id, amount: part))
            left = left - part
        }
        let payment = StoredPayment(id: r.id, account: account, method: r.method, amount: r.amount, receivedOn: r.receivedOn, reference: r.reference,
                                    allocations: allocations, recordedAt: now)
        guard try await store.recordPayment(payment) else { return (payment, false) }
        for a in allocations {
            guard let v = ordered.first(where: { $0.invoice.id == a.invoiceID }) else { continue }
            try await store.appendState(invoiceID: a.invoiceID, state: a.amount == v.remaining ? .settled : .partiallyPaid,
                                        note: "payment \(r.id) \(a.amount)", at: now)
        }
        try await resumeIfCleared(customerID: customerID, open: open, allocations: allocations, payment: r.id, at: now)
        return (payment, true)
    }

    /// A payment that leaves nothing overdue stops dunning (its run skips settled invoices) and resumes the contracts it
    /// suspended (001 CG 17, 003 CG 15), on the day the payment is recorded.
    private func resumeIfCleared(customerID: String, open: [InvoiceView], allocations: [StoredPayment.Allocation], payment: String,
                                 at now: Instant) async throws {
        let day = now.utcDate
        let overdue = open.filter { v in v.invoice.dueDate < day && allocations.first { $0.invoiceID == v.invoice.id }?.amount != v.remaining }
        guard overdue.isEmpty else { return }
        for c in try await contracts.contracts(of: customerID) where c.state == .suspended && c.history.last?.note?.hasPrefix(Self.nonPayment) == true {
            _ = try await contracts.apply(.resume, to: c.id, on: max(day, c.history.last?.on ?? day), note: "payment \(payment): nothing overdue", at: now)
        }
    }

    public func balance(customerID: String) async throws -> Balance {
        guard let customer = try await contracts.customer(customerID) else { throw BillingError.invalid(field: "customer", reason: "no customer '\(customerID)'") }
        let all = try await store.invoices(customerID: customerID, period: nil)
        let invoiced = all.filter { $0.kind == .invoice }.reduce(Money.zero) { $0 + $1.includingTax }
        let credited = all.filter { $0.kind == .creditNote }.reduce(Money.zero) { $0 - $1.includingTax }
        let payments = try await store.payments(account: customer.billingAccount)
        let paid = payments.reduce(Money.zero) { $0 + $1.amount }
        let allocated = payments.flatMap(\.allocations).reduce(Money.zero) { $0 + $1.amount }
        return Balance(account: customer.billingAccount, invoiced: invoiced, credited: credited, paid: paid, due: invoiced - credited - paid,
                       unallocated: paid - allocated)
    }
}
