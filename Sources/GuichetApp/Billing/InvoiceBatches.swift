import GuichetCore
import GuichetStore

/// Issues invoices in batches of `size`, one transaction each, writing batches while the caller
/// builds the next ones (the two cores of a small server both work). Batches are written in
/// order — each waits for the one before — so numbers follow the order invoices were added;
/// after a failed batch nothing more is written.
public struct InvoiceBatches {
    package let store: any BillingStore
    package let size: Int
    package let at: Instant
    private var pending: [PendingInvoice] = []
    /// Batches handed to the store, oldest first; at most `ahead` are waiting, so that the
    /// caller never stalls behind one slow write and memory stays bounded.
    private var writing: [Task<[IssueOutcome], any Error>] = []
    private let ahead = 2
    public private(set) var issued = 0
    public private(set) var existing = 0
    public private(set) var numbers: [String] = []

    public init(store: any BillingStore, size: Int, at: Instant) { self.store = store; self.size = size; self.at = at }

    /// Adds an invoice whose body was written before the transaction: the store only adds the number.
    public mutating func add(_ prepared: PreparedInvoice, runID: String?) async throws {
        pending.append(PendingInvoice(prepared.invoice, unnumbered: prepared.unnumbered, key: Self.key(prepared.invoice), runID: runID, notice: prepared.notice))
        if pending.count >= size { try await flush() }
    }

    /// The idempotency key an invoice is issued under: one invoice per account and period.
    package static func key(_ invoice: Invoice) -> String {
        invoice.kind == .invoice ? "\(invoice.buyer.account)|\(invoice.period?.description ?? "")" : invoice.id
    }

    /// Queues what is pending, to be written once the batches before it are.
    public mutating func flush() async throws {
        guard !pending.isEmpty else { return }
        let batch = pending, store = store, at = at, previous = writing.last
        pending.removeAll(keepingCapacity: true)
        writing.append(Task {
            if let previous { _ = try await previous.value }
            return try await store.issue(batch, at: at)
        })
        while writing.count > ahead { try await collect() }
    }

    /// Waits for every batch to be written.
    public mutating func finish() async throws {
        try await flush()
        while !writing.isEmpty { try await collect() }
    }

    private mutating func collect() async throws {
        let task = writing.removeFirst()
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
    /// The e-mail saying the invoice is available, and the paper copy's letter, stored with it once numbered (001 CG 10.1).
    public let notice: (@Sendable (_ number: String) throws -> IssueNotices)?

    public init(_ invoice: Invoice, notice: (@Sendable (String) throws -> IssueNotices)? = nil) {
        self.invoice = invoice; unnumbered = InvoiceJSON.unnumbered(invoice); self.notice = notice
    }
}

extension PendingInvoice {
    /// An invoice or credit note to number and store under `key`: its body written before the transaction (`unnumbered`,
    /// when it was already), the store adding the number of its series in the transaction that takes it.
    package init(_ invoice: Invoice, unnumbered: String? = nil, key: String, runID: String? = nil, notice: (@Sendable (String) throws -> IssueNotices)? = nil) {
        let body = unnumbered ?? InvoiceJSON.unnumbered(invoice)
        self.init(id: invoice.id, key: key, series: InvoiceNumbering.series(invoice.kind, issuedOn: invoice.issueDate), kind: invoice.kind,
                  customerID: invoice.buyer.customerID, account: invoice.buyer.account, period: invoice.period?.description,
                  issueDate: invoice.issueDate, totals: invoice.totals, runID: runID, notice: notice) { InvoiceJSON.numbering(body, $0) }
    }
}
