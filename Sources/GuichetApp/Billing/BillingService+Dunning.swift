import Foundation
import GuichetCore
import GuichetData
import GuichetMail
import GuichetStore

extension BillingService {
    /// One logged dunning step of an invoice (stream `dunning:<invoice>`, append-only).
    public struct DunningEntry: Sendable, Codable, Hashable {
        public let invoiceID: String
        public let step: String
        public let on: LocalDate
        public let detail: String
        public let source: String
        /// A surcharge step: the amount its invoice billed (absent from other steps, and from those logged before D-RUN-19).
        public var amount: Money? = nil
        /// …and that invoice's id.
        public var invoice: String? = nil
    }

    public struct DunningView: Sendable, Codable {
        public let invoiceID: String
        public let number: String
        public let status: DunningStatus
        public let log: [DunningEntry]
    }

    /// Walks every open invoice past its due date on `day` and takes the steps now due, each once, dated `day` — a late run
    /// does not date them back (D-RUN-7): sends reminders and formal notices to the customer by e-mail (a notice counts as
    /// received the day it is sent, D-BILL-8), suspends then terminates the customer's contracts through their state
    /// machine once the notice each follows was sent on an earlier day and left without effect, and logs the surcharge
    /// each time another 15-day period starts. `serve` runs it once a day, `guichet run-due` and `simulate` on their days.
    public func runDunning(on day: LocalDate, at now: Instant) async throws -> [DunningEntry] {
        let table = try ReferenceData.dunning()
        var taken: [DunningEntry] = []
        // Only the invoices not yet settled (migration 18), each customer's contracts read once: the run reads what is
        // owed, not every invoice ever issued.
        var byCustomer: [String: [Contract]] = [:]
        for id in try await store.unsettledInvoices(issuedBefore: day) {
            // A surcharge's own invoice is not followed up: no surcharge on a surcharge, no line suspended for one (D-RUN-19).
            guard let view = try await invoice(id), view.remaining > .zero, view.invoice.dueDate < day, view.invoice.surchargeOf == nil else { continue }
            let customerID = view.invoice.buyer.customerID
            if byCustomer[customerID] == nil { byCustomer[customerID] = try await contracts.contracts(of: customerID) }
            let owned = byCustomer[customerID] ?? []
            guard let contract = owned.first, let policy = table.policies.first(where: { $0.family == contract.family }) else { continue }
            let log = try await dunningLog(id)
            let status = evaluate(view, contract: contract, log: log, on: day, policy: policy, rates: table.legalInterestRates)
            for due in status.due where !log.contains(where: { $0.step == due.step.rawValue }) {
                let detail: String
                var mail: [NewEvent] = [], letter: [(event: NewEvent, row: StateRow)] = []
                switch due.step {
                case .reminder, .formalNotice:
                    let notice = try await self.notice(due.step, view, day: day, at: now)
                    detail = "\(due.step.rawValue) for \(view.invoice.number): \(view.remaining) € due since \(view.invoice.dueDate); \(notice.sent)"
                    (mail, letter) = (notice.mail, notice.letter)
                case .suspension, .termination:
                    // A measure follows its notice left without effect: sent on an earlier day, by this run or another.
                    let follows: DunningStep = due.step == .suspension ? .reminder : .formalNotice
                    guard let sent = log.first(where: { $0.step == follows.rawValue })?.on, sent < day else { continue }
                    detail = due.step == .suspension
                        ? try await apply(.suspend, to: owned, from: [.active], on: day, invoice: view.invoice.number, at: now)
                        : try await apply(.terminate, to: owned, from: [.active, .suspended, .pendingTermination], on: day, invoice: view.invoice.number, at: now)
                }
                taken.append(try await logDunning(DunningEntry(invoiceID: id, step: due.step.rawValue, on: day, detail: detail, source: due.explanation.source),
                                                  with: mail, letters: letter, at: now))
            }
            if let why = status.penaltyExplanation, let periods = why.inputs["periods"], !log.contains(where: { $0.step == "penalty-\(periods)" }) {
                taken.append(try await surcharge(view, status.penalty, why, step: "penalty-\(periods)", log: log, on: day, at: now))
            }
        }
        return taken
    }

    /// The surcharge accrued since it last billed, on an invoice of its own issued `day` (D-RUN-19) — a month at least after
    /// the last one — then logged; the invoice's key is the step's, so that a run stopped between the two issues it once.
    private func surcharge(_ late: InvoiceView, _ accrued: Money, _ why: Explanation, step: String, log: [DunningEntry], on day: LocalDate,
                           at now: Instant) async throws -> DunningEntry {
        let increment = accrued - log.compactMap(\.amount).reduce(Money.zero, +)
        var detail = "surcharge accrued: \(accrued) € (\(why.result))", billed: Money?, invoiceID: String?
        // At most one surcharge invoice a month for a late invoice: a new period within a month of the last one is billed
        // with the next.
        let lastBilled = log.filter { $0.invoice != nil }.map(\.on).max()
        if increment > .zero, lastBilled.map({ $0.adding(months: 1) <= day }) ?? true {
            let zone = try zone(of: try await territory(of: late.invoice.buyer.customerID))
            let invoice = Invoice.surcharge(id: ResourceID.make("inv"), of: late.invoice, amount: increment, explanation: why, issuedOn: day, zone: zone)
            let stored = try await store.issue([PendingInvoice(invoice, key: "surcharge|\(late.invoice.id)|\(step)")], at: now)[0].invoice
            detail += "; \(increment) € billed on \(stored.number)"
            billed = increment; invoiceID = stored.id
        }
        return try await logDunning(DunningEntry(invoiceID: late.invoice.id, step: step, on: day, detail: detail, source: why.source,
                                                 amount: billed, invoice: invoiceID), at: now)
    }

