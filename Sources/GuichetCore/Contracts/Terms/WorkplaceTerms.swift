/// 004 — Workplace Together Essentials, business cloud telephony: the contract's rules for its orders.
public struct WorkplaceTerms: ContractTerms {
    public var document: String { "004" }

    public var reasonsArticle: String { "004 §9.2" }
    public var terminationArticle: String { "004 §9.2 TER-1" }

    /// §9.1 DUR-1: the engagement runs from the order's (Bon de Commande) signature.
    public func engagementStart(_ c: Contract) -> LocalDate? { c.orderedOn }
    public func engagementRule(_ c: Contract) -> (from: String, source: String) { ("the order's signature", "004 §9.1") }

    /// §9.1: packs are ordered for 36 or 60 months; equipment and one-off services (§15) carry no term of their own.
    public func checkEngagement(months: Int) throws(ContractError) {
        guard months == 0 || [36, 60].contains(months) else {
            throw .invalid(field: "engagementMonths", reason: "Workplace Together Essentials is ordered for 36 or 60 months (004 §9.1)")
        }
    }

    /// §9.1 DUR-4: "prorogé automatiquement par périodes successives de douze (12) mois par tacite reconduction".
    public var renewalMonths: Int? { 12 }

    /// §9.1 DUR-4: the first term after `day` (the initial one, then each 12 months); §9.2 TER-1: a termination at it is
    /// notified 90 days before.
    public func renewal(_ c: Contract, after day: LocalDate) -> (term: ContractDeadlines.Dated, noticeLimit: ContractDeadlines.Dated)? {
        guard let end = c.engagementEnd else { return nil }
        var term = end, k = 0
        while term <= day { term = end.adding(months: 12 * (k + 1)); k += 1 }
        let limit = term.adding(days: -90)
        return (.init(date: term, explanation: Explanation(
                    rule: "tacit renewal for 12 months at each term after the initial \(c.engagementMonths) months",
                    source: "004 §9.1 DUR-4", inputs: ["initial term end": end.description, "renewals passed": "\(k)"], result: "\(term)")),
                .init(date: limit, explanation: Explanation(
                    rule: "a termination at the term must be notified 90 days before it", source: "004 §9.2 TER-1",
                    inputs: ["term": term.description], result: "notice received by \(limit)")))
    }

    /// §7.2: suspension once 2 business days (jours ouvrés) have passed after the registered letter's receipt, or the
    /// deposit of the held-mail notice if earlier; billing continues; termination on a repeat without a new notice.
    public func misuseSuspension(_ c: Contract, noticeReceived: LocalDate, heldMailNoticeDeposited: LocalDate?, calendar: WorkCalendar) -> Contract.Step? {
        let start = min(noticeReceived, heldMailNoticeDeposited ?? noticeReceived)
        let period = calendar.deadline(2, .ouvres, after: start, rule: "2 business days after the notice", source: "004 §7.2 FU-4")
        let from = period.lastDay!.adding(days: 1)
        return Contract.Step(measure: "suspension", from: from, billingContinues: true, explanation: Explanation(
            rule: "formal notice (LRAR) without effect 2 business days after its receipt or the held-mail notice; the Service is still billed (FU-5)",
            source: "004 §7.2", inputs: ["counted from": start.description, "territory": calendar.territory.id],
            result: "from \(from)", steps: [period.explanation]))
    }

    /// §9.2 TER-1/TER-2: 90 days' notice; before the term, 100 % of the sums remaining due — packs × the fee in force × the
    /// months after the effective day's month, which is billed whole (§15 BIL-3, D-RUN-10).
    public func terminationQuote(_ c: Contract, _ r: TerminationRequest, fees: TerminationFees) throws(ContractError) -> TerminationQuote {
        if c.state == .pendingActivation { return try cancellationQuote(c, r, fees: fees) }
        guard let end = c.engagementEnd else { throw .notActivated }
        let (effective, why) = c.effectiveDate(r, noticeDays: 90, source: "004 §9.2 TER-1")
        var lines: [TerminationQuote.Line] = []
        if effective < end {
            // The fee as revised by the day the request is received (004 §15.1): the sums the customer would have paid.
            guard let f = c.fee(on: r.receivedOn)?.amount else { throw .invalid(field: "monthlyFee", reason: "the contract has no monthly fee") }
            let e = effective.components, t = end.adding(days: -1).components
            let remaining = max(0, (t.year * 12 + t.month) - (e.year * 12 + e.month))
            let amount = f * Int64(c.quantity * remaining)
            lines.append(.init(label: "100 % of the sums remaining due until the end of the minimum period", amount: amount, explanation: Explanation(
                rule: "packs × monthly fee × the months after the effective day's month, to the term's last", source: "004 §9.2 TER-2; §15 BIL-3",
                inputs: ["packs": "\(c.quantity)", "monthly fee": f.description, "N": "\(c.engagementMonths)", "signed": c.orderedOn.description,
                         "effective": effective.description, "term end": end.description],
                result: "\(c.quantity) × \(f) × \(remaining) = \(amount)")))
        }
        return TerminationQuote(contractID: c.id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: nil, lines: lines,
                                effectiveDateExplanation: why)
    }

    /// §9.2 TER-4: an order cancelled before its Date de Mise en Service owes "les frais de mise en service et, le cas
    /// échéant, des forfaits de déploiement": §15's only fee due at a mise en service, the deployment fee of each site not in
    /// service yet (D-RUN-27); no engagement fee. Cancelled on the day asked, at the earliest the day it is received.
    private func cancellationQuote(_ c: Contract, _ r: TerminationRequest, fees: TerminationFees) throws(ContractError) -> TerminationQuote {
        let effective = max(r.receivedOn, r.requestedEffectiveOn ?? r.receivedOn)
        let why = Explanation(rule: "an order cancelled before its mise en service ends on the day asked, no notice", source: "004 §9.2 TER-4",
                              inputs: ["received": r.receivedOn.description, "requested": r.requestedEffectiveOn?.description ?? "-"],
                              result: "\(effective)")
        var lines: [TerminationQuote.Line] = []
        if fees.sitesToDeploy > 0 {
            guard let fee = fees.siteDeploymentFee else {
                throw .invalid(field: "fees", reason: "the catalog has no deployment fee per site (004 gives no price); set it to cancel an order (004 §9.2 TER-4)")
            }
            let amount = fee * Int64(fees.sitesToDeploy)
            lines.append(.init(label: "deployment fees of the sites not in service", amount: amount, explanation: Explanation(
                rule: "the deployment fee of each site not in service yet, due on a cancellation before the mise en service",
                source: "004 §9.2 TER-4; §15 BIL-2", inputs: ["sites": "\(fees.sitesToDeploy)", "fee per site": fee.description],
                result: "\(fees.sitesToDeploy) × \(fee) = \(amount)")))
        }
        return TerminationQuote(contractID: c.id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: nil, lines: lines,
                                effectiveDateExplanation: why)
    }

    public var packs: Bool { true }
    /// §15.1: the prices are revised each year by the Syntec and INSEE indices (`catalog revise`).
    public var priceChange: (byIndex: Bool, rule: String) { (true, "004 §15.1") }
    public var proratedFeeArticle: String { "004 §15" }
}
