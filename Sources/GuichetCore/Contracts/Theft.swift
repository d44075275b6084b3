/// 003 CG 20: « En cas de vol […] le Client doit demander à un conseiller […] la mise en opposition de sa carte SIM », and file
/// a complaint. « Le Client peut bénéficier du remboursement de son forfait et de ses options au prorata de la durée de
/// suspension dans la limite d'un mois et d'une fois par an. Il peut également bénéficier du remboursement des communications
/// frauduleuses réalisées exclusivement dans les quarante-huit (48) heures suivant le vol dans la limite de cinq cents (500)
/// euros par vol et par an », from « la première ou de la deuxième facture du Client suivant la date du vol mentionnée dans le
/// procès-verbal » (D-BILL-19).
public struct Theft: Sendable, Codable, Hashable {
    /// The theft as the police report dates it.
    public let stolenAt: Instant
    /// The police report's reference.
    public let policeReport: String
    public let declaredOn: LocalDate
    /// The first day of the suspension the opposition is: the day of the declaration, or the day the customer suspended the
    /// line already (003 CG 2).
    public let suspendedOn: LocalDate

    public init(stolenAt: Instant, policeReport: String, declaredOn: LocalDate, suspendedOn: LocalDate) {
        self.stolenAt = stolenAt; self.policeReport = policeReport; self.declaredOn = declaredOn; self.suspendedOn = suspendedOn
    }

    /// The end of the 48 hours whose communications are refunded.
    public var fraudWindowEnd: Instant { stolenAt.adding(seconds: 48 * 3_600) }
}

extension Contract {
    /// Records the theft an advisor declares on `day`; the line is (or is then) suspended — the opposition.
    public mutating func declareTheft(_ t: Theft) throws(ContractError) {
        guard let article = family.terms.theftArticle else { throw .invalid(field: "contract", reason: "this contract's document provides no theft procedure") }
        guard state == .suspended else { throw .invalid(field: "contract", reason: "the line is \(state.rawValue): the opposition suspends a running line (\(article))") }
        guard !t.policeReport.isEmpty else { throw .invalid(field: "policeReport", reason: "the complaint's reference is required (\(article))") }
        if thefts?.contains(where: { $0.stolenAt == t.stolenAt }) == true { throw .invalid(field: "stolenAt", reason: "a theft at \(t.stolenAt) is declared already") }
        thefts = (thefts ?? []) + [t]
    }

    /// The thefts declared within the year before `t` (its own excluded), which « une fois par an » and « par an » count.
    public func theftsInTheYear(before t: Theft) -> [Theft] {
        (thefts ?? []).filter { $0.suspendedOn < t.suspendedOn && $0.suspendedOn > t.suspendedOn.adding(months: -12) }
    }

    /// The last day of `t`'s refunded suspension: the eve of the day the line left suspension (or `period`'s end while it
    /// has not), a month after it began at most.
    private func refundedSuspensionEnd(_ t: Theft, by last: LocalDate) -> LocalDate {
        let resumed = history.first { $0.from == .suspended && $0.on >= t.suspendedOn }?.on.adding(days: -1) ?? last
        return min(resumed, t.suspendedOn.adding(months: 1).adding(days: -1))
    }

    /// The credits giving back, on the invoice of `period`, the fee of the days of a theft's suspension in it: a month at most,
    /// for the first theft of a year only, prorated on the month's days as the fee is (D-BILL-3).
    public func theftSuspensionCredits(in period: BillingPeriod) throws(BillingError) -> [RecordedCharge] {
        guard let article = family.terms.theftArticle else { return [] }
        var credits: [RecordedCharge] = []
        for t in thefts ?? [] where theftsInTheYear(before: t).isEmpty {
            let from = max(t.suspendedOn, period.first), through = min(refundedSuspensionEnd(t, by: period.last), period.last)
            guard from <= through, let fee = fee(on: from) else { continue }
            let days = ServiceDaysProrata.amount(monthly: fee.amount, from: from, to: through, source: article)
            guard days.amount > .zero else { continue }
            credits.append(try RecordedCharge(id: "chg_\(id)_theft_\(from)", category: .credit,
                                              label: "Vol déclaré le \(t.declaredOn.frenchDate) : forfait remboursé du \(from.frenchDate) au \(through.frenchDate)",
                                              on: from, quantity: quantity, unitPrice: -days.amount, taxIncluded: fee.taxIncluded,
                                              source: "\(article) (contract \(id)): \(days.explanation.result)"))
        }
        return credits
    }

    /// The refund of the communications made in `t`'s 48 hours, which cost `fraudulent` (TTC): at most `cap` per theft,
    /// less what the thefts of the year before it were refunded (`earlier`, as this function gave them).
    public func fraudRefund(_ t: Theft, fraudulent: Money, cap: Money, earlier: Money) -> (amount: Money, explanation: Explanation) {
        let room = max(.zero, cap - earlier)
        let amount = min(fraudulent, room)
        return (amount, Explanation(rule: "fraudulent communications of the 48 hours after the theft, refunded within the cap per theft and per year",
                                    source: family.terms.theftArticle ?? "003 CG 20",
                                    inputs: ["stolenAt": t.stolenAt.description, "policeReport": t.policeReport, "communications": fraudulent.description,
                                             "cap": cap.description, "refunded earlier in the year": earlier.description],
                                    result: "min(\(fraudulent), \(cap) − \(earlier)) = \(amount)"))
    }
}
