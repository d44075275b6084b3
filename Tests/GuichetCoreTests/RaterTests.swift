import GuichetCore
import GuichetData
import Testing

/// 001 Annexe 4: CMR + price per minute, per second from the first second, TTC by zone.
@Suite struct RaterTests {
    static let rater = Rater(catalog: ShippedCatalogs.set, plan: try! ReferenceData.numberingPlan())
    static let day = try! LocalDate(iso: "2026-05-04")
    static func call(_ number: String, _ seconds: Int, mobile: Bool? = nil) -> CallRecord {
        CallRecord(id: "cdr-1", called: number, start: try! Instant(iso: "2026-05-04T10:00:00-04:00"), seconds: seconds, calledLineIsMobile: mobile)
    }

    @Test(arguments: [
        // F6 Algeria fixed, 125 s: DOM1 0.10 + 0.99 × 125/60 = 2.1625; DOM2 0.092 + 0.912 × 125/60 = 1.992.
        ("+213 21 00 00 00", nil, 125, "DOM1", "2.1625"), ("+213 21 00 00 00", nil, 125, "DOM2", "1.992"),
        // M12 Brazil mobile, 61 s: DOM1 0.10 + 0.592 × 61/60 = 0.7019; DOM2 0.092 + 0.546 × 61/60 = 0.6471.
        ("+55 11 91234 5678", true, 61, "DOM1", "0.7019"), ("+55 11 91234 5678", true, 61, "DOM2", "0.6471"),
        // M1 metropolitan mobile from Essentiel (Infini only includes it), 1 s: 0.10 + 0.173/60 = 0.1029.
        ("06 12 34 56 78", nil, 1, "DOM1", "0.1029"),
    ] as [(String, Bool?, Int, String, String)])
    func chargedCalls(number: String, mobile: Bool?, seconds: Int, zone: String, amount: String) throws {
        let r = try Self.rater.rate(Self.call(number, seconds, mobile: mobile), offering: "livebox-essentiel-fibre", zone: zone, on: Self.day)
        #expect(r.amount == (try Money(amount)))
        #expect(!r.included && r.explanation.source.hasPrefix("001 Annexe 4"))
    }

    @Test func includedAndEmergencyCallsAreFree() throws {
        // Metropolitan mobiles are included in Infini (A4 note); USA mobiles in both offers (D-CAT-1); 112 always.
        #expect(try Self.rater.rate(Self.call("06 12 34 56 78", 600), offering: "livebox-infini-fibre", zone: "DOM1", on: Self.day).amount == .zero)
        #expect(try Self.rater.rate(Self.call("+1 212 555 0100", 600, mobile: true), offering: "livebox-essentiel-fibre", zone: "DOM1", on: Self.day).included)
        let sos = try Self.rater.rate(Self.call("112", 300), offering: "livebox-essentiel-fibre", zone: "DOM2", on: Self.day)
        #expect(sos.amount == .zero && sos.destination == "emergency")
    }

    @Test func usaMobileAtTheAnnex4RatesWhereNotIncluded() throws {
        // For an offering that does not include M4 (here a catalog offering of another document), A4 prices apply:
        // 0.10 + 0.22 × 90/60 = 0.43 (DOM1).
        let r = try Self.rater.rate(Self.call("+1 212 555 0100", 90, mobile: true), offering: "forfait-f01", zone: "DOM1", on: Self.day)
        #expect(r.amount == (try Money("0.43")))
    }

    @Test func unknownDestinationsAndBadDurationsAreRefused() {
        // 001 A4 note (3): UK 44870 has no price: quarantined, never guessed.
        #expect(throws: RatingError.unknownDestination(id: "cdr-1", number: "+448701234567")) {
            try Self.rater.rate(Self.call("+44 870 123 4567", 60), offering: "livebox-essentiel-fibre", zone: "DOM1", on: Self.day)
        }
        #expect(throws: RatingError.negativeDuration("cdr-1")) {
            try Self.rater.rate(Self.call("0590 27 12 34", -1), offering: "livebox-essentiel-fibre", zone: "DOM1", on: Self.day)
        }
    }

    @Test func aSitePoolOfFiveUsersRunsOutMidCall() {
        // 004 §2.6.1: 5 active users × 500 minutes = 2 500 minutes pooled for the site.
        var pool = AllowancePool(minutesPerUser: 500, activeUsers: 5)
        #expect(pool.totalSeconds == 150_000)
        #expect(pool.draw(149_940) == (149_940, 0))          // 2 499 minutes used
        #expect(pool.draw(180) == (60, 120))                 // the last minute, then 2 minutes of overage
        #expect(pool.draw(30) == (0, 30))
        #expect(pool.remainingSeconds == 0)
    }
}
