import Foundation
import GuichetCore
import GuichetStore

extension BillingService {
    /// An issued invoice with where it stands: its state history and what was paid on it.
    public struct InvoiceView: Sendable, Codable {
        public let invoice: Invoice
        public let state: InvoiceState
        public let history: [InvoiceStateChange]
        public let paid: Money
        /// TTC already credited by credit notes (positive).
        public let credited: Money
        public var remaining: Money { invoice.totals.includingTax - paid - credited }
    }

    package static func decode(_ stored: StoredInvoice) throws -> Invoice { try JSONDecoder().decode(Invoice.self, from: Data(stored.body.utf8)) }

    public func invoice(_ id: String) async throws -> InvoiceView? {
        guard let stored = try await store.invoice(id: id) else { return nil }
        return try await view(stored, all: try await store.invoices(customerID: stored.customerID, period: nil),
                              payments: try await store.payments(account: stored.account))
    }

    /// A customer's invoices and credit notes, newest first. Nothing is ever deleted: the 12 months
    /// of 001 CG 10.1 are a floor, not a purge.
    public func invoices(customerID: String) async throws -> [InvoiceView] {
        let all = try await store.invoices(customerID: customerID, period: nil)
        let payments = all.isEmpty ? [] : try await store.payments(account: all[0].account)
        var result: [InvoiceView] = []
        for s in all { result.append(try await view(s, all: all, payments: payments)) }
        return result.sorted { ($0.invoice.issueDate, $0.invoice.number) > ($1.invoice.issueDate, $1.invoice.number) }
    }

    public func invoices(period: BillingPeriod) async throws -> [StoredInvoice] {
        try await store.invoices(customerID: nil, period: period.description)
    }

    /// - Parameters:
    ///   - all: the customer's invoices and credit notes; `payments`: the account's payments.
    package func view(_ stored: StoredInvoice, all: [StoredInvoice], payments: [StoredPayment]) async throws -> InvoiceView {
        let invoice = try Self.decode(stored)
        let history = try await store.states(invoiceID: stored.id)
        let paid = payments.flatMap(\.allocations).filter { $0.invoiceID == stored.id }.reduce(Money.zero) { $0 + $1.amount }
        let credited = all.filter { $0.kind == .creditNote }.compactMap { try? Self.decode($0) }.filter { $0.corrects == invoice.number }
            .reduce(Money.zero) { $0 - $1.totals.includingTax }
        return InvoiceView(invoice: invoice, state: history.last?.state ?? .issued, history: history, paid: paid, credited: credited)
    }

    /// Corrects an issued invoice with a credit note (its own number in the credit-note series);
    /// `key` makes a repeated request return the same note.
    public func creditNote(invoiceID: String, lines: [Int]?, reason: String, on day: LocalDate, key: String, at now: Instant) async throws -> InvoiceView {
        guard let target = try await invoice(invoiceID) else { throw BillingError.invalid(field: "invoice", reason: "no invoice '\(invoiceID)'") }
        let zone = try zone(of: try await territory(of: target.invoice.buyer.customerID))
        let note = try CreditNote.draft(id: ResourceID.make("cn"), for: target.invoice, lineIndexes: lines, reason: reason, issuedOn: day,
                                        zone: zone, alreadyCredited: target.credited)
        let stored = try await store.issue([PendingInvoice(note, key: "credit|\(invoiceID)|\(key)")], at: now)[0].invoice
        if target.remaining - (-note.totals.includingTax) <= .zero && target.state != .settled {
            try await store.appendState(invoiceID: invoiceID, state: .settled, note: "credited by \(stored.number)", at: now)
        }
        return try await view(stored, all: try await store.invoices(customerID: stored.customerID, period: nil),
                              payments: try await store.payments(account: stored.account))
    }

    package func territory(of customerID: String) async throws -> String {
        guard let c = try await contracts.customer(customerID) else { throw BillingError.invalid(field: "customer", reason: "no customer '\(customerID)'") }
        return c.territoryID
    }

    public func html(_ view: InvoiceView) -> String { InvoiceHTML.render(view) }

    public func facturX(_ view: InvoiceView) async throws -> String {
        let zone = try zone(of: try await territory(of: view.invoice.buyer.customerID))
        return FacturX.xml(view.invoice, zone: view.invoice.surchargeOf == nil ? zone : Invoice.surchargeZone(zone))
    }

    public func markSent(invoiceID: String, note: String?, at now: Instant) async throws -> InvoiceView {
        guard let v = try await invoice(invoiceID) else { throw BillingError.invalid(field: "invoice", reason: "no invoice '\(invoiceID)'") }
        guard v.state.canBecome(.sent) else { throw BillingError.illegalTransition(from: v.state, to: .sent) }
        try await store.appendState(invoiceID: invoiceID, state: .sent, note: note, at: now)
        return try await invoice(invoiceID)!
    }
}
