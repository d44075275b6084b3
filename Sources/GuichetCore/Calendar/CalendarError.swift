public enum CalendarError: Error, Equatable, CustomStringConvertible {
    case invalidDate(String)
    case invalidInstant(String)
    case invalidTime(String)
    case unknownTimeZone(String)
    case unknownTerritory(String)
    case invalidHolidayRule(String)
    case noBusinessHours
    case negativeDuration

    public var description: String {
        switch self {
        case .invalidDate(let t): "'\(t)' is not a valid date (expected YYYY-MM-DD)"
        case .invalidInstant(let t): "'\(t)' is not a valid instant (expected ISO 8601, e.g. 2026-05-22T20:00:00Z)"
        case .invalidTime(let t): "'\(t)' is not a valid time of day (expected HH:MM)"
        case .unknownTimeZone(let z): "unknown time zone '\(z)'"
        case .unknownTerritory(let t): "unknown territory '\(t)'"
        case .invalidHolidayRule(let r): "invalid holiday rule: \(r)"
        case .noBusinessHours: "the business-hours schedule has no open time"
        case .negativeDuration: "a duration to add must not be negative"
        }
    }
}
