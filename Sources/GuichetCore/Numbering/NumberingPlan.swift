/// What a number is: its territory and country code, its type, its E.164 form.
public enum NumberType: String, Sendable, Codable, CaseIterable {
    case fixedGeographic, mobile, voip, tollFree, sharedCost, premium, uan, telemarketing
    case emergency, directoryEnquiries, shortService, carrierPrefix, international

    /// « numéros spéciaux et […] numéros surtaxés » (003 CG 11.2.1; 001 CG 9.4): priced by the operator's sheet, never
    /// by a country's prefix.
    public var isSpecial: Bool { self == .tollFree || self == .sharedCost || self == .premium || self == .uan }
}

/// A range of the national plan: every national significant number starting with `prefix`.
public struct NumberRange: Sendable, Hashable, Codable {
    public let prefix: String
    public let territory: String
    public let countryCode: String
    public let type: NumberType
}

public struct NumberClassification: Sendable, Hashable, Codable {
    public let input: String
    /// "+590690123456"; nil for short numbers.
    public let e164: String?
    public let territory: String?
    public let countryCode: String?
    public let type: NumberType
    /// The national form with its trunk 0, for numbers of the French plan.
    public let national: String?
}

/// The French numbering plan shared by metropolitan France and the overseas territories (10
/// digits with a trunk 0), its short numbers, and the world's country calling codes; data from
/// `numbering-ranges.json`. Classification is a longest-prefix look-up.
public struct NumberingPlan: Sendable {
    public struct Table: Sendable, Codable {
        public let source: String
        public let generated: String
        public let countryCodes: [String]
        public let ranges: [NumberRange]
    }

    public let source: String
    private let ranges: [NumberRange]
    /// For every 6-digit national prefix, 1 + the index of its range in `ranges` (0: unassigned):
    /// classification is one array read (ranges are at most 6 digits long).
    private let sixDigit: [Int16]
    private let countryCodes: Set<String>
    /// The country codes of the 10-digit plan: +33 and the overseas ones.
    private let planCodes: Set<String>
    /// The same, as integers, and each range's country code as an integer (for `dialled`).
    let planCodeValues: [UInt64]
    let rangeCountryCodes: [(value: UInt64, length: Int)]

    public init(_ table: Table) {
        source = table.source
        ranges = table.ranges
        var six = [Int16](repeating: 0, count: 1_000_000)
        // Shorter prefixes first, so that a longer one overwrites the part of them it covers.
        for (i, r) in table.ranges.enumerated().sorted(by: { $0.element.prefix.count < $1.element.prefix.count }) {
            guard r.prefix.count <= 6, let p = Int(r.prefix) else { continue }
            var scale = 1
            for _ in r.prefix.count..<6 { scale *= 10 }
            for v in (p * scale)..<((p + 1) * scale) { six[v] = Int16(i + 1) }
        }
        sixDigit = six
        countryCodes = Set(table.countryCodes)
        planCodes = Set(table.ranges.map(\.countryCode))
        planCodeValues = planCodes.compactMap { UInt64($0) }.sorted()
        rangeCountryCodes = table.ranges.map { (UInt64($0.countryCode) ?? 0, $0.countryCode.count) }
    }

    /// The index and type of the range of a 9-digit national significant number given as an integer.
    func range(ofNSNValue nsn: UInt64) -> (index: Int, type: NumberType)? {
        guard nsn < 1_000_000_000 else { return nil }
        let i = Int(sixDigit[Int(nsn / 1000)])
        return i == 0 ? nil : (i - 1, ranges[i - 1].type)
    }

    /// The range of a 9-digit national significant number (digit values 0–9), or nil when unassigned.
    func range(ofNSN nsn: ArraySlice<UInt8>) -> NumberRange? {
        guard nsn.count >= 6 else { return nil }
        var v = 0
        for d in nsn.prefix(6) { v = v * 10 + Int(d) }
        let i = Int(sixDigit[v])
        return i == 0 ? nil : ranges[i - 1]
    }

    public func classify(_ text: String) throws(NumberingError) -> NumberClassification {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var international = false
        var first = true
        for b in text.utf8 {
            switch b {
            case 48...57: digits.append(b - 48)
            case 43 where first: international = true                 // "+"
            case 32, 46, 45, 40, 41, 47: break                          // space . - ( ) /
            default:
                let bad = text.first { !($0.isASCIIDigit || " .-()/".contains($0) || $0 == "+") } ?? "+"
                throw .badNumber(text, "'\(bad)' is not a digit (spaces, dots, dashes and a leading + are allowed)")
            }
            first = false
        }
        guard !digits.isEmpty else { throw .badNumber(text, "no digits") }
        if !international && digits.count > 2 && digits[0] == 0 && digits[1] == 0 { international = true; digits.removeFirst(2) }
        if international { return try classifyInternational(text, digits) }
        if digits.count == 10 && digits[0] == 0 {
            let nsn = digits[1...]
            guard let r = range(ofNSN: nsn) else {
                throw .badNumber(text, "0\(Self.text(nsn.prefix(3)))… is not an assigned range of the French plan")
            }
            return NumberClassification(input: text, e164: "+" + r.countryCode + Self.text(nsn), territory: r.territory, countryCode: r.countryCode,
                                        type: r.type, national: Self.text(digits[...]))
        }
        let all = Self.text(digits[...])
        if let short = Self.shortNumberType(all) {
            return NumberClassification(input: text, e164: nil, territory: nil, countryCode: nil, type: short, national: all)
        }
        throw .badNumber(text, "\(digits.count) digits: a French number has 10 digits starting with 0, or is a short number")
    }

    static func text(_ digits: ArraySlice<UInt8>) -> String {
        String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
    }

    private func classifyInternational(_ text: String, _ digits: [UInt8]) throws(NumberingError) -> NumberClassification {
        let all = Self.text(digits[...])
        guard let cc = (1...3).lazy.map({ String(all.prefix($0)) }).first(where: { countryCodes.contains($0) }) else {
            throw .badNumber(text, "+\(all.prefix(3))… starts with no country calling code")
        }
        let nsn = digits[cc.count...]
        guard planCodes.contains(cc) else {
            guard (4...14).contains(nsn.count) else { throw .badNumber(text, "+\(cc) \(Self.text(nsn)): the number after the country code has \(nsn.count) digits") }
            return NumberClassification(input: text, e164: "+" + all, territory: nil, countryCode: cc, type: .international, national: nil)
        }
        guard nsn.count == 9 else { throw .badNumber(text, "+\(cc) numbers have 9 digits after the country code, not \(nsn.count)") }
        guard let r = range(ofNSN: nsn), r.countryCode == cc else {
            throw .badNumber(text, "+\(cc) \(Self.text(nsn.prefix(3)))… is not an assigned range of +\(cc)")
        }
        return NumberClassification(input: text, e164: "+" + all, territory: r.territory, countryCode: cc, type: r.type, national: "0" + Self.text(nsn))
    }

    /// Short numbers (ARCEP plan; reference-numbering §5.1, §5.2).
    static func shortNumberType(_ d: String) -> NumberType? {
        if ["112", "15", "17", "18", "114", "115", "119", "191", "196", "197"].contains(d) { return .emergency }
        if d.count == 6 && d.hasPrefix("116") { return .emergency }
        if d.count == 6 && d.hasPrefix("118") { return .directoryEnquiries }
        if d.count == 4 && d.hasPrefix("3") { return .shortService }
        if d.count == 4 && d.hasPrefix("10") { return .carrierPrefix }
        return nil
    }
}
