import Foundation

/// UTC offsets of one IANA time zone, read once from the system's zone data and then
/// answered by binary search, so that converting millions of instants stays cheap.
public struct ZoneRules: Sendable, Hashable {
    public let identifier: String
    /// UTC seconds at which the offset changes, ascending, and the offset from each on.
    private let transitions: [Int64]
    private let offsets: [Int]
    private let initialOffset: Int

    public init(identifier: String) throws(CalendarError) {
        guard let zone = TimeZone(identifier: identifier) else { throw .unknownTimeZone(identifier) }
        self.identifier = identifier
        let start = Date(timeIntervalSince1970: 0)
        let end = Date(timeIntervalSince1970: 4_102_444_800) // 2100-01-01
        initialOffset = zone.secondsFromGMT(for: start)
        var transitions: [Int64] = [], offsets: [Int] = []
        var cursor = start
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
            transitions.append(Int64(next.timeIntervalSince1970))
            offsets.append(zone.secondsFromGMT(for: next))
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Offset from UTC, in seconds, in force at `instant`.
    public func offset(at instant: Instant) -> Int {
        let low = transitions.partitionIndex { $0 > instant.seconds }
        return low == 0 ? initialOffset : offsets[low - 1]
    }

    public func local(_ instant: Instant) -> LocalDateTime {
        LocalDateTime(utcSeconds: instant.seconds + Int64(offset(at: instant)))
    }

    /// The instant a wall-clock time happens. In a spring-forward gap the time is read with
    /// the offset before the change (so it lands just after the gap); in a fall-back overlap
    /// the earlier of the two instants is chosen.
    public func instant(_ wallTime: LocalDateTime) -> Instant {
        let wall = wallTime.wallSeconds
        let before = offset(at: Instant(seconds: wall - 86_400))
        let candidate = Instant(seconds: wall - Int64(before))
        if local(candidate) == wallTime { return candidate }
        let after = offset(at: Instant(seconds: wall + 86_400))
        let second = Instant(seconds: wall - Int64(after))
        return local(second) == wallTime ? second : candidate
    }

    /// The instant the local day `date` begins.
    public func startOfDay(_ date: LocalDate) -> Instant {
        instant(LocalDateTime(date: date, secondOfDay: 0))
    }

    public static func == (a: ZoneRules, b: ZoneRules) -> Bool { a.identifier == b.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}
