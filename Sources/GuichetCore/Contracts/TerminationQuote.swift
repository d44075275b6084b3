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
    /// The day of the move, for a move where the service cannot follow (001 CG 18.1: asked within 15 days of it).
    public let movedOn: LocalDate?
    /// Why staff grant a reason the document's list does not name (`other`, 003 CG 16.2.2).
    public let justification: String?

    public init(receivedOn: LocalDate, requestedEffectiveOn: LocalDate? = nil, reason: LegitimateReason? = nil,
                documentsReceivedOn: LocalDate? = nil, portOut: Bool = false, movedOn: LocalDate? = nil, justification: String? = nil) {
        self.receivedOn = receivedOn; self.requestedEffectiveOn = requestedEffectiveOn; self.reason = reason
        self.documentsReceivedOn = documentsReceivedOn; self.portOut = portOut; self.movedOn = movedOn; self.justification = justification
    }
}

/// Catalog amounts the rules need (never written in code): 001 termination fee; for a 004 order cancelled before its
/// Date de Mise en Service, the deployment fee per site and the sites not in service yet (D-RUN-27).
public struct TerminationFees: Sendable, Hashable {
    public let liveboxTerminationFee: Money?
    public let siteDeploymentFee: Money?
    public let sitesToDeploy: Int

    public init(liveboxTerminationFee: Money?, siteDeploymentFee: Money? = nil, sitesToDeploy: Int = 0) {
        self.liveboxTerminationFee = liveboxTerminationFee; self.siteDeploymentFee = siteDeploymentFee; self.sitesToDeploy = sitesToDeploy
    }
}

extension Contract {
    /// `calendar`: the customer's territory's, to know a port-out falls within the withdrawal period (001 A3 3.3).
    public func terminationQuote(_ request: TerminationRequest, fees: TerminationFees, calendar: WorkCalendar? = nil) throws(ContractError) -> TerminationQuote {
        guard !state.isFinal else { throw .illegalTransition(action: .requestTermination, from: state) }
        try checkReason(request)
        try family.terms.check(self, request)
        if let calendar, portsOutWithinWithdrawal(request, calendar: calendar), let quote = family.terms.portOutWithinWithdrawal(self, request) {
            return quote
        }
        return try family.terms.terminationQuote(self, request, fees: fees)
    }

    /// Whether `request` ports the number out by the last day of the withdrawal period.
    /// A request's reason is one of the document's, and « other » (003 CG 16.2.2: « liste non limitative ») comes with why.
    public func checkReason(_ request: TerminationRequest) throws(ContractError) {
        if let reason = request.reason, !family.legitimateReasons.contains(reason) {
            throw .unknownReason(reason.rawValue, family: family)
        }
        // 003 CG 16.2.2, L224-33: from a modification's notice to 4 months after it takes effect, not for a lower price.
        if request.reason == .contractModification, family.terms.priceChangeArticle != nil, modificationOpeningTermination(receivedOn: request.receivedOn) == nil {
            throw .invalid(field: "reason", reason: "no change of the contract was notified whose window (from its notice to 4 months after it takes effect) holds \(request.receivedOn) (003 CG 16.2.2; L224-33)")
        }
        let justified = request.justification?.contains { !$0.isWhitespace } ?? false
        guard (request.reason == .other) == justified else {
            throw .invalid(field: "justification", reason: request.reason == .other
                ? "another legitimate reason than the list's is granted with its justification (\(family.terms.reasonsArticle): « liste non limitative »)"
                : "a justification goes with the reason 'other' only")
        }
    }

    /// A port-out within the withdrawal period quoted as a withdrawal: on the porting day, no fee, only the service provided
    /// until then owed (001 Annexe 3 art. 3.3, 003 CG 4).
    func portedOutAsWithdrawal(_ r: TerminationRequest, source: String) -> TerminationQuote {
        let (effective, why) = effectiveDate(r, noticeDays: 0, source: source)
        return TerminationQuote(contractID: id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: nil, lines: [.init(
            label: "no termination fee", amount: .zero, explanation: Explanation(
                rule: "ported out within the withdrawal period: as a withdrawal, only the service provided until the porting is owed",
                source: source, inputs: ["porting day": effective.description], result: "0.00"))], effectiveDateExplanation: why)
    }

    public func portsOutWithinWithdrawal(_ request: TerminationRequest, calendar: WorkCalendar) -> Bool {
        guard request.portOut, let last = withdrawalDeadline(calendar: calendar)?.lastDay else { return false }
        return request.receivedOn <= last
    }

    /// max(receipt + notice, the customer's later date); with a legitimate reason, 10 days at the
    /// latest after the supporting documents.
    func effectiveDate(_ r: TerminationRequest, noticeDays: Int, source: String) -> (LocalDate, Explanation) {
        if r.portOut {
            return (r.receivedOn, Explanation(rule: "porting the number out terminates the contract on the porting day, engagement clauses kept",
                                              source: family.terms.portOutArticle ?? source,
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

    /// The monthly fee in force: the order's, or its last offer change's (D-CTR-15).
    func fee() throws(ContractError) -> Money {
        guard let f = (offerChanges?.last.map(\.fee) ?? monthlyFee)?.amount else { throw .invalid(field: "monthlyFee", reason: "the contract has no monthly fee") }
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

    func noFeeLine(_ reason: LegitimateReason, _ r: TerminationRequest) -> TerminationQuote.Line {
        .init(label: "legitimate reason: \(reason.rawValue)", amount: .zero,
              explanation: Explanation(rule: "no termination fee and no remaining monthly fees for a legitimate reason",
                                       source: family.terms.article(of: reason),
                                       inputs: ExplanationInputs([("reason", reason.rawValue)] + (r.justification.map { [("justification", $0)] } ?? [])),
                                       result: "0.00"))
    }
}
