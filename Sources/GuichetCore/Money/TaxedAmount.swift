/// An amount carried both excluding (HT) and including (TTC) VAT, with the zone that taxed it.
///
/// VAT is rounded to the cent once, on the line, half up (the usual French invoice practice);
/// HT + VAT = TTC always holds exactly.
public struct TaxedAmount: Hashable, Sendable, Codable {
    public let excludingTax: Money
    public let tax: Money
    public let zoneID: String
    public let rate: VATRate

    public var includingTax: Money { excludingTax + tax }

    /// From a price excluding tax (HT): VAT = HT × rate, rounded to the cent.
    public static func fromExcludingTax(_ ht: Money, in zone: TaxZone, rounding: RoundingRule = .halfUp) -> TaxedAmount {
        let rate = zone.effectiveRate
        let vat = ht.multiplied(by: rate.hundredthsOfPercent, dividedBy: VATRate.denominator, roundedTo: .cent, rounding)
        return TaxedAmount(excludingTax: ht, tax: vat, zoneID: zone.id, rate: rate)
    }

    /// From a price including tax (TTC), as most of the documents quote consumer prices:
    /// HT = TTC / (1 + rate) rounded to the cent, VAT = TTC − HT.
    public static func fromIncludingTax(_ ttc: Money, in zone: TaxZone, rounding: RoundingRule = .halfUp) -> TaxedAmount {
        let rate = zone.effectiveRate
        let ht = ttc.multiplied(by: VATRate.denominator, dividedBy: VATRate.denominator + rate.hundredthsOfPercent, roundedTo: .cent, rounding)
        return TaxedAmount(excludingTax: ht, tax: ttc - ht, zoneID: zone.id, rate: rate)
    }

    public func explanation(article: String) -> Explanation {
        Explanation(
            rule: "VAT of zone \(zoneID) at \(rate)",
            source: article,
            inputs: ["HT": excludingTax.description, "rate": rate.description, "zone": zoneID],
            result: "HT \(excludingTax) + TVA \(tax) = TTC \(includingTax)"
        )
    }
}
