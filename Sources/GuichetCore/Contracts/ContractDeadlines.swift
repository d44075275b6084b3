/// The dates that matter for a contract, each with its rule.
public struct ContractDeadlines: Sendable, Codable, Hashable {
    public struct Dated: Sendable, Codable, Hashable {
        public let date: LocalDate
        public let explanation: Explanation
    }

    public let withdrawal: Deadline?
    public let engagementEnd: Dated?
    public let nextRenewal: Dated?
    public let noticeLimit: Dated?
}

extension Contract {
    /// `on`: the day the question is asked (the next renewal is the first one after it).
    public func deadlines(calendar: WorkCalendar, on day: LocalDate) -> ContractDeadlines {
        var engagement: ContractDeadlines.Dated?
        if let start = engagementStart, engagementMonths > 0, let end = engagementEnd {
            let rule = family.terms.engagementRule(self)
            engagement = .init(date: end, explanation: Explanation(
                rule: "engagement of \(engagementMonths) months from \(rule.from)", source: rule.source,
                inputs: ["start": start.description, "months": "\(engagementMonths)"], result: "\(end)"))
        }
        let renewal = family.terms.renewal(self, after: day)
        return ContractDeadlines(withdrawal: withdrawalDeadline(calendar: calendar), engagementEnd: engagement,
                                 nextRenewal: renewal?.term, noticeLimit: renewal?.noticeLimit)
    }

    /// The right of withdrawal's last day, by the contract's document (001 CG 2, 003 CG 4: 21 days after a distance sale;
    /// 000 art. 10: 7 jours francs); nil for the contracts without one (004).
    public func withdrawalDeadline(calendar: WorkCalendar) -> Deadline? { family.terms.withdrawalDeadline(self, calendar: calendar) }

    /// What the operator owes for a late activation, by the contract's document (001 CG 7.2, 003 CG 5); nil when nothing is.
    public func lateActivationCompensation(flat mayotteFlat: Money?) throws(ContractError) -> TerminationQuote.Line? {
        try family.terms.lateActivationCompensation(self, flat: mayotteFlat)
    }
}

/// 003 CG 8: out-of-bundle spend between two billing periods lets Orange ask for an advance
/// (threshold 45 €) or suspend outgoing use (300 €); thresholds come from the catalog.
public struct ConsumptionAdvanceRule: Sendable {
    public let advanceThreshold: Money
    public let suspensionThreshold: Money

    public init(advanceThreshold: Money, suspensionThreshold: Money) {
        self.advanceThreshold = advanceThreshold; self.suspensionThreshold = suspensionThreshold
    }

    public func assess(outOfBundle: Money) -> (mayRequestAdvance: Bool, maySuspend: Bool) {
        (outOfBundle >= advanceThreshold, outOfBundle >= suspensionThreshold)
    }
}
