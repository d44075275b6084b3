/// A point in time, in whole seconds since 1970-01-01T00:00:00Z. Instants are stored and
/// compared in UTC; local dates and hours come from a territory's `ZoneRules`.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// Parses ISO 8601 with a `Z` or `±HH:MM` suffix: "2026-05-22T20:00:00Z", "2026-05-22T20:00-04:00".
    public init(iso text: String) throws(CalendarError) {
        guard text.count >= 17, let t = text.firstIndex(of: "T") else { throw .invalidInstant(text) }
        let datePart = String(text[..<t])
        var rest = Substring(text[text.index(after: t)...])
        var offset = 0
        if rest.hasSuffix("Z") {
            rest = rest.dropLast()
        } else if rest.count >= 6, let sign = rest.dropLast(5).last, sign == "+" || sign == "-" {
            let tz = rest.suffix(5).split(separator: ":")
            guard tz.count == 2, let h = Int(tz[0]), let m = Int(tz[1]) else { throw .invalidInstant(text) }
            offset = (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
            rest = rest.dropLast(6)
        } else {
            throw .invalidInstant(text)
        }
        let hms = rest.split(separator: ":")
        guard (2...3).contains(hms.count), let h = Int(hms[0]), let mi = Int(hms[1]),
              (0...23).contains(h), (0...59).contains(mi) else { throw .invalidInstant(text) }
        let s = hms.count == 3 ? Int(hms[2]) : 0
        guard let s, (0...59).contains(s) else { throw .invalidInstant(text) }
        let date: LocalDate
        do { date = try LocalDate(iso: datePart) } catch { throw .invalidInstant(text) }
        seconds = Int64(date.ordinal) * 86_400 + Int64(h * 3600 + mi * 60 + s - offset)
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }

    public func adding(seconds delta: Int64) -> Instant { Instant(seconds: seconds + delta) }

    /// "2026-05-23T00:00:00Z"
    public var description: String { LocalDateTime(utcSeconds: seconds).iso + "Z" }

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

/// A wall-clock date and time, without a zone.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    /// Seconds since local midnight, 0..<86 400.
    public let secondOfDay: Int

    public init(date: LocalDate, secondOfDay: Int) { self.date = date; self.secondOfDay = secondOfDay }

    init(utcSeconds s: Int64) {
        let days = Int((s >= 0 ? s : s - 86_399) / 86_400)
        date = LocalDate(ordinal: days)
        secondOfDay = Int(s - Int64(days) * 86_400)
    }

    var wallSeconds: Int64 { Int64(date.ordinal) * 86_400 + Int64(secondOfDay) }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.wallSeconds < b.wallSeconds }

    /// "2026-05-22T20:00:00"
    public var iso: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date)T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
    }

    public var description: String { iso }
}

extension Instant {
    /// The UTC calendar day of this instant.
    public var utcDate: LocalDate { LocalDateTime(utcSeconds: seconds).date }
}
