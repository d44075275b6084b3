/// An invoice's totals in one tax zone (the customer's territory): TTC lines and HT lines are summed
/// separately and VAT is computed once on each sum (D-BILL-2), so HT + VAT = TTC holds exactly and
/// the per-rate summary a French invoice must show (CGI art. 242 nonies A) is the computation itself.
public struct InvoiceTotals: Sendable, Hashable, Codable {
    public let zoneID: String
    public let rate: VATRate
    public let excludingTax: Money
    public let tax: Money
    public let includingTax: Money
    /// Each line's HT amount, in line order, summing exactly to `excludingTax` (EN 16931 BR-CO-10):
    /// TTC lines are converted one by one and the rounding remainder goes to the largest of them.
    public let netAmounts: [Money]

    public init(lines: [InvoiceLine], zone: TaxZone) {
        let ttc = lines.filter(\.taxIncluded).reduce(Money.zero) { $0 + $1.amount }
        let ht = lines.filter { !$0.taxIncluded }.reduce(Money.zero) { $0 + $1.amount }
        let fromTTC = TaxedAmount.fromIncludingTax(ttc, in: zone)
        let fromHT = TaxedAmount.fromExcludingTax(ht, in: zone)
        zoneID = zone.id
        rate = zone.effectiveRate
        excludingTax = fromTTC.excludingTax + fromHT.excludingTax
        tax = fromTTC.tax + fromHT.tax
        includingTax = excludingTax + tax
        var net = lines.map { $0.taxIncluded ? TaxedAmount.fromIncludingTax($0.amount, in: zone).excludingTax : $0.amount }
        let remainder = fromTTC.excludingTax - lines.indices.filter { lines[$0].taxIncluded }.reduce(Money.zero) { $0 + net[$1] }
        if remainder != .zero, let largest = lines.indices.filter({ lines[$0].taxIncluded }).max(by: { abs(lines[$0].amount.units) < abs(lines[$1].amount.units) }) {
            net[largest] += remainder
        }
        netAmounts = net
    }
}
