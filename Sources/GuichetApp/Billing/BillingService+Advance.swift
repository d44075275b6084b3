import GuichetCore
import GuichetStore

/// 001 CG 10.4 and 003 CG 8 on their days (D-BILL-16): staff ask an advance on consumption on an alert the rating raised
/// for one of the contract's lines; refused or awaited, they may suspend the service, which its payment resumes. Paid, the
/// scheduler sets it off against what the customer owes, again after each month's invoices, and pays back what is left
/// once the contract has ended and its last invoice is paid.
extension BillingService {
    /// What staff record: the advance's own steps, and the suspension the document allows while it is refused or awaited.
    public enum AdvanceAction: String, Sendable, Codable, CaseIterable { case requested, paid, refused, suspend }

    public func recordAdvance(contractID id: String, _ action: AdvanceAction, on day: LocalDate, amount: Money? = nil, alert: String? = nil,
                              at now: Instant) async throws -> Contract {
        guard var c = try await contracts.contract(id) else { throw ContractServiceError.notFound(id) }
        guard day <= contracts.today(in: c.territoryID, at: now) else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        guard let article = c.family.terms.advanceArticle else { throw ContractError.invalid(field: "contract", reason: "this contract's document asks for no advance on consumption") }
        switch action {
        case .suspend:
            guard let a = c.advance, a.unpaid else { throw ContractError.invalid(field: "step", reason: "no advance is refused or awaited (\(article))") }
            let why = a.refusedOn.map { "refused on \($0)" } ?? "awaiting its payment"
            return try await contracts.apply(.suspend, to: id, on: day, note: "\(Self.advanceNote) \(a.requestedOn), \(why) (\(article))", at: now)
        case .requested:
            let basis = try await advanceBasis(c, alert: alert, article: article)
            try c.recordAdvance(.requested, on: day, amount: amount, basis: basis)
            _ = try await storeAdvance(&c, .requested, on: day, amount: amount, basis: basis, at: now)
        case .paid:
            try c.recordAdvance(.paid, on: day)
            // Set off by the scheduler at once, then after each month's invoices.
            let setOff = contracts.due(.advanceSetOff, of: c, on: day, Explanation(
                rule: "the advance comes in deduction of the sums due and to come", source: article,
                inputs: ["paid": day.description, "amount": c.advance!.amount.description], result: "set off from \(day)"))
            _ = try await storeAdvance(&c, .paid, on: day, scheduling: [setOff].compactMap { $0 }, at: now)
            if c.state == .suspended, c.history.last?.note?.hasPrefix(Self.advanceNote) == true {
                return try await contracts.apply(.resume, to: id, on: max(day, c.history.last!.on), note: "advance paid on \(day) (\(article))", at: now)
            }
        case .refused:
            try c.recordAdvance(.refused, on: day)
            _ = try await storeAdvance(&c, .refused, on: day, at: now)
        }
        return c
    }

    static let advanceNote = "advance on consumption asked on"

    /// The alert an advance rests on: one the document names, raised for a line of the contract.
    private func advanceBasis(_ c: Contract, alert id: String?, article: String) async throws -> Explanation {
        guard let id else { throw ContractError.invalid(field: "alert", reason: "an advance rests on an alert of the rating (\(article))") }
        guard let stored = try await usage.alerts(customerID: c.customerID, limit: nil).alerts.first(where: { $0.alert.id == id }) else {
            throw ContractError.invalid(field: "alert", reason: "no alert '\(id)' was raised for this customer")
        }
        let a = stored.alert
        guard c.family.terms.advanceAlertRules.contains(a.rule) else {
            throw ContractError.invalid(field: "alert", reason: "'\(a.rule)' does not allow an advance; \(c.family.terms.advanceAlertRules.sorted().joined(separator: ", ")) do (\(article))")
        }
        guard try await usage.lines.line(a.line)?.contractID == c.id else {
            throw ContractError.invalid(field: "alert", reason: "the alert is on \(a.line), not a line of contract \(c.id)")
        }
        return Explanation(rule: a.message, source: a.source, inputs: ["line": a.line, "period": a.period, "value": a.value, "limit": a.limit],
                           result: "an advance may be asked")
    }

