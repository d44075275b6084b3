/// The operator's side of dunning, per contract family, as configuration (`dunning.json`): when the
/// reminder and the formal notice go out. Suspension and termination dates are the contract's
/// own rules (`Contract.nonPaymentSteps`, 001 CG 17 / 18.2, 003 CG 15 / 16.1).
public struct DunningPolicy: Sendable, Hashable, Codable {
    public let family: ContractFamily
    /// Days after the due date: the reminder (relance) and the formal notice (mise en demeure);
    /// nil when none is sent.
    public let reminderDays: Int?
    public let formalNoticeDays: Int?
    /// The late-payment surcharge: 3 × the legal interest rate, per started 15-day period from the
    /// first day late, once a formal notice has gone unanswered for 8 days (001 CG 10.2, 003 CG 7.4).
    public let penalty: Bool
    /// True where a number of days is the operator's choice, the document giving none.
    public let sample: Bool
    public let source: String

    public init(family: ContractFamily, reminderDays: Int?, formalNoticeDays: Int?, penalty: Bool, sample: Bool, source: String) {
        self.family = family; self.reminderDays = reminderDays; self.formalNoticeDays = formalNoticeDays
        self.penalty = penalty; self.sample = sample; self.source = source
    }
}

/// The French legal interest rate in force from a day (published each half-year): configuration.
public struct LegalInterestRate: Sendable, Hashable, Codable {
    public let from: LocalDate
    public let rate: VATRate
    public let sample: Bool
    public let source: String

    public init(from: LocalDate, rate: VATRate, sample: Bool, source: String) { self.from = from; self.rate = rate; self.sample = sample; self.source = source }

    public static func inForce(on day: LocalDate, in rates: [LegalInterestRate]) -> LegalInterestRate? {
        rates.filter { $0.from <= day }.max { $0.from < $1.from }
    }
}

public enum DunningStep: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case reminder, formalNotice, suspension, termination

    public static func < (a: DunningStep, b: DunningStep) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Where an overdue invoice stands on a day: the steps now due, and the surcharge accrued.
public struct DunningStatus: Sendable, Hashable, Codable {
    public struct Due: Sendable, Hashable, Codable {
        public let step: DunningStep
        public let on: LocalDate
        public let explanation: Explanation
    }

    public let daysLate: Int
    public let due: [Due]
    public let penalty: Money
    public let penaltyExplanation: Explanation?

    /// - Parameters:
    ///   - remainingHT: what is still owed, before tax (the surcharge's base).
    ///   - noticeReceivedOn: when the customer received the formal notice, if it was sent.
    ///   - contractSteps: the contract's non-payment measures for this due date (`Contract.nonPaymentSteps`).
    public static func evaluate(dueDate: LocalDate, issueDate: LocalDate, remainingHT: Money, noticeReceivedOn: LocalDate?, on day: LocalDate,
                                policy: DunningPolicy, contractSteps: [Contract.Step], legalRates: [LegalInterestRate]) -> DunningStatus {
        let late = day.ordinal - dueDate.ordinal
        guard late > 0, remainingHT > .zero else { return DunningStatus(daysLate: max(0, late), due: [], penalty: .zero, penaltyExplanation: nil) }
        var due: [Due] = []
        for (step, days) in [(DunningStep.reminder, policy.reminderDays), (.formalNotice, policy.formalNoticeDays)] {
            guard let days, late >= days else { continue }
            let on = dueDate.adding(days: days)
            due.append(Due(step: step, on: on, explanation: Explanation(rule: "\(step.rawValue) \(days) days after the due date", source: policy.source,
                                                                      inputs: ["due date": dueDate.description, "days": "\(days)", "sample": "\(policy.sample)"],
                                                                      result: on.description)))
        }
        for s in contractSteps where s.from <= day {
            guard let step = DunningStep(rawValue: s.measure) else { continue }
            // Suspension follows an unanswered reminder, termination an unanswered formal notice (001 CG 17, 18.2; 003 CG 15, 16.1).
            let prerequisite: DunningStep = step == .suspension ? .reminder : .formalNotice
            guard step != .termination || noticeReceivedOn != nil, due.contains(where: { $0.step == prerequisite }) else { continue }
            due.append(Due(step: step, on: max(s.from, due.first { $0.step == prerequisite }!.on), explanation: s.explanation))
        }
        var penalty = Money.zero
        var why: Explanation?
        // 001 CG 10.2: only once the formal notice has gone 8 days without effect from its receipt — the 8 days after it,
        // the surcharge from the day after them (D-CAL-6) — then counted from the first day late.
        if policy.penalty, let received = noticeReceivedOn, day.ordinal >= received.ordinal + 8 + 1,
           let legal = LegalInterestRate.inForce(on: issueDate, in: legalRates) {
            let periods = (late + 14) / 15
            // D-BILL-7: the annual rate pro-rated over 15/365 days per period (the reading the spec calls A).
            penalty = remainingHT.multiplied(by: 3 * legal.rate.hundredthsOfPercent * 15 * Int64(periods),
                                             dividedBy: VATRate.denominator * 365, roundedTo: .cent, .halfUp)
            why = Explanation(rule: "3 × the legal interest rate on the pre-tax amount, per started 15-day period from the first day late",
                              source: "001 CG 10.2; 003 CG 7; D-BILL-7",
                              inputs: ["HT due": remainingHT.description, "legal rate": legal.rate.description, "rate in force from": legal.from.description,
                                       "days late": "\(late)", "periods": "\(periods)", "notice received": received.description],
                              result: "\(remainingHT) × 3 × \(legal.rate) × 15/365 × \(periods) = \(penalty)")
        }
        return DunningStatus(daysLate: late, due: due, penalty: penalty, penaltyExplanation: why)
    }
}
