import Foundation
import GuichetCore

/// Where bill runs, invoices, their states and payments are kept. Invoices are written once
/// (immutable); their number is taken from the series in the same transaction, so a crash
/// never leaves a gap; states and payments are appended, never updated.
public protocol BillingStore: Sendable {
    func saveBillRun(_ run: BillRun) async throws
    /// A page of the bill runs in the order they started (latest first when asked), and how many there are.
    func billRuns(latestFirst: Bool, offset: Int, limit: Int?) async throws -> (runs: [BillRun], total: Int)
    func billRun(id: String) async throws -> BillRun?
    /// The ids of the invoices (not credit notes) issued before `day` and not yet settled, oldest first: what dunning
    /// looks at, however many invoices were ever issued (migration 18).
    func unsettledInvoices(issuedBefore day: LocalDate) async throws -> [String]

    /// Issues each invoice unless one with the same idempotency key exists (then returns it,
    /// unchanged), all in one transaction: the numbers of a batch are consecutive and never lost.
    func issue(_ invoices: [PendingInvoice], at: Instant) async throws -> [IssueOutcome]
    func invoice(id: String) async throws -> StoredInvoice?
    /// Which of these idempotency keys an issued invoice already holds.
    func issuedKeys(_ keys: [String]) async throws -> Set<String>
    func invoices(customerID: String?, period: String?) async throws -> [StoredInvoice]
    func invoiceCount() async throws -> Int
    func series() async throws -> [String: Int64]

    func appendState(invoiceID: String, state: InvoiceState, note: String?, at: Instant) async throws
    func states(invoiceID: String) async throws -> [InvoiceStateChange]

    /// Records a payment with its allocations; a payment id is an idempotency key.
    func recordPayment(_ p: StoredPayment) async throws -> Bool
    func payments(account: String) async throws -> [StoredPayment]
}

public struct BillRun: Sendable, Codable, Hashable {
    public let id: String
    public let period: String
    public let issueDate: LocalDate
    public let startedAt: Instant
    public var finishedAt: Instant?
    public var accounts = 0
    public var issued = 0
    public var existing = 0
    public var empty = 0
    /// Accounts whose invoice could not be drafted (an amount beyond what Guichet bills, D-SEC-8):
    /// each is named with why, and the run goes on without it.
    public var failures: [DraftFailure] = []
    /// The process doing it (`RunOwner.current` when it starts).
    public var owner: String?
    /// Read from the store: finished, running, or interrupted when its process died first.
    public var status = RunStatus.running

    public init(id: String, period: String, issueDate: LocalDate, startedAt: Instant, owner: String? = RunOwner.current) {
        self.id = id; self.period = period; self.issueDate = issueDate; self.startedAt = startedAt; self.owner = owner
    }
}

public struct DraftFailure: Sendable, Codable, Hashable {
    public let customerID: String
    public let customerNumber: String
    public let reason: String

    public init(customerID: String, customerNumber: String, reason: String) {
        self.customerID = customerID; self.customerNumber = customerNumber; self.reason = reason
    }

    /// As the `bill_runs.failures` column holds them.
    static func text(_ all: [DraftFailure]) -> String? {
        all.isEmpty ? nil : (try? JSONEncoder().encode(all)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func decode(_ text: String?) throws -> [DraftFailure] {
        try text.map { try JSONDecoder().decode([DraftFailure].self, from: Data($0.utf8)) } ?? []
    }
}

/// An invoice about to be numbered: `render` builds its stored body once the number is known.
public struct PendingInvoice: Sendable {
    public let id: String
    /// "account|period" for a bill run's invoice; the caller's key for a credit note.
    public let key: String
    public let series: String
    public let kind: Invoice.Kind
    public let customerID: String
    public let account: String
    public let period: String?
    public let issueDate: LocalDate
    public let totals: InvoiceTotals
    public let runID: String?
    public let render: @Sendable (_ number: String) throws -> String
    /// What the transaction that issues the invoice also stores, once it has its number, only for an invoice it issues:
    /// the e-mail saying it is available (001 CG 10.1), the paper copy's letter with its state row.
    public let notice: (@Sendable (_ number: String) throws -> IssueNotices)?

    public init(id: String, key: String, series: String, kind: Invoice.Kind, customerID: String, account: String, period: String?,
                issueDate: LocalDate, totals: InvoiceTotals, runID: String?, notice: (@Sendable (String) throws -> IssueNotices)? = nil,
                render: @escaping @Sendable (String) throws -> String) {
        self.id = id; self.key = key; self.series = series; self.kind = kind; self.customerID = customerID; self.account = account
        self.period = period; self.issueDate = issueDate; self.totals = totals; self.runID = runID; self.notice = notice; self.render = render
    }
}

/// The events and state rows an invoice's issue stores with it.
public struct IssueNotices: Sendable {
    public let events: [NewEvent]
    public let rows: [StateRow]
    public init(events: [NewEvent], rows: [StateRow] = []) { self.events = events; self.rows = rows }
}

public enum IssueOutcome: Sendable {
    case issued(StoredInvoice)
    case existing(StoredInvoice)

    public var invoice: StoredInvoice {
        switch self { case .issued(let i), .existing(let i): i }
    }
}

public struct StoredInvoice: Sendable, Hashable {
    public let id: String
    public let number: String
    public let series: String
    public let sequence: Int64
    public let kind: Invoice.Kind
    public let customerID: String
    public let account: String
    public let period: String?
    public let issueDate: LocalDate
    public let includingTax: Money
    public let runID: String?
    /// The invoice as issued (JSON of `Invoice`).
    public let body: String
    public let issuedAt: Instant

    public init(id: String, number: String, series: String, sequence: Int64, kind: Invoice.Kind, customerID: String, account: String,
                period: String?, issueDate: LocalDate, includingTax: Money, runID: String?, body: String, issuedAt: Instant) {
        self.id = id; self.number = number; self.series = series; self.sequence = sequence; self.kind = kind; self.customerID = customerID
        self.account = account; self.period = period; self.issueDate = issueDate; self.includingTax = includingTax; self.runID = runID
        self.body = body; self.issuedAt = issuedAt
    }
}

public struct InvoiceStateChange: Sendable, Hashable, Codable {
    public let state: InvoiceState
    public let note: String?
    public let at: Instant

    public init(state: InvoiceState, note: String?, at: Instant) { self.state = state; self.note = note; self.at = at }
}

public struct StoredPayment: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable { case transfer, directDebit, card, cheque, cash, deposit, advance }
    public struct Allocation: Sendable, Hashable, Codable {
        public let invoiceID: String
        public let amount: Money
        public init(invoiceID: String, amount: Money) { self.invoiceID = invoiceID; self.amount = amount }
    }

    public let id: String
    public let account: String
    public let method: Method
    public let amount: Money
    public let receivedOn: LocalDate
    public let reference: String?
    public let allocations: [Allocation]
    public let recordedAt: Instant

    public init(id: String, account: String, method: Method, amount: Money, receivedOn: LocalDate, reference: String?, allocations: [Allocation], recordedAt: Instant) {
        self.id = id; self.account = account; self.method = method; self.amount = amount; self.receivedOn = receivedOn; self.reference = reference
        self.allocations = allocations; self.recordedAt = recordedAt
    }
}