    public func dunning(invoiceID: String, on day: LocalDate) async throws -> DunningView {
        guard let view = try await invoice(invoiceID) else { throw BillingError.invalid(field: "invoice", reason: "no invoice '\(invoiceID)'") }
        guard view.invoice.surchargeOf == nil else {
            throw BillingError.invalid(field: "id", reason: "'\(invoiceID)' bills the surcharge of \(view.invoice.surchargeOf!): it is not followed up (D-RUN-19)")
        }
        // A credit note owes nothing: it is never dunned (found by schemathesis: its negative totals crashed the proportion below).
        guard view.invoice.kind == .invoice else {
            throw BillingError.invalid(field: "id", reason: "'\(invoiceID)' is a credit note: only invoices are followed up for payment")
        }
        let table = try ReferenceData.dunning()
        guard let contract = try await contracts.contracts(of: view.invoice.buyer.customerID).first,
              let policy = table.policies.first(where: { $0.family == contract.family }) else {
            throw BillingError.invalid(field: "invoice", reason: "invoice '\(invoiceID)' has no contract to follow up")
        }
        let log = try await dunningLog(invoiceID)
        return DunningView(invoiceID: invoiceID, number: view.invoice.number,
                           status: evaluate(view, contract: contract, log: log, on: day, policy: policy, rates: table.legalInterestRates), log: log)
    }

    package func evaluate(_ view: InvoiceView, contract: Contract, log: [DunningEntry], on day: LocalDate, policy: DunningPolicy,
                  rates: [LegalInterestRate]) -> DunningStatus {
        // What is left, before tax, in the invoice's own proportion of HT to TTC.
        let t = view.invoice.totals
        let remainingHT = t.includingTax == .zero ? .zero
            : view.remaining.multiplied(by: t.excludingTax.units, dividedBy: t.includingTax.units, roundedTo: .cent, .halfUp)
        let notice = log.first { $0.step == DunningStep.formalNotice.rawValue }?.on
        return DunningStatus.evaluate(dueDate: view.invoice.dueDate, issueDate: view.invoice.issueDate, remainingHT: remainingHT,
                                      noticeReceivedOn: notice, on: day, policy: policy,
                                      contractSteps: contract.nonPaymentSteps(due: view.invoice.dueDate, suspendedOn: log.first { $0.step == DunningStep.suspension.rawValue }?.on),
                                      legalRates: rates)
    }

    package func apply(_ action: ContractAction, to owned: [Contract], from states: [ContractState], on day: LocalDate, invoice: String, at now: Instant) async throws -> String {
        var done: [String] = []
        for c in owned where states.contains(c.state) {
            let note = "\(Self.nonPayment) \(invoice)"
            _ = action == .terminate ? try await contracts.terminateForNonPayment(c.id, on: day, note: note, at: now)
                : try await contracts.apply(action, to: c.id, on: day, note: note, at: now)
            done.append(c.id)
        }
        return "\(action.rawValue): \(done.isEmpty ? "no contract in a state that allows it" : done.joined(separator: ", ")) (\(Self.nonPayment) \(invoice))"
    }

    /// How a dunning measure's note begins (then the invoice's number): what a payment that clears the debt looks for.
    static let nonPayment = "non-payment of"

    package func dunningLog(_ invoiceID: String) async throws -> [DunningEntry] {
        try await store.events(stream: "dunning:\(invoiceID)", after: 0).map { try JSONDecoder().decode(DunningEntry.self, from: Data($0.payload.utf8)) }
    }

    /// Logs a step, with the notice it sends, in one transaction, once.
    package func logDunning(_ e: DunningEntry, with mail: [NewEvent] = [], letters: [(event: NewEvent, row: StateRow)] = [],
                            at now: Instant) async throws -> DunningEntry {
        let key = try IdempotencyKey(scope: "dunning", key: "\(e.invoiceID)#\(e.step)", fingerprint: e.step)
        _ = try await store.append([try contracts.event("dunning:\(e.invoiceID)", "dunning-\(e.step)", e, at: now)] + mail + letters.map(\.event),
                                   state: letters.map(\.row), idempotency: key)
        return e
    }

    /// A reminder or formal notice to the customer's e-mail address, the payer's in copy (001 CG 10.3: the customer stays
    /// liable); without the customer's, a letter queued for staff to post.
    private func notice(_ step: DunningStep, _ view: InvoiceView, day: LocalDate, at now: Instant) async throws -> ContractService.Notice {
        guard let customer = try await contracts.customer(view.invoice.buyer.customerID) else {
            throw ContractServiceError.notFound(view.invoice.buyer.customerID)
        }
        let to = customer.details.noticeAddress == nil ? [] : customer.invoiceAddresses(on: day)
        return try ContractService.notice(to: customer, addresses: to, reference: "invoice \(view.invoice.number)", on: day, at: now) { to in
            step == .reminder ? MailTemplates.paymentReminder(view.invoice, remaining: view.remaining, on: day, to: to)
                : MailTemplates.formalNotice(view.invoice, remaining: view.remaining, on: day, to: to)
        }
    }
}
