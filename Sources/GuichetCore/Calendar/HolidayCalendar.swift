/// The public holidays of one territory, precomputed as a bit set over 1970–2199 so that a
/// lookup is one shift and mask; years outside that range are computed from the rules.
public struct HolidayCalendar: Sendable, Hashable {
    public let rules: [HolidayRule]
    private let bits: [UInt64]
    private static let firstYear = 1970, lastYear = 2199
    private static let lastOrdinal = try! LocalDate(lastYear, 12, 31).ordinal

    public init(rules: [HolidayRule]) {
        self.rules = rules
        var bits = [UInt64](repeating: 0, count: HolidayCalendar.lastOrdinal / 64 + 1)
        for year in HolidayCalendar.firstYear...HolidayCalendar.lastYear {
            for rule in rules {
                if let d = rule.date(in: year) { bits[d.ordinal >> 6] |= 1 << UInt64(d.ordinal & 63) }
            }
        }
        self.bits = bits
    }

    public func isHoliday(_ date: LocalDate) -> Bool {
        let o = date.ordinal
        if o >= 0 && o <= HolidayCalendar.lastOrdinal { return bits[o >> 6] & (1 << UInt64(o & 63)) != 0 }
        return rules.contains { $0.date(in: date.year) == date }
    }

    /// The holidays of `year` in date order; a day named by two rules is listed once, with both names.
    public func holidays(in year: Int) -> [Holiday] {
        var byDate: [LocalDate: [HolidayRule]] = [:]
        for rule in rules { if let d = rule.date(in: year) { byDate[d, default: []].append(rule) } }
        return byDate.keys.sorted().map { d in
            let rules = byDate[d]!
            return Holiday(date: d, name: rules.map(\.name).joined(separator: " / "), source: rules.map(\.source).joined(separator: "; "))
        }
    }

    public static func == (a: HolidayCalendar, b: HolidayCalendar) -> Bool { a.rules == b.rules }
    public func hash(into hasher: inout Hasher) { hasher.combine(rules) }
}

public struct Holiday: Hashable, Sendable, Codable {
    public let date: LocalDate
    public let name: String
    public let source: String
}
