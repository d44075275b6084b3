import GuichetCore
import Testing

@Suite struct InstantTests {
    @Test(arguments: [
        ("2026-05-22T20:00:00-04:00", "2026-05-23T00:00:00Z"),
        ("2026-05-22T20:00Z", "2026-05-22T20:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func parsesISO8601(text: String, utc: String) throws {
        #expect(try Instant(iso: text).description == utc)
    }

    @Test(arguments: ["2026-05-22", "2026-13-01T00:00:00Z", "2026-05-22T25:00:00Z", "2026-05-22T20:00:00", "x"])
    func refusesBadInstants(text: String) {
        #expect(throws: CalendarError.self) { try Instant(iso: text) }
    }

    @Test func localTimeAroundDaylightSavingChanges() throws {
        let paris = try ZoneRules(identifier: "Europe/Paris")
        let date = try LocalDate(2026, 3, 29)
        // 02:30 does not exist on 29 March 2026 in Paris: read as 03:30 CEST.
        #expect(paris.instant(LocalDateTime(date: date, secondOfDay: 9000)) == (try Instant(iso: "2026-03-29T01:30:00Z")))
        // 02:30 happens twice on 25 October 2026: the earlier one (CEST) is chosen.
        #expect(paris.instant(LocalDateTime(date: try LocalDate(2026, 10, 25), secondOfDay: 9000)) == (try Instant(iso: "2026-10-25T00:30:00Z")))
        #expect(paris.offset(at: try Instant(iso: "2026-07-01T00:00:00Z")) == 7200)
        #expect(try ZoneRules(identifier: "America/Guadeloupe").offset(at: try Instant(iso: "2026-07-01T00:00:00Z")) == -14400)
        #expect(throws: CalendarError.unknownTimeZone("Mars/Olympus")) { try ZoneRules(identifier: "Mars/Olympus") }
    }

    @Test func civilDatesRoundTrip() throws {
        // From 0001-01-01 (ordinal -719 162) to 4160.
        for ordinal in stride(from: -719_162, through: 800_000, by: 997) {
            let d = LocalDate(ordinal: ordinal)
            let c = d.components
            #expect(try LocalDate(c.year, c.month, c.day) == d)
        }
        #expect(try LocalDate(2026, 11, 21).weekday == .saturday)
        #expect(try LocalDate(1970, 1, 1).weekday == .thursday)
        #expect(throws: CalendarError.self) { try LocalDate(2025, 2, 29) }
    }

    /// Found by schemathesis: a year under 1000 was written "268-11-10", which could not be read back.
    @Test func datesAreWrittenWithFourDigitYearsAndReadBack() throws {
        for text in ["0268-11-10", "0001-01-01", "0099-12-31", "9999-12-31"] { #expect(try LocalDate(iso: text).description == text) }
        #expect(throws: CalendarError.self) { try LocalDate(0, 12, 31) }
        #expect(throws: CalendarError.self) { try LocalDate(10_000, 1, 1) }
    }
}
