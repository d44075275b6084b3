/// Login throttling and lockout. The documents say nothing of it; these are settings, with the
/// values of common practice (OWASP): ten wrong passwords in a row lock the account for fifteen
/// minutes, and no more than a few attempts per minute come from one client.
public struct LoginLockout: Sendable, Hashable, Codable {
    /// Consecutive failures that lock the account.
    public var maxFailures: Int
    /// How long a locked account stays locked.
    public var lockSeconds: Int64
    /// Attempts one client address may make per minute, whatever the account.
    public var attemptsPerMinute: Int

    public init(maxFailures: Int = 10, lockSeconds: Int64 = 15 * 60, attemptsPerMinute: Int = 30) {
        self.maxFailures = maxFailures; self.lockSeconds = lockSeconds; self.attemptsPerMinute = attemptsPerMinute
    }

    /// One attempt in an account's history.
    public enum Attempt: Sendable, Hashable {
        case failed(Instant)
        case succeeded(Instant)
    }

    /// Until when the account is locked at `now`, or nil. Only the failures since the last success
    /// or the last lock's end count: a lock that has run out gives a fresh series of attempts.
    public func lockedUntil(_ history: [Attempt], at now: Instant) -> Instant? {
        var streak = 0
        var until: Instant?
        for attempt in history {
            switch attempt {
            case .succeeded:
                streak = 0; until = nil
            case .failed(let at):
                if let u = until, at < u { continue }  // attempts while locked are refused, not counted
                if until != nil { until = nil; streak = 0 }
                streak += 1
                if streak >= maxFailures { until = at.adding(seconds: lockSeconds) }
            }
        }
        guard let u = until, now < u else { return nil }
        return u
    }
}
