/// The RIO (Relevé d'Identité Opérateur) used to port a number: `OO Q RRRRRR CCC` — operator
/// code, type (P/E mobile, F–Z fixed), 6-character contract reference and a 3-character check key
/// computed over the first 9 characters and the 10-digit national number (reference-numbering §5.5).
public struct RIO: Sendable, Hashable, CustomStringConvertible {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+")

    public let operatorCode: String
    public let type: Character
    public let reference: String
    public let key: String

    public var description: String { operatorCode + String(type) + reference + key }
    public var isMobile: Bool { type == "P" || type == "E" }

    public init(_ text: String) throws(NumberingError) {
        let chars = Array(text.uppercased().filter { $0 != " " })
        guard chars.count == 12 else { throw .badRIO(text, "a RIO has 12 characters, not \(chars.count)") }
        guard chars[0].isASCIIDigit, chars[1].isASCIIDigit else { throw .badRIO(text, "the operator code (characters 1–2) must be digits") }
        // P or E for a mobile line, F to Z for a fixed line.
        guard ("E"..."Z").contains(chars[2]) else {
            throw .badRIO(text, "the type (character 3) must be P or E (mobile) or F–Z (fixed)")
        }
        guard chars.allSatisfy({ Self.alphabet.contains($0) }) else { throw .badRIO(text, "only letters, digits and '+' are allowed") }
        operatorCode = String(chars[0..<2]); type = chars[2]; reference = String(chars[3..<9]); key = String(chars[9..<12])
    }

    /// The check key for a RIO prefix (operator, type, reference) and a 10-digit national number.
    public static func key(prefix: String, nationalNumber: String) throws(NumberingError) -> String {
        let input = Array((prefix + nationalNumber).uppercased())
        guard nationalNumber.count == 10, nationalNumber.first == "0", nationalNumber.allSatisfy(\.isASCIIDigit) else {
            throw .badNumber(nationalNumber, "a RIO is checked against the 10-digit national number starting with 0")
        }
        var a = 0, b = 0, c = 0
        for ch in input {
            guard let x = alphabet.firstIndex(of: ch) else { throw .badRIO(prefix, "'\(ch)' is not in the RIO alphabet") }
            a = (a + x) % 37; b = (2 * b + x) % 37; c = (4 * c + x) % 37
        }
        return String([alphabet[a], alphabet[b], alphabet[c]])
    }

    /// Whether this RIO belongs to `nationalNumber` (10 digits with the leading 0).
    public func matches(nationalNumber: String) throws(NumberingError) -> Bool {
        try Self.key(prefix: operatorCode + String(type) + reference, nationalNumber: nationalNumber) == key
    }
}

public enum NumberingError: Error, Equatable, CustomStringConvertible {
    case badRIO(String, String)
    case badNumber(String, String)
    case badDialPlan(String)

    public var description: String {
        switch self {
        case .badRIO(let r, let why): "RIO '\(r)': \(why)"
        case .badNumber(let n, let why): "number '\(n)': \(why)"
        case .badDialPlan(let why): why
        }
    }
}

extension RIO {
    /// The RIO of a fixed line (001 Annexe 3 art. 3.1: « les moyens lui permettant d'obtenir le Relevé d'Identité Opérateur
    /// fixe »): the operator's code, type F (a fixed line), the contract's reference — the last six letters and digits of
    /// its id, upper-cased — and the key over the line's 10-digit national number (reference-numbering §5.5).
    public static func fixed(operatorCode: String, contractID: String, nationalNumber: String) throws(NumberingError) -> RIO {
        guard operatorCode.count == 2, operatorCode.allSatisfy(\.isASCIIDigit) else {
            throw .badRIO(operatorCode, "the operator code is two digits (portability.json)")
        }
        let alphanumerics = contractID.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        let reference = String(repeating: "0", count: max(0, 6 - alphanumerics.count)) + alphanumerics.suffix(6)
        let prefix = operatorCode + "F" + reference
        return try RIO(prefix + key(prefix: prefix, nationalNumber: nationalNumber))
    }
}
