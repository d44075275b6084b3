/// Something the rating noticed that the operator must see: a fair-use limit passed, a
/// consumption threshold reached. Its id makes it idempotent (raised once per line and period,
/// or once per record for per-call limits).
public struct UsageAlert: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let rule: String
    public let line: String
    /// The calendar month in the customer's time zone, "2026-05".
    public let period: String
    public let record: String?
    public let value: String
    public let limit: String
    public let source: String
    public let message: String

    public init(rule: String, line: String, period: String, record: String? = nil, value: String, limit: String, source: String, message: String) {
        id = [rule, line, period, record ?? ""].joined(separator: "|")
        self.rule = rule; self.line = line; self.period = period; self.record = record
        self.value = value; self.limit = limit; self.source = source; self.message = message
    }
}
