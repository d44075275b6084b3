/// A computed deadline: the last local day (when the rule counts days), the instant it
/// ends and why. Day periods end at 24:00 local, exclusive; hour clocks end at their
/// instant, inclusive (an act exactly at the deadline is in time, 000 spec §A.10.6).
public struct Deadline: Hashable, Sendable, Codable {
    public let territoryID: String
    public let lastDay: LocalDate?
    public let endsAt: Instant
    public let endIsInclusive: Bool
    /// `endsAt` on the territory's wall clock.
    public let endsAtLocal: String
    public let explanation: Explanation

    init(calendar: WorkCalendar, lastDay: LocalDate?, endsAt: Instant, inclusive: Bool = false, explanation: Explanation) {
        territoryID = calendar.territory.id
        self.lastDay = lastDay
        self.endsAt = endsAt
        endIsInclusive = inclusive
        endsAtLocal = calendar.zone.local(endsAt).iso
        self.explanation = explanation
    }

    /// Whether an act at `instant` meets the deadline.
    public func isMet(by instant: Instant) -> Bool { endIsInclusive ? instant <= endsAt : instant < endsAt }
}
