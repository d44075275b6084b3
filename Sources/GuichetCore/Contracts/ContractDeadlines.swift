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
            engagement = .init(date: end, explanation: Explanation(
                rule: "engagement of \(engagementMonths) months from \(family == .workplace ? "the order's signature" : "activation")",
                source: family == .workplace ? "004 §9.1" : family == .livebox ? "001 CG 16; Annexes 1 et 2" : "003 CG 14",
                inputs: ["start": start.description, "months": "\(engagementMonths)"], result: "\(end)"))
        }
        var renewal: ContractDeadlines.Dated?, notice: ContractDeadlines.Dated?
        if family == .workplace, let end = engagementEnd {
            // 004 §9.1: after the term, tacit renewal by successive 12-month periods; §9.2: 90 days' notice.
            var term = end, k = 0
            while term <= day { term = end.adding(months: 12 * (k + 1)); k += 1 }
            renewal = .init(date: term, explanation: Explanation(
                rule: "tacit renewal for 12 months at each term after the initial \(engagementMonths) months",
                source: "004 §9.1 DUR-4", inputs: ["initial term end": end.description, "renewals passed": "\(k)"], result: "\(term)"))
            let limit = term.adding(days: -90)
            notice = .init(date: limit, explanation: Explanation(
                rule: "a termination at the term must be notified 90 days before it", source: "004 §9.2 TER-1",
                inputs: ["term": term.description], result: "notice received by \(limit)"))
        }
        return ContractDeadlines(withdrawal: withdrawalDeadline(calendar: calendar), engagementEnd: engagement,
                                 nextRenewal: renewal, noticeLimit: notice)
    }

    /// 001 CG 2 and 003 CG 4: 21 calendar days from the order for a distance sale, extended to the
    /// next working day when it ends on a Saturday, Sunday or holiday (C. conso L221-19); 000 art. 10:
    /// 7 jours francs from acceptance. Business contracts (004) have none.
    public func withdrawalDeadline(calendar: WorkCalendar) -> Deadline? {
        switch family {
        case .livebox where distanceSale:
            return calendar.deadline(21, .calendar, after: orderedOn, extended: true, rule: "withdrawal after a distance sale", source: "001 CG 2")
        case .mobileMayotte where distanceSale:
            return calendar.deadline(21, .calendar, after: orderedOn, extended: true, rule: "withdrawal after a distance sale", source: "003 CG 4")
        case .assistance:
            return calendar.joursFrancs(7, after: orderedOn, rule: "withdrawal", source: "000 art. 10")
        default:
            return nil
        }
    }

    /// What the operator owes for a late activation: 003 CG 5, a flat amount when activation comes
    /// more than 2 days after the chosen date; 001 CG 7.2, for ADSL/VDSL, the monthly fee pro rata of
    /// the days beyond 15 days after the subscription (each late day at 1/days-of-its-month).
    public func lateActivationCompensation(flat mayotteFlat: Money?) throws(ContractError) -> TerminationQuote.Line? {
        guard let activated = activatedOn else { throw .notActivated }
        switch family {
        case .mobileMayotte:
            guard let chosen = chosenActivationDate, activated > chosen.adding(days: 2), let mayotteFlat else { return nil }
            return .init(label: "late activation compensation", amount: mayotteFlat, explanation: Explanation(
                rule: "activation more than 2 days after the chosen date: flat, final compensation", source: "003 CG 5",
                inputs: ["chosen": chosen.description, "activated": activated.description], result: mayotteFlat.description))
        case .livebox:
            let maxDate = orderedOn.adding(days: 15)
            guard activated > maxDate, offeringID.contains("xdsl") else { return nil }
            let f = try fee()
            var total = Money.zero
            var day = maxDate.adding(days: 1)
            while day <= activated {
                let c = day.components
                total += f.multiplied(by: 1, dividedBy: Int64(LocalDate.daysIn(month: c.month, year: c.year)), rounding: .halfUp)
                day = day.adding(days: 1)
            }
            let amount = total.rounded(.halfUp)
            return .init(label: "late activation compensation", amount: amount, explanation: Explanation(
                rule: "monthly fee pro rata of the days between the latest activation date and the activation", source: "001 CG 7.2",
                inputs: ["F": f.description, "ordered": orderedOn.description, "latest activation": maxDate.description,
                         "activated": activated.description, "late days": "\(activated.ordinal - maxDate.ordinal)"],
                result: amount.description))
        default:
            return nil
        }
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
