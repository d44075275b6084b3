/// One public holiday as data: a fixed day of the year, or a day counted from Easter Sunday.
public struct HolidayRule: Hashable, Sendable, Codable {
    public let name: String
    public let month: Int?
    public let day: Int?
    /// Days after Easter Sunday (1 = Easter Monday, 39 = Ascension, 50 = Whit Monday).
    public let easterOffset: Int?
    /// First and last years the rule applies, when it has a start or an end.
    public let fromYear: Int?
    public let toYear: Int?
    /// Where the rule comes from (law, decree).
    public let source: String

    public init(name: String, month: Int? = nil, day: Int? = nil, easterOffset: Int? = nil,
                fromYear: Int? = nil, toYear: Int? = nil, source: String) throws(CalendarError) {
        self.name = name; self.month = month; self.day = day; self.easterOffset = easterOffset
        self.fromYear = fromYear; self.toYear = toYear; self.source = source
        try validate()
    }

    func validate() throws(CalendarError) {
        switch (month, day, easterOffset) {
        case let (m?, d?, nil):
            guard (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: 2000)).contains(d) else {
                throw .invalidHolidayRule("'\(name)': \(m)-\(d) is not a day of the year")
            }
        case (nil, nil, _?): break
        default: throw .invalidHolidayRule("'\(name)': give either month and day, or easterOffset")
        }
    }

    /// The date of this holiday in `year`, or nil when the rule is not in force that year.
    public func date(in year: Int) -> LocalDate? {
        if let fromYear, year < fromYear { return nil }
        if let toYear, year > toYear { return nil }
        if let month, let day { return try? LocalDate(year, month, day) }
        if let easterOffset { return Easter.sunday(of: year).adding(days: easterOffset) }
        return nil
    }
}

enum Easter {
    /// Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
    static func sunday(of year: Int) -> LocalDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return try! LocalDate(year, month, day)
    }
}
