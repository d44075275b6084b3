/// What a customer owes to terminate, with each amount's rule, inputs and article.
public struct TerminationQuote: Sendable, Codable, Hashable {
    public struct Line: Sendable, Codable, Hashable {
        public let label: String
        public let amount: Money
        public let explanation: Explanation
    }

    public let contractID: String
    public let requestReceivedOn: LocalDate
    public let effectiveOn: LocalDate
    public let reason: LegitimateReason?
    public let lines: [Line]
    public let effectiveDateExplanation: Explanation

    public var total: Money { lines.reduce(.zero) { $0 + $1.amount } }
}

/// The request as the customer made it.
public struct TerminationRequest: Sendable, Hashable, Codable {
    public let receivedOn: LocalDate
    /// A later effective date the customer asked for.
    public let requestedEffectiveOn: LocalDate?
    public let reason: LegitimateReason?
    /// When the supporting documents of a legitimate reason arrived.
    public let documentsReceivedOn: LocalDate?
    /// The number leaves for another operator: the contract ends on the porting day, `receivedOn`
    /// (001 Annexe 3 art. 3.3; 003 CG 19), with no notice period.
    public let portOut: Bool

    public init(receivedOn: LocalDate, requestedEffectiveOn: LocalDate? = nil, reason: LegitimateReason? = nil,
                documentsReceivedOn: LocalDate? = nil, portOut: Bool = false) {
        self.receivedOn = receivedOn; self.requestedEffectiveOn = requestedEffectiveOn; self.reason = reason
        self.documentsReceivedOn = documentsReceivedOn; self.portOut = portOut
    }
}

/// Catalog amounts the rules need (never written in code): 001 termination fee.
public struct TerminationFees: Sendable, Hashable {
    public let liveboxTerminationFee: Money?
    public init(liveboxTerminationFee: Money?) { self.liveboxTerminationFee = liveboxTerminationFee }
}

extension Contract {
    public func terminationQuote(_ request: TerminationRequest, fees: TerminationFees) throws(ContractError) -> TerminationQuote {
        guard !state.isFinal else { throw .illegalTransition(action: .requestTermination, from: state) }
        if let reason = request.reason, !family.legitimateReasons.contains(reason) {
            throw .unknownReason(reason.rawValue, family: family)
        }
        switch family {
        case .livebox: return try liveboxQuote(request, fee: fees.liveboxTerminationFee)
        case .mobileMayotte: return try mayotteQuote(request)
        case .workplace: return try workplaceQuote(request)
        case .assistance, .eServices:
            let effective = effectiveDate(request, noticeDays: 0, source: family == .assistance ? "000 art. 1" : "002 (no engagement)")
            return TerminationQuote(contractID: id, requestReceivedOn: request.receivedOn, effectiveOn: effective.0, reason: nil, lines: [],
                                    effectiveDateExplanation: effective.1)
        }
    }

    /// max(receipt + notice, the customer's later date); with a legitimate reason, 10 days at the
    /// latest after the supporting documents.
    func effectiveDate(_ r: TerminationRequest, noticeDays: Int, source: String) -> (LocalDate, Explanation) {
        if r.portOut {
            return (r.receivedOn, Explanation(rule: "porting the number out terminates the contract on the porting day, engagement clauses kept",
                                              source: family == .livebox ? "001 Annexe 3 art. 3.3" : family == .mobileMayotte ? "003 CG 19.1" : source,
                                              inputs: ["porting day": r.receivedOn.description], result: "\(r.receivedOn)"))
        }
        if r.reason != nil {
            let docs = r.documentsReceivedOn ?? r.receivedOn
            let day = docs.adding(days: 10)
            return (day, Explanation(rule: "legitimate reason: effective at the latest 10 days after the supporting documents",
                                     source: family.reasonsArticle, inputs: ["documents received": docs.description], result: "\(day)"))
        }
        let earliest = r.receivedOn.adding(days: noticeDays)
        let day = max(earliest, r.requestedEffectiveOn ?? earliest)
        return (day, Explanation(rule: "effective \(noticeDays) days after the request is received, or later if the customer asks",
                                 source: source, inputs: ["received": r.receivedOn.description, "requested": r.requestedEffectiveOn?.description ?? "-"],
                                 result: "\(day)"))
    }

    func fee() throws(ContractError) -> Money {
        guard let f = monthlyFee?.amount else { throw .invalid(field: "monthlyFee", reason: "the contract has no monthly fee") }
        return f
    }

