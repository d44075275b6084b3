import GuichetCore
import GuichetStore

/// Issues invoices in batches of `size`, one transaction each, writing a batch while the caller
/// builds the next (the two cores of a small server both work). Batches are written in order,
/// so numbers follow the order invoices were added.
public struct InvoiceBatches {
    let store: any Store
    let size: Int
    let at: Instant
    private var pending: [PendingInvoice] = []
    private var writing: Task<[IssueOutcome], any Error>?
    public private(set) var issued = 0
    public private(set) var existing = 0
    public private(set) var numbers: [String] = []

    public init(store: any Store, size: Int, at: Instant) { self.store = store; self.size = size; self.at = at }

    /// Adds an invoice whose body was written before the transaction: the store only adds the number.
    public mutating func add(_ prepared: PreparedInvoice, runID: String?) async throws {
        let invoice = prepared.invoice, unnumbered = prepared.unnumbered
        let key = invoice.kind == .invoice ? "\(invoice.buyer.account)|\(invoice.period?.description ?? "")" : invoice.id
        pending.append(PendingInvoice(id: invoice.id, key: key, series: InvoiceNumbering.series(invoice.kind, issuedOn: invoice.issueDate),
                                      kind: invoice.kind, customerID: invoice.buyer.customerID, account: invoice.buyer.account,
                                      period: invoice.period?.description, issueDate: invoice.issueDate, totals: invoice.totals, runID: runID) {
            InvoiceJSON.numbering(unnumbered, $0)
        })
        if pending.count >= size { try await flush() }
    }

    /// Starts writing what is pending once the previous batch is written.
    public mutating func flush() async throws {
        try await collect()
        guard !pending.isEmpty else { return }
        let batch = pending, store = store, at = at
        pending.removeAll(keepingCapacity: true)
        writing = Task { try await store.issue(batch, at: at) }
    }

    /// Waits for every batch to be written.
    public mutating func finish() async throws {
        try await flush()
        try await collect()
    }

    private mutating func collect() async throws {
        guard let task = writing else { return }
        writing = nil
        for outcome in try await task.value {
            if case .issued = outcome { issued += 1 } else { existing += 1 }
            numbers.append(outcome.invoice.number)
        }
    }
}

/// An invoice and its stored body without the number, written where the invoice is built (on
/// any core) rather than in the transaction that numbers it.
public struct PreparedInvoice: Sendable {
    public let invoice: Invoice
    public let unnumbered: String

    public init(_ invoice: Invoice) { self.invoice = invoice; unnumbered = InvoiceJSON.unnumbered(invoice) }
}
