public enum UsageKind: String, Sendable, Codable, CaseIterable { case voice, sms, data }

/// One usage record (CDR) as the switch reports it, identified by its unique id.
public struct UsageRecord: Sendable, Hashable, Codable {
    public let id: String
    /// The subscriber's line (E.164): whose usage it is.
    public let line: String
    public let kind: UsageKind
    /// The called number; empty for data sessions.
    public let called: String
    public let start: Instant
    /// Seconds for voice, messages for SMS, kilobytes for data.
    public let quantity: Int
    /// For international numbers, whether the called line is a mobile (the switch knows; the French
    /// plan is classified by Guichet itself). Nil: fixed.
    public let calledLineIsMobile: Bool?
    /// Where the line was, roaming (ISO 3166-1 alpha-2, or a French overseas territory's code); nil at home.
    public let visited: String?

    public init(id: String, line: String, kind: UsageKind = .voice, called: String, start: Instant, quantity: Int, calledLineIsMobile: Bool? = nil,
                visited: String? = nil) {
        self.id = id; self.line = line; self.kind = kind; self.called = called; self.start = start; self.quantity = quantity
        self.calledLineIsMobile = calledLineIsMobile; self.visited = visited
    }
}
