import GuichetCore
import Testing

/// Hand-computed deadlines; each case names the article whose counting rule it exercises.
@Suite struct DeadlineTests {
    typealias T = TestTerritories

    // 000 CG 3.2: callback within 72 hours; Sundays and public holidays or closed days postpone it.
    @Test(arguments: [
        // Friday 20:00 in Guadeloupe before Whit Monday: Fri 4 h + Sat 24 h, Sun 24 and Mon 25 (Whit
        // Monday) skipped, Tue 24 h, Wed 27 May (abolition day in Guadeloupe) skipped, Thu 20 h.
        ("GP", "2026-05-22T20:00:00-04:00", "2026-05-28T20:00:00"),
        // The same instant in metropolitan France (Fri 22 May 2026 20:00 Paris): Wed 27 is worked.
        ("FR", "2026-05-22T20:00:00+02:00", "2026-05-27T20:00:00"),
        // Good Friday is not a holiday; Easter Monday is: Fri 4 + Sat 24 + Tue 24 + Wed 20.
        ("GP", "2026-04-03T20:00:00-04:00", "2026-04-08T20:00:00"),
        // A request on a Sunday: the clock starts at Monday 00:00 and ends at 24:00 on Wednesday.
        ("FR", "2026-11-22T11:00:00+01:00", "2026-11-26T00:00:00"),
        // Across the end of summer time (Sunday 25 Oct 2026, itself skipped): wall-clock time is kept.
        ("FR", "2026-10-23T10:00:00+02:00", "2026-10-27T10:00:00"),
    ])
    func callbackWithin72Hours(territory: String, start: String, dueLocal: String) {
        let deadline = T.calendar(territory).callbackDeadline(from: T.instant(start))
        #expect(deadline.endsAtLocal == dueLocal)
        #expect(deadline.isMet(by: deadline.endsAt))               // inclusive (000 spec §A.10.6)
        #expect(!deadline.isMet(by: deadline.endsAt.adding(seconds: 1)))
        #expect(deadline.explanation.source == "000 CG 3.2")
    }

    // 000 CG 10: withdrawal within 7 jours francs from acceptance, extended when it expires on a
    // Saturday, Sunday or holiday to the next working day (reading in docs/decisions.md D-CAL-4).
    @Test(arguments: [
        // Tuesday 17 Nov 2026: strict J+8 is Wednesday 25; the looser reading gives Tuesday 24.
        ("FR", "2026-11-17", JoursFrancsReading.strict, "2026-11-25"),
        ("FR", "2026-11-17", .loose, "2026-11-24"),
        // Tuesday 30 Apr 2024: J+8 = Wed 8 May (holiday) → Thu 9 May (Ascension) → Fri 10 May.
        ("FR", "2024-04-30", .strict, "2024-05-10"),
        // A period ending on a Sunday is extended to Monday: acceptance Saturday 21 Nov 2026, strict
        // J+8 = Sunday 29 → Monday 30; under the looser reading, acceptance Sunday 22, J+7 = Sunday 29.
        ("FR", "2026-11-21", .strict, "2026-11-30"),
        ("FR", "2026-11-22", .loose, "2026-11-30"),
        // Saturday is named as an extension day: J+8 = Sat 28 Nov 2026 → Monday 30.
        ("FR", "2026-11-20", .strict, "2026-11-30"),
        // The spec's example: last day Friday 1 May 2026 (holiday) → Monday 4 May.
        ("FR", "2026-04-23", .strict, "2026-05-04"),
    ])
    func withdrawalInJoursFrancs(territory: String, accepted: String, reading: JoursFrancsReading, lastDay: String) {
        let d = T.calendar(territory).joursFrancs(7, after: T.date(accepted), reading: reading, rule: "withdrawal", source: "000 CG 10")
        #expect(d.lastDay == T.date(lastDay))
        #expect(d.endsAtLocal == "\(T.date(lastDay).adding(days: 1))T00:00:00")
    }

    // Jours ouvrés (Mon–Fri, holidays excluded), event day not counted.
    @Test(arguments: [
        // 5 jours ouvrés over Christmas: from Tue 23 Dec 2025 → Wed 24, Fri 26, Mon 29, Tue 30, Wed 31.
        ("FR", "2025-12-23", 5, DayKind.ouvres, "2025-12-31"),
        ("FR", "2025-12-22", 5, .ouvres, "2025-12-30"),
        // New Year too: from Wed 24 Dec 2025 → Fri 26, Mon 29, Tue 30, Wed 31, Fri 2 Jan 2026.
        ("RE", "2025-12-24", 5, .ouvres, "2026-01-02"),
        // Réunion's 20 December (Sunday in 2026) changes nothing; in 2027 it is a Monday.
        ("RE", "2027-12-17", 1, .ouvres, "2027-12-21"),
        // 2 jours ouvrés after a registered letter received Friday 22 May 2026, before Whit Monday.
        ("FR", "2026-05-22", 2, .ouvres, "2026-05-27"),
        // In Guadeloupe Wednesday 27 May is the abolition day: Thursday 28.
        ("GP", "2026-05-22", 2, .ouvres, "2026-05-28"),
        // In Martinique 22 May itself is the holiday; the event day is not counted anyway.
        ("MQ", "2026-05-22", 2, .ouvres, "2026-05-27"),
        // Jours ouvrables count Saturday: Sat 23, Tue 26.
        ("FR", "2026-05-22", 2, .ouvrables, "2026-05-26"),
        ("FR", "2026-05-22", 15, .calendar, "2026-06-06"),
    ])
    func daysOfAKind(territory: String, from: String, n: Int, kind: DayKind, lastDay: String) {
        let d = T.calendar(territory).deadline(n, kind, after: T.date(from), rule: "\(n) \(kind)", source: "test")
        #expect(d.lastDay == T.date(lastDay))
    }

    @Test func closedDaysConfiguredByTheOperatorCount() {
        // 000 CG 3.2 "jours chômés": an operator closure on Saturday 23 May stops the 72-hour clock too.
        let fr = TestTerritories.all["FR"]!
        let closed = WorkCalendar(territory: fr, closedDays: [T.date("2026-05-23")])
        #expect(closed.callbackDeadline(from: T.instant("2026-05-22T20:00:00+02:00")).endsAtLocal == "2026-05-28T20:00:00")
    }

    @Test func addingBusinessDaysKeepsTheTimeOfDay() {
        let fr = T.calendar("FR")
        // Friday 27 Mar 2026 09:30 CET + 5 jours ouvrés = Friday 3 Apr 09:30 CEST (07:30Z).
        #expect(fr.adding(5, .ouvres, to: T.instant("2026-03-27T08:30:00Z")) == T.instant("2026-04-03T07:30:00Z"))
    }
}
