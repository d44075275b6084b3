/// What a number is: its territory and country code, its type, its E.164 form.
public enum NumberType: String, Sendable, Codable, CaseIterable {
    case fixedGeographic, mobile, voip, tollFree, sharedCost, premium, uan, telemarketing
    case emergency, directoryEnquiries, shortService, carrierPrefix, international
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
    private let byPrefix: [String: NumberRange]
    private let maxPrefix: Int
    private let countryCodes: Set<String>
    /// The country codes of the 10-digit plan: +33 and the overseas ones.
    private let planCodes: Set<String>

    public init(_ table: Table) {
        source = table.source
        byPrefix = Dictionary(table.ranges.map { ($0.prefix, $0) }, uniquingKeysWith: { a, _ in a })
        maxPrefix = table.ranges.map(\.prefix.count).max() ?? 0
        countryCodes = Set(table.countryCodes)
        planCodes = Set(table.ranges.map(\.countryCode))
    }

    /// The range of a 9-digit national significant number, or nil when unassigned.
    public func range(ofNSN nsn: Substring) -> NumberRange? {
        var length = min(maxPrefix, nsn.count)
        while length > 0 {
            if let r = byPrefix[String(nsn.prefix(length))] { return r }
            length -= 1
        }
        return nil
    }

    public func classify(_ text: String) throws(NumberingError) -> NumberClassification {
        var digits = ""
        var international = false
        for (i, ch) in text.enumerated() {
            if ch.isASCIIDigit { digits.append(ch) }
            else if ch == "+" && i == 0 { international = true }
            else if " .-()/".contains(ch) { continue }
            else { throw .badNumber(text, "'\(ch)' is not a digit (spaces, dots, dashes and a leading + are allowed)") }
        }
        guard !digits.isEmpty else { throw .badNumber(text, "no digits") }
        if !international && digits.hasPrefix("00") { international = true; digits.removeFirst(2) }
        if international { return try classifyInternational(text, digits) }
        if digits.count == 10 && digits.first == "0" {
            let nsn = digits.dropFirst()
            guard let r = range(ofNSN: nsn) else { throw .badNumber(text, "0\(nsn.prefix(3))… is not an assigned range of the French plan") }
            return NumberClassification(input: text, e164: "+\(r.countryCode)\(nsn)", territory: r.territory, countryCode: r.countryCode,
                                        type: r.type, national: digits)
        }
        if let short = Self.shortNumberType(digits) {
            return NumberClassification(input: text, e164: nil, territory: nil, countryCode: nil, type: short, national: digits)
        }
        throw .badNumber(text, "\(digits.count) digits: a French number has 10 digits starting with 0, or is a short number")
    }

    private func classifyInternational(_ text: String, _ digits: String) throws(NumberingError) -> NumberClassification {
        guard let cc = (1...3).lazy.map({ String(digits.prefix($0)) }).first(where: { countryCodes.contains($0) }) else {
            throw .badNumber(text, "+\(digits.prefix(3))… starts with no country calling code")
        }
        let nsn = digits.dropFirst(cc.count)
        guard planCodes.contains(cc) else {
            guard (4...14).contains(nsn.count) else { throw .badNumber(text, "+\(cc) \(nsn): the number after the country code has \(nsn.count) digits") }
            return NumberClassification(input: text, e164: "+\(digits)", territory: nil, countryCode: cc, type: .international, national: nil)
        }
        guard nsn.count == 9 else { throw .badNumber(text, "+\(cc) numbers have 9 digits after the country code, not \(nsn.count)") }
        guard let r = range(ofNSN: nsn), r.countryCode == cc else {
            throw .badNumber(text, "+\(cc) \(nsn.prefix(3))… is not an assigned range of +\(cc)")
        }
        return NumberClassification(input: text, e164: "+\(digits)", territory: r.territory, countryCode: cc, type: r.type, national: "0\(nsn)")
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
