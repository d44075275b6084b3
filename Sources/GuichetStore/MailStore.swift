import GuichetCore

/// The outbox: each e-mail to send is an event of the stream `outbox`, appended in the same
/// transaction as what caused it (a ticket filed, a request billed), so nothing is lost when the
/// mail server is down. Delivery is tracked beside it, one row per message.
public protocol MailStore: Sendable {
    /// Outbox messages not yet delivered or refused and due for an attempt at `now`, oldest
    /// first; each is held until `leaseUntil` so that another worker does not send it too.
    func claimMail(at now: Instant, leaseUntil: Instant, limit: Int) async throws -> [QueuedMail]
    func markMailSent(sequence: Int64, at: Instant) async throws
    /// A failed attempt: retried at `retryAt`, or refused for good when nil (a permanent SMTP error).
    func markMailFailed(sequence: Int64, at: Instant, error: String, retryAt: Instant?) async throws
    /// Every outbox message with its delivery state, newest first.
    func mailDeliveries(limit: Int) async throws -> [MailDelivery]
}

public enum MailStream {
    public static let outbox = "outbox"
    public static let queuedType = "mail-queued"
}

public struct QueuedMail: Sendable, Hashable {
    public let sequence: Int64
    public let payload: String
    public let queuedAt: Instant
    /// Attempts made before this one.
    public let attempts: Int
}

public struct MailDelivery: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable { case pending, sent, refused }
    public let sequence: Int64
    public let payload: String
    public let queuedAt: Instant
    public let state: State
    public let attempts: Int
    public let lastError: String?
    public let nextAttemptAt: Instant?
    public let deliveredAt: Instant?

    public init(sequence: Int64, payload: String, queuedAt: Instant, state: State, attempts: Int, lastError: String?,
                nextAttemptAt: Instant?, deliveredAt: Instant?) {
        self.sequence = sequence; self.payload = payload; self.queuedAt = queuedAt; self.state = state; self.attempts = attempts
        self.lastError = lastError; self.nextAttemptAt = nextAttemptAt; self.deliveredAt = deliveredAt
    }
}
