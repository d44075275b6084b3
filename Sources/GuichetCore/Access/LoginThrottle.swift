/// Sign-in throttling. The documents say nothing of it; these are settings, with the values of
/// common practice (OWASP, ANSSI): a progressive delay per account *and* client address rather
/// than a hard lock, so that nobody can lock someone else out by failing on their login from
/// elsewhere, and the same delay for a login that does not exist as for one that does.
public struct LoginThrottle: Sendable, Hashable, Codable {
    /// Wrong passwords in a row, from one address for one login, before any delay.
    public var freeFailures: Int
    /// The first delay, doubled at each further failure.
    public var firstDelaySeconds: Int64
    /// The longest delay.
    public var maxDelaySeconds: Int64
    /// Attempts one client address may make per minute, whatever the account.
    public var attemptsPerMinute: Int

    public init(freeFailures: Int = 5, firstDelaySeconds: Int64 = 1, maxDelaySeconds: Int64 = 15 * 60, attemptsPerMinute: Int = 30) {
        self.freeFailures = freeFailures; self.firstDelaySeconds = firstDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds; self.attemptsPerMinute = attemptsPerMinute
    }

    /// How long to wait after the last of `failures` wrong passwords in a row before trying again.
    public func delaySeconds(afterFailures failures: Int) -> Int64 {
        guard failures >= freeFailures else { return 0 }
        let doublings = min(failures - freeFailures, 20)
        return min(maxDelaySeconds, firstDelaySeconds << Int64(doublings))
    }

    /// Until when a new attempt is refused, after `failures` in a row, the last at `last`; nil when it may go ahead.
    public func waitUntil(failures: Int, last: Instant, now: Instant) -> Instant? {
        let until = last.adding(seconds: delaySeconds(afterFailures: failures))
        return now < until ? until : nil
    }
}
