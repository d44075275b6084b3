import GuichetCore
import GuichetStore

/// 003 CG 20 on the invoice (D-BILL-19): the fee of a theft's suspension (`Contract.theftSuspensionCredits`), and the
/// communications of the 48 hours after the theft, credited on the invoice of the month those hours end in — the first
/// invoice after the theft, or the second when they end after the month.
extension BillingService {
    package func theftCredits(_ c: Contract, lines: [ServiceLine], period: BillingPeriod) async throws -> [RecordedCharge] {
        guard let article = c.family.terms.theftArticle, let thefts = c.thefts else { return [] }
        var credits = try c.theftSuspensionCredits(in: period)
        guard let (cap, _) = ContractParameter.money("plafond-remboursement-vol", in: await contracts.catalogs.current.parameters) else { return credits }
        let numbers = Set(lines.filter { $0.contractID == c.id }.map(\.number))
        for t in thefts where period.contains(contracts.today(in: c.territoryID, at: t.fraudWindowEnd)) {
            let refund = try await fraudRefund(c, t, numbers: numbers, cap: cap)
            guard refund.amount > .zero else { continue }
            credits.append(try RecordedCharge(id: "chg_\(c.id)_fraud_\(t.stolenAt.seconds)", category: .credit,
                                              label: "Vol du \(contracts.today(in: c.territoryID, at: t.stolenAt).frenchDate) : communications frauduleuses des 48 heures remboursées",
                                              on: period.last, unitPrice: -refund.amount, taxIncluded: true,
                                              source: "\(article) (contract \(c.id)): \(refund.explanation.result)"))
        }
        return credits
    }

    /// What `t` refunds: its 48 hours' rated communications on `numbers`, within the cap less the year's earlier refunds.
    private func fraudRefund(_ c: Contract, _ t: Theft, numbers: Set<String>, cap: Money) async throws -> (amount: Money, explanation: Explanation) {
        var earlier = Money.zero
        for e in c.theftsInTheYear(before: t) { earlier += try await fraudRefund(c, e, numbers: numbers, cap: cap).amount }
        let first = contracts.today(in: c.territoryID, at: t.stolenAt), last = contracts.today(in: c.territoryID, at: t.fraudWindowEnd)
        var periods = [RatingContext.period(first)]
        if RatingContext.period(last) != periods[0] { periods.append(RatingContext.period(last)) }
        var fraudulent = Money.zero
        for p in periods {
            for r in try await usage.store.usage(customerID: c.customerID, period: p).map(\.rated)
            where numbers.contains(r.line) && r.start >= t.stolenAt && r.start < t.fraudWindowEnd {
                fraudulent += r.amount
            }
        }
        return c.fraudRefund(t, fraudulent: fraudulent, cap: cap, earlier: earlier)
    }
}