    private func storeAdvance(_ c: inout Contract, _ step: ConsumptionAdvance.Step, on day: LocalDate, amount: Money? = nil, basis: Explanation? = nil,
                              settling: [Obligation] = [], scheduling: [Obligation] = [], events: [NewEvent] = [], rows: [(event: NewEvent, row: StateRow)] = [],
                              at now: Instant) async throws -> Bool {
        let a = c.advance!
        // A set-off comes back each month, nothing owed or not: its day tells it from the last.
        let key = try IdempotencyKey(scope: "contract-advance", key: "\(c.id)#\(a.requestedOn)#\(step.rawValue)#\(a.setOff)#\(day)",
                                     fingerprint: "\(day)|\(amount?.description ?? "")")
        return try await contracts.record(&c, .advance, key: key, settling: settling, scheduling: scheduling, events: events, rows: rows, at: now) {
            ContractRepository.AdvanceStep(step: step, on: day, amount: amount, basis: basis, next: $0)
        }
    }

    /// Executes a set-off on its day (or the day the run takes it, never dated back): what the customer owes on issued
    /// invoices is paid from the advance (method `advance`); what is left waits for the next month's invoices, or, the
    /// contract ended and the bill run of its last month done, is paid back, the customer told.
    package func setOffAdvance(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contracts.contract(id), let a = c.advance, a.held > .zero, let article = c.family.terms.advanceArticle else {
            return try await contracts.settle(o, as: .superseded, outcome: "no advance held on '\(id)'", at: now)
        }
        let day = max(o.dueOn, contracts.today(in: c.territoryID, at: now))
        let owed = try await balance(customerID: c.customerID).due
        let kept = min(max(owed, .zero), a.held)
        if kept > .zero {
            _ = try await allocate(customerID: c.customerID, PaymentRequest(id: "advance-\(c.id)-\(a.requestedOn)-\(a.setOff)", method: .advance, amount: kept,
                                                                           receivedOn: day, reference: "avance sur consommation du contrat \(c.id) (\(article))"),
                                   at: now)
        }
        let left = a.held - kept
        if left > .zero, try await lastInvoiceIssued(c) {
            try c.recordAdvance(.setOff, on: day, amount: kept)
            let notice = try await contracts.notice(c, on: day, at: now) { MailTemplates.advanceRefunded(c, refunded: left, kept: a.setOff + kept, on: day, to: $0) }
            guard let done = o.settled(.done, at: now, outcome: "set off \(kept), refunded \(left) on \(day); \(notice.sent)") else { return nil }
            try c.recordAdvance(.refunded, on: day)
            return try await storeAdvance(&c, .refunded, on: day, amount: kept, settling: [done], events: notice.mail, rows: notice.letter, at: now) ? done : nil
        }
        // Again the day after the next month's invoices are issued (the bill run's default issue day, the 1st).
        let next = try BillingPeriod(RatingContext.period(day)).next.adding(days: 1)
        let again = left > .zero ? [contracts.due(.advanceSetOff, of: c, on: next, o.explanation)].compactMap { $0 } : []
        guard let done = o.settled(.done, at: now, outcome: "set off \(kept) on \(day), \(left) held") else { return nil }
        try c.recordAdvance(.setOff, on: day, amount: kept)
        return try await storeAdvance(&c, .setOff, on: day, amount: kept, settling: [done], scheduling: again, at: now) ? done : nil
    }

    /// Whether the contract has ended and the bill run of the month it ended in has issued its invoices.
    private func lastInvoiceIssued(_ c: Contract) async throws -> Bool {
        guard c.state.isFinal, let ended = c.history.last?.on else { return false }
        let period = RatingContext.period(ended)
        return try await store.billRuns(latestFirst: true, offset: 0, limit: 24).runs.contains { $0.period == period && $0.finishedAt != nil }
    }
}
