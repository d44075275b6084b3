/// A territory whose customers Guichet serves: its time zone, its tax zone and its
/// public holidays (the national list plus its own days). Loaded from `territories.json`.
public struct Territory: Sendable, Hashable, Identifiable {
    /// ISO 3166 code: FR (metropolitan), GP, MQ, GF, RE, YT, MF, BL (`TerritoryID`: GF was GY until D-CAL-10).
    public let id: String
    public let name: String
    public let zone: ZoneRules
    public let taxZoneID: String
    public let holidays: HolidayCalendar

    public init(id: String, name: String, zone: ZoneRules, taxZoneID: String, holidays: HolidayCalendar) {
        self.id = id; self.name = name; self.zone = zone; self.taxZoneID = taxZoneID; self.holidays = holidays
    }
}

/// The file form of the territories: national holidays once, then each territory's own.
public struct TerritoryTable: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        public let id: String
        public let name: String
        public let timeZone: String
        public let taxZone: String
        public let holidays: [HolidayRule]
    }

    public let nationalHolidays: [HolidayRule]
    public let territories: [Entry]

    /// Builds the territories, checking every rule and time zone; the error names the entry.
    public func resolve() throws(CalendarError) -> [String: Territory] {
        var result: [String: Territory] = [:]
        for rule in nationalHolidays { try rule.validate() }
        for entry in territories {
            for rule in entry.holidays {
                do { try rule.validate() } catch { throw .invalidHolidayRule("territory \(entry.id): \(error)") }
            }
            result[entry.id] = Territory(
                id: entry.id, name: entry.name, zone: try ZoneRules(identifier: entry.timeZone),
                taxZoneID: entry.taxZone, holidays: HolidayCalendar(rules: nationalHolidays + entry.holidays))
        }
        return result
    }
}
