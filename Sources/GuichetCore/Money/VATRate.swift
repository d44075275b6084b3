/// A VAT rate in hundredths of a percent: 850 is 8.5 %, 2000 is 20 %.
public struct VATRate: Hashable, Sendable, Codable, CustomStringConvertible {
    public static let denominator: Int64 = 10_000
    public let hundredthsOfPercent: Int64

    public init(hundredthsOfPercent: Int64) throws(TaxError) {
        guard (0...10_000).contains(hundredthsOfPercent) else { throw .rateOutOfRange(hundredthsOfPercent) }
        self.hundredthsOfPercent = hundredthsOfPercent
    }

    /// Parses "8.5", "20", "0" (percent, at most two decimals).
    public init(percent text: String) throws(TaxError) {
        guard let m = try? Money(text), m.units % 100 == 0 else { throw .badRate(text) }
        try self.init(hundredthsOfPercent: m.units / 100)
    }

    /// "8.5 %"
    public var description: String {
        let whole = hundredthsOfPercent / 100, frac = hundredthsOfPercent % 100
        if frac == 0 { return "\(whole) %" }
        return frac % 10 == 0 ? "\(whole).\(frac / 10) %" : "\(whole).\(frac) %"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(percent: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description.replacingOccurrences(of: " %", with: ""))
    }
}

public enum TaxError: Error, Equatable, CustomStringConvertible {
    case rateOutOfRange(Int64), badRate(String), unknownZone(String)

    public var description: String {
        switch self {
        case .rateOutOfRange(let r): "VAT rate \(r)/10000 is outside 0–100 %"
        case .badRate(let t): "'\(t)' is not a VAT rate in percent with at most two decimals"
        case .unknownZone(let z): "unknown tax zone '\(z)'"
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
