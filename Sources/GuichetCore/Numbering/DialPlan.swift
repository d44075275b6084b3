/// The internal multi-site dial plan of 004 §2.6.3: prefix digit ‖ site code ‖ extension.
public struct DialPlan: Sendable, Hashable {
    public enum ExtensionMode: Sendable, Hashable { case fromDID, clientDefined }

    public let prefix: Character
    public let siteCodeLength: Int
    public let extensionLength: Int
    public let mode: ExtensionMode

    /// The document's proposed rule (§2.6.3.2): prefix 5, 2-digit site codes, 3-digit extensions from the DID.
    public static let proposed = try! DialPlan(prefix: "5", siteCodeLength: 2, extensionLength: 3, mode: .fromDID)

    public init(prefix: Character, siteCodeLength: Int, extensionLength: Int, mode: ExtensionMode) throws(NumberingError) {
        guard prefix.isASCIIDigit else { throw .badDialPlan("prefix: '\(prefix)' is not a digit (004 §2.6.3.1)") }
        // 0 starts national and international numbers, 1 emergency and 1XX/118 services, 3 the 3BPQ
        // short numbers: none of them may start an internal number (004 §2.6.3.2, no line-seizure digit).
        guard !"013".contains(prefix) else {
            throw .badDialPlan("prefix: \(prefix) starts external numbers (0 national, 1 emergency and services, 3 short numbers) (004 §2.6.3.1)")
        }
        guard (1...4).contains(siteCodeLength) else { throw .badDialPlan("siteCodeLength: \(siteCodeLength) is not 1 to 4 (004 §2.6.3.1)") }
        guard [3, 4].contains(extensionLength) else { throw .badDialPlan("extensionLength: \(extensionLength) is not 3 or 4 (004 §2.6.3.1)") }
        self.prefix = prefix; self.siteCodeLength = siteCodeLength; self.extensionLength = extensionLength; self.mode = mode
    }

    public struct Site: Sendable, Hashable { public let id: String; public let code: String
        public init(id: String, code: String) { self.id = id; self.code = code } }
    public struct User: Sendable, Hashable {
        public let name: String; public let site: String; public let did: String?; public let extensionNumber: String?
        public init(name: String, site: String, did: String? = nil, extensionNumber: String? = nil) {
            self.name = name; self.site = site; self.did = did; self.extensionNumber = extensionNumber
        }
    }
    public struct Entry: Sendable, Hashable, Codable { public let user: String; public let site: String; public let internalNumber: String }
    public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        public let rule: String
        public let message: String
        public var description: String { "\(rule): \(message)" }
    }

    /// Internal numbers for a customer's users, and every problem found (overlaps name both users).
    public func generate(sites: [Site], users: [User]) -> (entries: [Entry], problems: [Problem]) {
        var problems: [Problem] = []
        var codes: [String: String] = [:]
        for s in sites {
            if s.code.count != siteCodeLength || !s.code.allSatisfy(\.isASCIIDigit) {
                problems.append(.init(rule: "004 §2.6.3 DP-3", message: "site \(s.id): code '\(s.code)' is not \(siteCodeLength) digits"))
            } else if let other = codes[s.code] {
                problems.append(.init(rule: "004 §2.6.3 DP-3", message: "sites \(other) and \(s.id) share the code \(s.code)"))
            } else { codes[s.code] = s.id }
        }
        let siteCode = Dictionary(sites.map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a })
        var entries: [Entry] = []
        var owner: [String: String] = [:]
        for u in users {
            guard let code = siteCode[u.site] else {
                problems.append(.init(rule: "004 §2.6.3", message: "\(u.name): no site '\(u.site)'")); continue
            }
            let ext: String
            switch mode {
            case .fromDID:
                let digits = (u.did ?? "").filter(\.isASCIIDigit)
                guard digits.count >= extensionLength else {
                    problems.append(.init(rule: "004 §2.6.3 DP-9", message: "\(u.name): no DID to derive the extension from")); continue
                }
                ext = String(digits.suffix(extensionLength))
            case .clientDefined:
                guard let e = u.extensionNumber, e.count == extensionLength, e.allSatisfy(\.isASCIIDigit) else {
                    problems.append(.init(rule: "004 §2.6.3 DP-4", message: "\(u.name): extension must be \(extensionLength) digits")); continue
                }
                ext = e
            }
            let number = String(prefix) + code + ext
            if let other = owner[number] {
                problems.append(.init(rule: "004 §2.6.3 DP-5", message: "\(other) and \(u.name) would both be \(number) on site \(u.site)"))
                continue
            }
            owner[number] = u.name
            entries.append(Entry(user: u.name, site: u.site, internalNumber: number))
        }
        return (entries, problems)
    }
}
