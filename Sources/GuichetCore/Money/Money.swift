/// An exact amount of euros, held as an integer count of ten-thousandths of a euro.
///
/// Four decimals carry the documents' per-minute tariffs (e.g. 0.173 €/min, 001 Annexe 4)
/// without loss; rounding to the cent happens only where an invoice or a rule asks for it,
/// through `rounded(to:_:)`, never implicitly. `Double` never touches money.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Ten-thousandths of a euro per euro.
    public static let scale: Int64 = 10_000
    public static let zero = Money(units: 0)

    /// The amount in ten-thousandths of a euro.
    public let units: Int64

    public init(units: Int64) { self.units = units }

    /// Whole cents, e.g. `Money(cents: 4990)` is 49.90 €.
    public init(cents: Int64) { self.units = cents * 100 }

    /// Parses a decimal string with at most four decimals: "49.90", "-0.173", "107,60".
    public init(_ text: String) throws(MoneyError) {
        let trimmed = text.trimmingWhitespace()
        var digits = Substring(trimmed)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() } else if digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: digits.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else {
            throw .notANumber(text)
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit), !(parts.count == 2 && fraction.isEmpty) else { throw .notANumber(text) }
        guard fraction.count <= 4 else { throw .tooPrecise(text) }
        guard whole.count <= 14, let w = Int64(whole) else { throw .outOfRange(text) }
        let f = Int64(fraction.padding(toLength: 4, withPad: "0", startingAt: 0)) ?? 0
        let magnitude = w * Money.scale + f
        self.units = negative ? -magnitude : magnitude
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.units < rhs.units }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units + rhs.units) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(units: lhs.units - rhs.units) }
    public static prefix func - (value: Money) -> Money { Money(units: -value.units) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }

    /// Multiplies by a whole quantity (minutes, months, units).
    public static func * (lhs: Money, rhs: Int64) -> Money { Money(units: lhs.units * rhs) }

    /// The largest amount an invoice line or total may reach: a quarter of what 64 bits hold, so
    /// that the VAT and totals computed on it cannot overflow (F2). About 230 thousand billion euros.
    public static let limit = Money(units: Int64.max / 4)

    /// `self × n`, or an error naming both when the product is beyond `Money.limit` (a quantity
    /// nobody checked must fail one account's invoice, never the process).
    public func times(_ n: Int64) throws(MoneyError) -> Money {
        let (p, overflow) = units.multipliedReportingOverflow(by: n)
        guard !overflow, p.magnitude <= Money.limit.units.magnitude else { throw .overflow("\(self) × \(n)") }
        return Money(units: p)
    }

    /// The sum of `amounts`, or an error when it, or any partial sum, is beyond `Money.limit`.
    public static func sum(_ amounts: some Sequence<Money>) throws(MoneyError) -> Money {
        var total: Int64 = 0
        for a in amounts {
            let (t, overflow) = total.addingReportingOverflow(a.units)
            guard !overflow, t.magnitude <= limit.units.magnitude else { throw .overflow("a sum beyond \(limit)") }
            total = t
        }
        return Money(units: total)
    }

    /// Multiplies by the fraction `numerator / denominator`, rounding the result to the
    /// nearest ten-thousandth with `rule`; the exact product is computed in 128 bits.
    public func multiplied(by numerator: Int64, dividedBy denominator: Int64, rounding rule: RoundingRule) -> Money {
        precondition(denominator > 0, "denominator must be positive")
        let product = Int128(units) * Int128(numerator)
        return Money(units: Int64(rule.divide(product, by: Int128(denominator))))
    }

    /// `self × numerator / denominator` rounded once, directly to a multiple of `step`
    /// (no double rounding through the ten-thousandth).
    public func multiplied(by numerator: Int64, dividedBy denominator: Int64, roundedTo step: RoundingStep, _ rule: RoundingRule) -> Money {
        precondition(denominator > 0, "denominator must be positive")
        let steps = rule.divide(Int128(units) * Int128(numerator), by: Int128(denominator) * Int128(step.units))
        return Money(units: Int64(steps * Int128(step.units)))
    }

    /// The amount rounded to a multiple of `step` (cent by default) with `rule`.
    public func rounded(to step: RoundingStep = .cent, _ rule: RoundingRule) -> Money {
        let q = Int128(step.units)
        return Money(units: Int64(rule.divide(Int128(units), by: q) * q))
    }

    /// "49.90" when cent-exact, otherwise all four decimals trimmed of trailing zeros ("0.173").
    public var description: String {
        let magnitude = units.magnitude
        var fraction = magnitude % UInt64(Money.scale), digits = 4
        while digits > 2 && fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let decimals = String(fraction)
        return (units < 0 ? "-" : "") + String(magnitude / UInt64(Money.scale)) + "."
            + String(repeating: "0", count: digits - decimals.count) + decimals
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Money(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public enum RoundingStep: Sendable {
    case cent, tenthOfCent
    var units: Int64 { self == .cent ? 100 : 10 }
}

public enum MoneyError: Error, Equatable, CustomStringConvertible {
    case notANumber(String), tooPrecise(String), outOfRange(String), overflow(String)

    public var description: String {
        switch self {
        case .notANumber(let t): "'\(t)' is not a decimal amount"
        case .tooPrecise(let t): "'\(t)' has more than 4 decimals"
        case .outOfRange(let t): "'\(t)' is too large"
        case .overflow(let t): "\(t) is beyond the largest amount Guichet bills"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
