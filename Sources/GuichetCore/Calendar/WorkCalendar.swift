/// Which days count, in one territory: its holidays, plus any *jours chômés* the operator
/// closes (empty unless configured, 000 CG 3.2 "jours fériés ou chômés").
public struct WorkCalendar: Sendable {
    public let territory: Territory
    public let closedDays: Set<LocalDate>

    public init(territory: Territory, closedDays: Set<LocalDate> = []) {
        self.territory = territory; self.closedDays = closedDays
    }

    public var zone: ZoneRules { territory.zone }

    /// A public holiday or a configured closed day.
    public func isHolidayOrClosed(_ d: LocalDate) -> Bool {
        territory.holidays.isHoliday(d) || (!closedDays.isEmpty && closedDays.contains(d))
    }

    /// Whether `d` counts in a period of `kind` days.
    public func counts(_ d: LocalDate, as kind: DayKind) -> Bool {
        switch kind {
        case .calendar: true
        case .ouvres: d.weekday < .saturday && !isHolidayOrClosed(d)
        case .ouvrables: d.weekday != .sunday && !isHolidayOrClosed(d)
        }
    }
}

/// The kinds of day French contracts count in.
public enum DayKind: String, Sendable, Codable, CaseIterable {
    /// Every day (*jours calendaires*).
    case calendar
    /// Monday to Friday except holidays (*jours ouvrés*).
    case ouvres
    /// Monday to Saturday except holidays (*jours ouvrables*).
    case ouvrables

    var label: String {
        switch self {
        case .calendar: "calendar days"
        case .ouvres: "jours ouvrés (Mon–Fri, holidays excluded)"
        case .ouvrables: "jours ouvrables (Mon–Sat, holidays excluded)"
        }
    }
}
