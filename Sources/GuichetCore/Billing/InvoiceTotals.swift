/// One line of an invoice: an amount rounded to the cent, TTC or HT as its price is quoted, with
/// the rule that produced it.
public struct InvoiceLine: Sendable, Hashable, Codable {
    public let label: String
    public let amount: Money
    public let taxIncluded: Bool
    public let explanation: Explanation

    /// Rounds `amount` half up to the cent: invoices carry cents; rated usage carries ten-thousandths.
    public init(label: String, amount: Money, taxIncluded: Bool, explanation: Explanation) {
        self.label = label; self.amount = amount.rounded(to: .cent, .halfUp); self.taxIncluded = taxIncluded; self.explanation = explanation
    }
}

/// An invoice's totals in one tax zone (the customer's territory): TTC lines and HT lines are summed
/// separately and VAT is computed once on each sum (D-BILL-2), so HT + VAT = TTC holds exactly and
/// the per-rate summary a French invoice must show (CGI art. 242 nonies A) is the computation itself.
public struct InvoiceTotals: Sendable, Hashable, Codable {
    public let lines: [InvoiceLine]
    public let zoneID: String
    public let rate: VATRate
    public let excludingTax: Money
    public let tax: Money
    public var includingTax: Money { excludingTax + tax }

    public init(lines: [InvoiceLine], zone: TaxZone) {
        let ttc = lines.filter(\.taxIncluded).reduce(Money.zero) { $0 + $1.amount }
        let ht = lines.filter { !$0.taxIncluded }.reduce(Money.zero) { $0 + $1.amount }
        let fromTTC = TaxedAmount.fromIncludingTax(ttc, in: zone)
        let fromHT = TaxedAmount.fromExcludingTax(ht, in: zone)
        self.lines = lines
        zoneID = zone.id
        rate = zone.effectiveRate
        excludingTax = fromTTC.excludingTax + fromHT.excludingTax
        tax = fromTTC.tax + fromHT.tax
    }
}
