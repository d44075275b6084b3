/// Periods counted in days, the French way: the day of the event (*dies a quo*) is never
/// counted, and a period ends at 24:00 local on its last day.
extension WorkCalendar {
    /// The `n`-th day of `kind` after `start` (start itself not counted).
    public func adding(_ n: Int, _ kind: DayKind, after start: LocalDate) -> LocalDate {
        if kind == .calendar { return start.adding(days: n) }
        var d = start, left = n
        while left > 0 {
            d = d.adding(days: 1)
            if counts(d, as: kind) { left -= 1 }
        }
        return d
    }

    /// The first working day (Mon–Fri, not a holiday or closed day) on or after `d`.
    public func firstWorkingDay(onOrAfter d: LocalDate) -> LocalDate {
        var day = d
        while !counts(day, as: .ouvres) { day = day.adding(days: 1) }
        return day
    }

    /// A period of `n` days of `kind` from an event on `start`, ending at 24:00 local on
    /// its last day; `extended` moves a last day falling on a Saturday, Sunday or holiday to
    /// the next working day.
    public func deadline(_ n: Int, _ kind: DayKind, after start: LocalDate, extended: Bool = false,
                         rule: String, source: String) -> Deadline {
        let nominal = adding(n, kind, after: start)
        let last = extended ? firstWorkingDay(onOrAfter: nominal) : nominal
        var steps = [Explanation(rule: "count \(n) \(kind.label), the event day not counted", source: source,
                                 inputs: ["event day": start.description], result: "nominal last day \(nominal) (\(nominal.weekday))")]
        if last != nominal {
            steps.append(Explanation(rule: "a period ending on a Saturday, Sunday or holiday is extended to the next working day",
                                     source: source, result: "extended to \(last) (\(last.weekday))"))
        }
        return Deadline(calendar: self, lastDay: last, endsAt: zone.startOfDay(last.adding(days: 1)),
                        explanation: Explanation(rule: rule, source: source,
                                                 inputs: ["event day": start.description, "territory": territory.id,
                                                          "days": "\(n)", "kind": kind.rawValue],
                                                 result: "ends \(last) at 24:00 local", steps: steps))
    }

    /// A period of `n` *jours francs* from an event on `start` (000 CG 10, reading in
    /// docs/decisions.md): neither the event day nor the day it falls due counts, so the last
    /// day to act is J+n+1 (`.strict`) — or J+n under the looser reading — extended to the
    /// next working day when it is a Saturday, Sunday, holiday or closed day.
    public func joursFrancs(_ n: Int, after start: LocalDate, reading: JoursFrancsReading = .strict,
                            rule: String, source: String) -> Deadline {
        let days = reading == .strict ? n + 1 : n
        let nominal = start.adding(days: days)
        let last = firstWorkingDay(onOrAfter: nominal)
        var steps = [Explanation(rule: "\(n) jours francs: J+\(days) (\(reading.rawValue) reading)", source: source,
                                 inputs: ["J": start.description], result: "nominal last day \(nominal) (\(nominal.weekday))")]
        if last != nominal {
            steps.append(Explanation(rule: "expiring on a Saturday, Sunday, holiday or closed day: extended to the next working day",
                                     source: source, result: "extended to \(last) (\(last.weekday))"))
        }
        return Deadline(calendar: self, lastDay: last, endsAt: zone.startOfDay(last.adding(days: 1)),
                        explanation: Explanation(rule: rule, source: source,
                                                 inputs: ["J": start.description, "territory": territory.id, "jours francs": "\(n)"],
                                                 result: "ends \(last) at 24:00 local", steps: steps))
    }

    /// `instant` moved `n` days of `kind` forward, keeping its local time of day.
    public func adding(_ n: Int, _ kind: DayKind, to instant: Instant) -> Instant {
        let local = zone.local(instant)
        return zone.instant(LocalDateTime(date: adding(n, kind, after: local.date), secondOfDay: local.secondOfDay))
    }
}

public enum JoursFrancsReading: String, Sendable, Codable {
    /// Last day J+n+1: the day it falls due is not counted either (000 CG 10, canon).
    case strict
    /// Last day J+n: only the event day is left out.
    case loose
}