    /// The days from `from` to the effective day the invoices bill (each month's days pro rata of its own length, the
    /// service billed to the day it ends, D-BILL-3), at `1/share` of the fee: counted again in the remaining months,
    /// they are taken off them, so that no day is billed twice (D-RUN-10).
    static func billedDays(_ f: Money, from: LocalDate, through last: LocalDate, share: Int64, source: String) -> (amount: Money, explanation: Explanation) {
        var parts: [Explanation] = [], total = Money.zero, day = from
        while day <= last {
            let (y, m, _) = day.components
            let monthEnd = try! LocalDate(y, m, LocalDate.daysIn(month: m, year: y))
            let part = ServiceDaysProrata.amount(monthly: f, from: day, to: min(monthEnd, last), source: source)
            total += part.amount
            parts.append(part.explanation)
            day = monthEnd.adding(days: 1)
        }
        let amount = share == 1 ? total : total.multiplied(by: 1, dividedBy: share, roundedTo: .cent, .halfUp)
        return (amount, Explanation(rule: "the days of the engagement month in progress billed up to the termination" + (share == 1 ? "" : ", 1/\(share)"),
                                    source: "D-RUN-10", inputs: ["from": from.description, "through": last.description],
                                    result: amount.description, steps: parts))
    }

    func noFeeLine(_ reason: LegitimateReason) -> TerminationQuote.Line {
        .init(label: "legitimate reason: \(reason.rawValue)", amount: .zero,
              explanation: Explanation(rule: "no termination fee and no remaining monthly fees for a legitimate reason",
                                       source: family.reasonsArticle, inputs: ["reason": reason.rawValue], result: "0.00"))
    }

    private func liveboxQuote(_ r: TerminationRequest, fee terminationFee: Money?) throws(ContractError) -> TerminationQuote {
        guard activatedOn != nil else { throw .notActivated }
        let (effective, why) = effectiveDate(r, noticeDays: 10, source: "001 CG 18.1")
        var lines: [TerminationQuote.Line] = []
        if let reason = r.reason {
            lines.append(noFeeLine(reason))
        } else {
            guard let terminationFee else { throw .invalid(field: "fees", reason: "the catalog has no Livebox termination fee") }
            lines.append(.init(label: "termination fee", amount: terminationFee, explanation: Explanation(
                rule: "termination fee (technical closing costs)", source: "001 CG 18.1; Annexes 1 et 2", result: terminationFee.description)))
            if let remaining = try liveboxRemainingFees(effective: effective, source: "001 CG 18.1") { lines.append(remaining) }
        }
        return TerminationQuote(contractID: id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: r.reason, lines: lines,
                                effectiveDateExplanation: why)
    }

    /// 001 CG 18.1 and 18.2: the monthly fees left until the end of the engagement, due at once when the contract ends on
    /// `effective` before it; nil after it.
    private func liveboxRemainingFees(effective: LocalDate, source: String) throws(ContractError) -> TerminationQuote.Line? {
        guard let start = activatedOn, let end = engagementEnd else { throw .notActivated }
        guard effective < end else { return nil }
        let f = try fee()
        let elapsed = start.wholeMonths(until: effective)
        let remaining = engagementMonths - elapsed
        let billed = Self.billedDays(f, from: start.adding(months: elapsed), through: effective, share: 1, source: "001 CG 10.1; D-BILL-3")
        let amount = f * Int64(remaining) - billed.amount
        return .init(label: "remaining monthly fees of the engagement", amount: amount, explanation: Explanation(
            rule: "F × (N − m): the monthly fees left until the end of the engagement, due at once, less the days of the month in "
                + "progress the invoices bill up to the termination (D-RUN-10)",
            source: source,
            inputs: ["F": f.description, "N": "\(engagementMonths)", "m (whole months from activation \(start))": "\(elapsed)",
                     "engagement end": end.description, "effective": effective.description],
            result: "\(f) × \(remaining) − \(billed.amount) = \(amount)", steps: [billed.explanation]))
    }

    /// What the operator's termination for non-payment on `day` makes due at once: 001 CG 18.2, the subscription fees left
    /// until the end of the engagement (no termination fee, which is the customer's termination's, CG 18.1); the other
    /// documents name none (003 CG 16.1).
    public func nonPaymentTerminationCharges(on day: LocalDate) throws(ContractError) -> [TerminationQuote.Line] {
        guard family == .livebox, activatedOn != nil else { return [] }
        return try [liveboxRemainingFees(effective: day, source: "001 CG 18.2")].compactMap { $0 }
    }

