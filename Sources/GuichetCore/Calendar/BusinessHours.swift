/// Opening hours on given weekdays in a territory's local time, e.g. Mon–Fri 08:00–18:00
/// or every day 08:00–22:00; holidays are closed unless `openOnHolidays`.
public struct BusinessHours: Sendable, Hashable, Codable {
    public let days: Set<Weekday>
    /// Seconds after local midnight.
    public let opens: Int
    public let closes: Int
    public let openOnHolidays: Bool

    public init(days: Set<Weekday>, opens: String, closes: String, openOnHolidays: Bool = false) throws(CalendarError) {
        self.days = days
        self.opens = try BusinessHours.seconds(opens)
        self.closes = try BusinessHours.seconds(closes)
        self.openOnHolidays = openOnHolidays
        guard !days.isEmpty, self.closes > self.opens else { throw .noBusinessHours }
    }

    static func seconds(_ hhmm: String) throws(CalendarError) -> Int {
        let p = hhmm.split(separator: ":")
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]),
              (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440 else { throw .invalidTime(hhmm) }
        return h * 3600 + m * 60
    }

    public static let weekdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
    public static let everyDay = Set(Weekday.allCases)
}

/// A span of time [start, end) during which a business-hours clock is paused
/// (e.g. a ticket waiting on the customer).
public struct Pause: Sendable, Hashable, Codable {
    public let start: Instant
    public let end: Instant
    public init(start: Instant, end: Instant) { self.start = start; self.end = end }
}

/// A clock that runs only during business hours and outside pauses.
public struct BusinessHoursClock: Sendable {
    public let calendar: WorkCalendar
    public let hours: BusinessHours

    public init(calendar: WorkCalendar, hours: BusinessHours) { self.calendar = calendar; self.hours = hours }

    /// The open window of local day `d`, as instants, or nil when closed all day.
    func window(on d: LocalDate) -> (Instant, Instant)? {
        guard hours.days.contains(d.weekday), hours.openOnHolidays || !calendar.isHolidayOrClosed(d) else { return nil }
        let zone = calendar.zone
        let open = zone.instant(LocalDateTime(date: d, secondOfDay: hours.opens))
        let close = hours.closes == 86_400 ? zone.startOfDay(d.adding(days: 1))
                                            : zone.instant(LocalDateTime(date: d, secondOfDay: hours.closes))
        return (open, close)
    }

    /// The running spans of `[from, ∞)` within one day's window, pauses cut out.
    private func runningSpans(_ window: (Instant, Instant), from: Instant, pauses: [Pause]) -> [(Int64, Int64)] {
        var spans = [(max(window.0.seconds, from.seconds), window.1.seconds)]
        for p in pauses {
            spans = spans.flatMap { s -> [(Int64, Int64)] in
                if p.end.seconds <= s.0 || p.start.seconds >= s.1 { return [s] }
                return [(s.0, p.start.seconds), (p.end.seconds, s.1)].filter { $0.0 < $0.1 }
            }
        }
        return spans.filter { $0.0 < $0.1 }
    }

    /// The instant at which `seconds` of business time have run from `start`.
    public func adding(seconds: Int64, to start: Instant, pauses: [Pause] = []) throws(CalendarError) -> Instant {
        guard seconds >= 0 else { throw .negativeDuration }
        var remaining = seconds
        var day = calendar.zone.local(start).date
        // Ten years without an open hour means the schedule can never satisfy the request.
        for _ in 0..<3660 {
            if let w = window(on: day) {
                for span in runningSpans(w, from: start, pauses: pauses) {
                    let length = span.1 - span.0
                    if length >= remaining { return Instant(seconds: span.0 + remaining) }
                    remaining -= length
                }
            }
            day = day.adding(days: 1)
        }
        throw .noBusinessHours
    }

    /// Business time elapsed between two instants, pauses not counted.
    public func elapsed(from start: Instant, to end: Instant, pauses: [Pause] = []) -> Int64 {
        guard end > start else { return 0 }
        var total: Int64 = 0
        var day = calendar.zone.local(start).date
        let lastDay = calendar.zone.local(end).date
        while day <= lastDay {
            if let w = window(on: day) {
                for span in runningSpans(w, from: start, pauses: pauses) {
                    total += max(0, min(span.1, end.seconds) - span.0)
                }
            }
            day = day.adding(days: 1)
        }
        return total
    }
}
