import GuichetCore
import Testing

@Suite struct BusinessHoursTests {
    typealias T = TestTerritories
    static let office = try! BusinessHours(days: BusinessHours.weekdays, opens: "08:00", closes: "18:00")
    static let everyDay = try! BusinessHours(days: BusinessHours.everyDay, opens: "08:00", closes: "22:00", openOnHolidays: true)

    static let cases: [(String, String, Int64, String)] = [
        // Mon–Fri 08:00–18:00 Paris: 4 h from Friday 16:00 → Monday 10:00.
        ("office", "2026-11-20T16:00:00+01:00", 4 * 3600, "2026-11-23T10:00:00+01:00"),
        // Starting before opening counts from 08:00.
        ("office", "2026-11-23T06:00:00+01:00", 3600, "2026-11-23T09:00:00+01:00"),
        // Christmas Friday is closed: 2 h from Thursday 24 Dec 17:00 → Monday 28 Dec 09:00.
        ("office", "2026-12-24T17:00:00+01:00", 2 * 3600, "2026-12-28T09:00:00+01:00"),
        // Across the start of summer time: 10 h from Fri 27 Mar 17:00 CET → Mon 30 Mar 17:00 CEST.
        ("office", "2026-03-27T17:00:00+01:00", 10 * 3600, "2026-03-30T17:00:00+02:00"),
        // 7/7 08:00–22:00: 4 h from Saturday 21:00 → Sunday 11:00.
        ("everyDay", "2026-11-21T21:00:00+01:00", 4 * 3600, "2026-11-22T11:00:00+01:00"),
    ]

    @Test(arguments: cases)
    func addsBusinessHours(schedule: String, start: String, seconds: Int64, expected: String) throws {
        let clock = BusinessHoursClock(calendar: T.calendar("FR"), hours: schedule == "office" ? Self.office : Self.everyDay)
        #expect(try clock.adding(seconds: seconds, to: T.instant(start)) == T.instant(expected))
    }

    @Test func pausesStopTheClock() throws {
        let clock = BusinessHoursClock(calendar: T.calendar("FR"), hours: Self.office)
        // Monday 09:00–11:00 waiting on the customer: 4 h from Monday 08:00 → 14:00 instead of 12:00.
        let pause = Pause(start: T.instant("2026-11-23T09:00:00+01:00"), end: T.instant("2026-11-23T11:00:00+01:00"))
        let due = try clock.adding(seconds: 4 * 3600, to: T.instant("2026-11-23T08:00:00+01:00"), pauses: [pause])
        #expect(due == T.instant("2026-11-23T14:00:00+01:00"))
        #expect(clock.elapsed(from: T.instant("2026-11-23T08:00:00+01:00"), to: due, pauses: [pause]) == 4 * 3600)
    }

    @Test func elapsedCountsOnlyOpenTime() {
        let clock = BusinessHoursClock(calendar: T.calendar("FR"), hours: Self.office)
        #expect(clock.elapsed(from: T.instant("2026-11-20T16:00:00+01:00"), to: T.instant("2026-11-23T10:00:00+01:00")) == 4 * 3600)
    }

    @Test func paristimeClockForACustomerInGuadeloupe() throws {
        // Support open Mon–Fri 08:00–18:00 Paris time, ticket from Guadeloupe at 13:00 local (18:00 Paris).
        let clock = BusinessHoursClock(calendar: T.calendar("FR"), hours: Self.office)
        #expect(try clock.adding(seconds: 3600, to: T.instant("2026-11-23T13:00:00-04:00")) == T.instant("2026-11-24T09:00:00+01:00"))
    }

    @Test func badSchedulesAreRefused() {
        #expect(throws: CalendarError.invalidTime("8h")) { try BusinessHours(days: [.monday], opens: "8h", closes: "18:00") }
        #expect(throws: CalendarError.noBusinessHours) { try BusinessHours(days: [], opens: "08:00", closes: "18:00") }
        #expect(throws: CalendarError.noBusinessHours) { try BusinessHours(days: [.monday], opens: "18:00", closes: "08:00") }
    }
}
