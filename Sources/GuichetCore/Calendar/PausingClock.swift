/// A clock of real elapsed time that stops for whole local days: "les dimanches et jours
/// fériés ou chômés reportent d'autant ce délai" (000 CG 3.2, reading A of the spec: each
/// excluded hour pushes the deadline by one hour).
extension WorkCalendar {
    /// Whether `d` stops the 72-hour clock of 000 CG 3.2: a Sunday, holiday or closed day.
    /// Saturdays are not excluded.
    public func isSundayOrHoliday(_ d: LocalDate) -> Bool {
        d.weekday == .sunday || isHolidayOrClosed(d)
    }

    /// `seconds` of elapsed time from `start`, not counting time inside local days for
    /// which `excluded` is true.
    public func adding(seconds: Int64, to start: Instant, excluding excluded: (LocalDate) -> Bool) throws(CalendarError) -> Instant {
        guard seconds >= 0 else { throw .negativeDuration }
        var remaining = seconds
        var cursor = start
        var day = zone.local(start).date
        while true {
            let nextMidnight = zone.startOfDay(day.adding(days: 1))
            if !excluded(day) {
                let available = nextMidnight.seconds - cursor.seconds
                if available >= remaining { return cursor.adding(seconds: remaining) }
                remaining -= available
            }
            cursor = nextMidnight
            day = day.adding(days: 1)
        }
    }

    /// The 72-hour callback deadline of 000 CG 3.2 from `start`.
    public func callbackDeadline(hours: Int64 = 72, from start: Instant) -> Deadline {
        let end = try! adding(seconds: hours * 3600, to: start, excluding: isSundayOrHoliday)
        let skipped = (0...(zone.local(end).date.ordinal - zone.local(start).date.ordinal)).compactMap { offset -> String? in
            let d = zone.local(start).date.adding(days: offset)
            return isSundayOrHoliday(d) ? "\(d) (\(d.weekday == .sunday ? "Sunday" : "holiday"))" : nil
        }
        return Deadline(calendar: self, lastDay: nil, endsAt: end, inclusive: true, explanation: Explanation(
            rule: "\(hours) hours of elapsed time, Sundays and public holidays or closed days not counted",
            source: "000 CG 3.2",
            inputs: ["start": zone.local(start).iso, "territory": territory.id],
            result: "due \(zone.local(end).iso) local (inclusive)",
            steps: skipped.map { Explanation(rule: "day not counted", source: "000 CG 3.2", result: $0) }))
    }
}