    private func mayotteQuote(_ r: TerminationRequest) throws(ContractError) -> TerminationQuote {
        guard let start = activatedOn else { throw .notActivated }
        let (effective, why) = effectiveDate(r, noticeDays: 10, source: "003 CG 16.2.1")
        var lines: [TerminationQuote.Line] = []
        if let reason = r.reason {
            lines.append(noFeeLine(reason))
        } else if engagementMonths > 0 {
            let f = try fee()
            let n = engagementMonths
            let m = min(start.wholeMonths(until: effective), n)
            let inputs: ExplanationInputs = ["F": f.description, "N": "\(n)", "m (whole months from activation \(start))": "\(m)", "effective": effective.description]
            // The days of the month in progress the invoices bill up to the termination, at the share this month is owed (D-RUN-10).
            let billed = { (share: Int64) -> (amount: Money, explanation: Explanation) in
                m < n ? Self.billedDays(f, from: start.adding(months: m), through: effective, share: share, source: "003 CG 7.1; D-BILL-3")
                    : (Money.zero, Explanation(rule: "the engagement is over by the effective day", source: "D-RUN-10", result: "0.00"))
            }
            if n <= 12 {
                let days = billed(1), amount = f * Int64(n - m) - days.amount
                lines.append(.init(label: "remaining monthly fees", amount: amount, explanation: Explanation(
                    rule: "N ≤ 12: F × (N − m), less the days of the month in progress already billed", source: "003 CG 16.2.1", inputs: inputs,
                    result: "\(f) × \(n - m) − \(days.amount) = \(amount)", steps: [days.explanation])))
            } else if m < 12 {
                let days = billed(1), upTo12 = f * Int64(12 - m) - days.amount
                let quarter = (f * Int64(n - 12)).multiplied(by: 1, dividedBy: 4, roundedTo: .cent, .halfUp)
                lines.append(.init(label: "monthly fees up to the 12th month", amount: upTo12, explanation: Explanation(
                    rule: "before the end of the 12th month: F × (12 − m), less the days of the month in progress already billed",
                    source: "003 CG 16.2.1; C. conso L224-28", inputs: inputs, result: "\(f) × \(12 - m) − \(days.amount) = \(upTo12)",
                    steps: [days.explanation])))
                lines.append(.init(label: "a quarter of the fees of months 13 to N", amount: quarter, explanation: Explanation(
                    rule: "plus ¼ × F × (N − 12)", source: "003 CG 16.2.1; C. conso L224-28", inputs: inputs,
                    result: "¼ × \(f) × \(n - 12) = \(quarter)")))
            } else {
                let days = billed(4)
                let quarter = (f * Int64(n - m)).multiplied(by: 1, dividedBy: 4, roundedTo: .cent, .halfUp) - days.amount
                lines.append(.init(label: "a quarter of the remaining fees", amount: quarter, explanation: Explanation(
                    rule: "from the end of the 12th month: ¼ × F × (N − m), less a quarter of the days of the month in progress already billed",
                    source: "003 CG 16.2.1; C. conso L224-28", inputs: inputs,
                    result: "¼ × \(f) × \(n - m) − \(days.amount) = \(quarter)", steps: [days.explanation])))
            }
        }
        return TerminationQuote(contractID: id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: r.reason, lines: lines,
                                effectiveDateExplanation: why)
    }

    private func workplaceQuote(_ r: TerminationRequest) throws(ContractError) -> TerminationQuote {
        guard let end = engagementEnd else { throw .notActivated }
        let (effective, why) = effectiveDate(r, noticeDays: 90, source: "004 §9.2 TER-1")
        var lines: [TerminationQuote.Line] = []
        if effective < end {
            // The fee as revised by the day the request is received (004 §15.1): the sums the customer would have paid.
            guard let f = fee(on: r.receivedOn)?.amount else { throw .invalid(field: "monthlyFee", reason: "the contract has no monthly fee") }
            // A month a pack is active is billed whole (004 §15 BIL-3): the last invoice bills the effective day's month; what remains
            // are the months after it, to the one the term's last day falls in (D-RUN-10).
            let e = effective.components, t = end.adding(days: -1).components
            let remaining = max(0, (t.year * 12 + t.month) - (e.year * 12 + e.month))
            let amount = f * Int64(quantity * remaining)
            lines.append(.init(label: "100 % of the sums remaining due until the end of the minimum period", amount: amount, explanation: Explanation(
                rule: "packs × monthly fee × the months after the effective day's month, to the term's last", source: "004 §9.2 TER-2; §15 BIL-3",
                inputs: ["packs": "\(quantity)", "monthly fee": f.description, "N": "\(engagementMonths)", "signed": orderedOn.description,
                         "effective": effective.description, "term end": end.description],
                result: "\(quantity) × \(f) × \(remaining) = \(amount)")))
        }
        return TerminationQuote(contractID: id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: nil, lines: lines,
                                effectiveDateExplanation: why)
    }
}
