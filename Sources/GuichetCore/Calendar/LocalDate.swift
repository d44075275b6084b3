/// A date on a territory's wall calendar, held as days since 1970-01-01 so that day
/// arithmetic is integer arithmetic (civil-calendar conversions after H. Hinnant).
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    public init(_ year: Int, _ month: Int, _ day: Int) throws(CalendarError) {
        // Four-digit years only: what "YYYY-MM-DD" can write and read back.
        guard (1...9999).contains(year), (1...12).contains(month), (1...LocalDate.daysIn(month: month, year: year)).contains(day) else {
            throw .invalidDate("\(year)-\(month)-\(day)")
        }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = era * 146_097 + doe - 719_468
    }

    /// Parses "2026-05-22".
    public init(iso text: String) throws(CalendarError) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { throw .invalidDate(text) }
        do { try self.init(y, m, d) } catch { throw .invalidDate(text) }
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday(rawValue: ((ordinal + 3) % 7 + 7) % 7 + 1)!
    }

    public func adding(days: Int) -> LocalDate { LocalDate(ordinal: ordinal + days) }

    /// The first day of the date's month.
    public var firstOfMonth: LocalDate { adding(days: 1 - components.day) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.ordinal < b.ordinal }

    public var description: String {
        let c = components
        let pad = c.year < 10 ? "000" : c.year < 100 ? "00" : c.year < 1000 ? "0" : ""
        return "\(pad)\(c.year)-\(c.month < 10 ? "0" : "")\(c.month)-\(c.day < 10 ? "0" : "")\(c.day)"
    }

    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(iso: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// ISO weekday numbers: Monday is 1, Sunday is 7.
public enum Weekday: Int, Sendable, Codable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}
