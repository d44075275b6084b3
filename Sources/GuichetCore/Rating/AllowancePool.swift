/// Minutes shared by a site's users for a calendar month (004 §2.6.1: 500 per active user, pooled
/// per site, no carry-over). Drawing from it splits a call between the pool and overage.
public struct AllowancePool: Sendable, Hashable {
    public let totalSeconds: Int
    public private(set) var usedSeconds = 0

    public init(minutesPerUser: Int, activeUsers: Int) { totalSeconds = minutesPerUser * activeUsers * 60 }

    public var remainingSeconds: Int { totalSeconds - usedSeconds }

    /// Seconds covered by the pool, and seconds beyond it.
    public mutating func draw(_ seconds: Int) -> (fromPool: Int, overage: Int) {
        let taken = min(max(0, seconds), remainingSeconds)
        usedSeconds += taken
        return (taken, max(0, seconds) - taken)
    }
}
