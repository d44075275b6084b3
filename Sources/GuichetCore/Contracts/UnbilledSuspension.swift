/// 003 CG 15: a suspension on public-order grounds leaves the subscription fees unpaid « pendant toute la période de
/// suspension du Service »; the other suspensions (non-payment, a breach, a stolen handset) leave them due (D-BILL-18).
extension Contract {
    /// The stretches of `period` the contract spent suspended on public-order grounds: from the suspension's day to the eve
    /// of the day it ended (resumed, terminated), or to the period's end.
    public func unbilledSuspensions(in period: BillingPeriod) -> [(from: LocalDate, through: LocalDate)] {
        guard family.terms.unbilledSuspensionArticle != nil else { return [] }
        var stretches: [(from: LocalDate, through: LocalDate)] = [], start: LocalDate?
        for e in history {
            if e.action == .suspend, e.ground == .publicOrder { start = e.on } else if let s = start, e.from == .suspended {
                stretches.append((s, e.on.adding(days: -1)))
                start = nil
            }
        }
        if let start { stretches.append((start, period.last)) }
        return stretches.compactMap { s in
            let from = max(s.from, period.first), through = min(s.through, period.last)
            return from <= through ? (from, through) : nil
        }
    }

    /// The credits that give back, on the invoice of `period`, the fee of the days it spent so suspended, prorated on the
    /// days of the month as the fee is (D-BILL-3).
    public func unbilledSuspensionCredits(in period: BillingPeriod) throws(BillingError) -> [RecordedCharge] {
        guard let article = family.terms.unbilledSuspensionArticle else { return [] }
        var credits: [RecordedCharge] = []
        for s in unbilledSuspensions(in: period) {
            guard let fee = fee(on: s.from) else { continue }
            let days = ServiceDaysProrata.amount(monthly: fee.amount, from: s.from, to: s.through, source: article)
            guard days.amount > .zero else { continue }
            credits.append(try RecordedCharge(id: "chg_\(id)_suspension_\(s.from)", category: .credit,
                                      label: "Suspension pour raison d'ordre public du \(s.from.frenchDate) au \(s.through.frenchDate) : abonnement non dû",
                                      on: s.from, quantity: quantity, unitPrice: -days.amount, taxIncluded: fee.taxIncluded,
                                      source: "\(article) (contract \(id)): \(days.explanation.result)"))
        }
        return credits
    }
}
