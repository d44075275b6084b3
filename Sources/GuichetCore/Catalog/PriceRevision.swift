/// A published value of a price index (Syntec, INSEE 010765308), in thousandths.
public struct IndexValue: Sendable, Hashable, Codable {
    public let series: String
    public let published: LocalDate
    /// The value × 1000 (e.g. 330.5 → 330 500), exact.
    public let milli: Int64

    public init(series: String, published: LocalDate, milli: Int64) {
        self.series = series; self.published = published; self.milli = milli
    }

    /// The value as published, three decimals (330.500).
    public var text: String {
        let thousandths = String(milli % 1000)
        return "\(milli / 1000).\(String(repeating: "0", count: 3 - thousandths.count))\(thousandths)"
    }
}

/// The index-based revision of 004 §15.1:
///
///     P = P-1 × [ ½ × S / S-1 + ½ × Eqpt / Eqpt-1 ]
///
/// S and Eqpt are the last values published on the revision date, S-1 and Eqpt-1 the last
/// published twelve months before. The revision applies on the first day of a month; the
/// result is rounded half up to the cent (the document gives no rounding, D-CAT-9).
public struct PriceRevision: Sendable {
    public static let syntec = "syntec"
    public static let equipment = "insee-010765308"

    public let indices: [IndexValue]

    public init(indices: [IndexValue]) { self.indices = indices }

    func latest(_ series: String, onOrBefore day: LocalDate) throws(CatalogError) -> IndexValue {
        guard let v = indices.filter({ $0.series == series && $0.published <= day }).max(by: { $0.published < $1.published }) else {
            throw .indexMissing(series: series, onOrBefore: day)
        }
        guard v.milli > 0 else { throw .indexNotPositive(series: series, published: v.published) }
        return v
    }

    public struct Result: Sendable, Hashable {
        public let revised: Money
        public let explanation: Explanation
    }

    public func revise(_ previous: Money, on day: LocalDate) throws(CatalogError) -> Result {
        let c = day.components
        guard c.day == 1 else { throw .revisionDateNotFirstOfMonth(day) }
        let yearBefore = try! LocalDate(c.year - 1, c.month, 1)
        let s = try latest(Self.syntec, onOrBefore: day), s1 = try latest(Self.syntec, onOrBefore: yearBefore)
        let e = try latest(Self.equipment, onOrBefore: day), e1 = try latest(Self.equipment, onOrBefore: yearBefore)
        // ½ S/S1 + ½ E/E1 = (S·E1 + E·S1) / (2·S1·E1), computed exactly in 128 bits.
        let numerator = Int128(s.milli) * Int128(e1.milli) + Int128(e.milli) * Int128(s1.milli)
        let denominator = 2 * Int128(s1.milli) * Int128(e1.milli)
        let cents = RoundingRule.halfUp.divide(Int128(previous.units) * numerator, by: denominator * 100)
        let revised = Money(units: Int64(cents * 100))
        func show(_ v: IndexValue) -> String { "\(Money(units: v.milli * 10)) (\(v.published))" }
        return Result(revised: revised, explanation: Explanation(
            rule: "P = P-1 × [½ × S / S-1 + ½ × Eqpt / Eqpt-1], rounded half up to the cent",
            source: "004 §15.1",
            inputs: ["P-1": previous.description, "S": show(s), "S-1": show(s1), "Eqpt": show(e), "Eqpt-1": show(e1), "revision date": day.description],
            result: "P = \(revised)"))
    }
}
