/// A billing period: one calendar month (001 CG 10.1 and 003 CG 7 bill monthly; 004 §15 bills
/// packs "active during the month"), written "2026-05".
public struct BillingPeriod: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) throws(BillingError) {
        guard (1...12).contains(month), (2000...9999).contains(year) else { throw .invalid(field: "period", reason: "\(year)-\(month) is not a month") }
        self.year = year; self.month = month
    }

    public init(_ text: String) throws(BillingError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else {
            throw .invalid(field: "period", reason: "'\(text)' is not a month written YYYY-MM")
        }
        try self.init(year: y, month: m)
    }

    public var first: LocalDate { try! LocalDate(year, month, 1) }
    public var last: LocalDate { try! LocalDate(year, month, days) }
    public var days: Int { LocalDate.daysIn(month: month, year: year) }
    /// The day after the period: the default invoice date of its bill run.
    public var next: LocalDate { last.adding(days: 1) }
    public func contains(_ day: LocalDate) -> Bool { first <= day && day <= last }

    public var description: String { Self.text(year: year, month: month) }

    /// "2026-05", written digit by digit: rating writes one per record, and interpolating it cost a tenth
    /// of rating the record.
    public static func text(year: Int, month: Int) -> String {
        String(unsafeUninitializedCapacity: 7) { out in
            func digit(_ n: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(n % 10) }
            out[0] = digit(year / 1000); out[1] = digit(year / 100); out[2] = digit(year / 10); out[3] = digit(year)
            out[4] = UInt8(ascii: "-")
            out[5] = digit(month / 10); out[6] = digit(month)
            return 7
        }
    }
    public static func < (a: BillingPeriod, b: BillingPeriod) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// A bad month is a decoding error naming it (a request body's 400, not a server error).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
}

public enum BillingError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case illegalTransition(from: InvoiceState, to: InvoiceState)
    case overCredit(invoice: String, remaining: Money)

    public var description: String {
        switch self {
        case .invalid(let f, let r): "\(f): \(r)"
        case .illegalTransition(let a, let b): "an invoice that is \(a.rawValue) cannot become \(b.rawValue)"
        case .overCredit(let i, let r): "the credit note exceeds what is left to credit on invoice \(i) (\(r))"
        }
    }
}
