import GuichetCore
import Testing

@Suite struct HolidayTests {
    @Test(arguments: [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2030, "2030-04-21")])
    func easterBasedDays(year: Int, easter: String) throws {
        let fr = TestTerritories.calendar("FR").territory.holidays
        let sunday = TestTerritories.date(easter)
        #expect(fr.isHoliday(sunday.adding(days: 1)))    // Lundi de Pâques
        #expect(fr.isHoliday(sunday.adding(days: 39)))   // Ascension
        #expect(fr.isHoliday(sunday.adding(days: 50)))   // Lundi de Pentecôte
        #expect(!fr.isHoliday(sunday.adding(days: -2)))  // Good Friday is not a national holiday
    }

    @Test(arguments: [
        ("FR", 11, nil), ("GP", 13, "2026-05-27"), ("MQ", 13, "2026-05-22"), ("GF", 12, "2026-06-10"),
        ("RE", 12, "2026-12-20"), ("YT", 12, "2026-04-27"), ("MF", 13, "2026-05-28"), ("BL", 12, "2026-10-09"),
    ] as [(String, Int, String?)])
    func eachTerritoryHasItsOwnDays(territory: String, count: Int, abolition: String?) {
        let cal = TestTerritories.calendar(territory).territory.holidays
        #expect(cal.holidays(in: 2026).count == count)
        if let abolition { #expect(cal.isHoliday(TestTerritories.date(abolition))) }
        #expect(!TestTerritories.calendar("FR").territory.holidays.isHoliday(TestTerritories.date(abolition ?? "2026-05-27")))
    }

    @Test func aDayNamedTwiceIsListedOnce() {
        // In 2030 Whit Monday falls on 10 June, Guyane's abolition day.
        let gy = TestTerritories.calendar("GF").territory.holidays
        let june10 = gy.holidays(in: 2030).filter { $0.date == TestTerritories.date("2030-06-10") }
        #expect(june10.count == 1)
        #expect(june10.first?.name.contains("/") == true)
    }

    @Test func yearsOutsideThePrecomputedRangeStillAnswer() {
        let fr = TestTerritories.calendar("FR").territory.holidays
        #expect(fr.isHoliday(TestTerritories.date("2250-07-14")))
        #expect(fr.isHoliday(TestTerritories.date("1960-12-25")))
        #expect(!fr.isHoliday(TestTerritories.date("2250-07-15")))
    }

    @Test func badRulesAreRefusedWithTheirName() {
        #expect(throws: CalendarError.invalidHolidayRule("'X': 2-30 is not a day of the year")) {
            try HolidayRule(name: "X", month: 2, day: 30, source: "test")
        }
        #expect(throws: CalendarError.self) { try HolidayRule(name: "Y", month: 5, day: 1, easterOffset: 3, source: "test") }
    }
}
