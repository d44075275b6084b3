/// Which numbers an account may present as caller ID (004 §2.4.1; loi Naegelen art. 10): a
/// number of the plan, in an assigned range, not premium, not a routing prefix, and either the
/// account's own or delegated to it by its assignee.
public struct CallerIDPolicy: Sendable {
    public let plan: NumberingPlan
    /// E.164 numbers assigned to the account, and those other assignees delegated to it.
    public let ownNumbers: Set<String>
    public let delegatedNumbers: Set<String>

    public init(plan: NumberingPlan, ownNumbers: Set<String>, delegatedNumbers: Set<String> = []) {
        self.plan = plan; self.ownNumbers = ownNumbers; self.delegatedNumbers = delegatedNumbers
    }

    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let rule: String
        public let reason: String
        public var description: String { "\(rule): \(reason)" }
    }

    /// The number in E.164 form when it may be presented; otherwise the rule that refuses it.
    public func check(_ presented: String) throws(Refusal) -> String {
        let digits = presented.filter { $0 != " " && $0 != "." && $0 != "-" }
        if digits.contains(where: { $0.isLetter }) {
            throw Refusal(rule: "004 §2.4.1 CLI-2", reason: "'\(presented)' has alphanumeric content")
        }
        // Premium short numbers 32xx, 34xx, 36xx, 39xx (CLI-4) and other short numbers are not callers.
        if digits.count == 4, digits.hasPrefix("3") {
            throw Refusal(rule: "004 §2.4.1 CLI-4", reason: "\(digits) is a short special number")
        }
        // A routing prefix in front of a national number (CLI-1, "loi Naegelen").
        if !digits.hasPrefix("+") && !digits.hasPrefix("00") && digits.count > 10, (try? plan.classify(String(digits.suffix(10)))) != nil {
            throw Refusal(rule: "004 §2.4.1 CLI-1", reason: "\(digits.dropLast(10)) is a routing prefix in front of \(digits.suffix(10))")
        }
        let c: NumberClassification
        do { c = try plan.classify(presented) } catch {
            // Outside the plan's format (CLI-2), or in no range allocated to an operator (CLI-3).
            throw Refusal(rule: error.description.contains("not an assigned range") ? "004 §2.4.1 CLI-3" : "004 §2.4.1 CLI-2", reason: error.description)
        }
        guard let e164 = c.e164, c.territory != nil else {
            throw Refusal(rule: "004 §2.4.1 CLI-2", reason: "\(presented) is not a number of the French plan")
        }
        // Long premium numbers: 089 and 0825 (CLI-5); every premium range of the plan is refused too.
        if c.type == .premium || (c.national.map { $0.hasPrefix("089") || $0.hasPrefix("0825") } ?? false) {
            throw Refusal(rule: "004 §2.4.1 CLI-5", reason: "\(c.national ?? e164) is a premium-rate number")
        }
        guard ownNumbers.contains(e164) || delegatedNumbers.contains(e164) else {
            throw Refusal(rule: "loi n° 2020-901 art. 10", reason: "\(e164) is neither assigned nor delegated to this account")
        }
        return e164
    }
}
