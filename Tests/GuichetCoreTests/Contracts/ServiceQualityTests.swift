import GuichetCore
import Testing

/// 001 CG 9.1, 9.2, 13 on Livebox Essentiel Fibre at 54.90 (Annexe 1) in Guadeloupe (UTC−4, no summer time), hand-computed.
@Suite struct ServiceQualityTests {
    typealias F = ContractFixtures
    static let calendar = TestTerritories.calendar("GP")
    static func at(_ local: String) -> Instant { TestTerritories.instant(local + "-04:00") }
    static func span(_ from: String, _ until: String) -> ServiceQualityClaim.Span { .init(from: at(from), until: at(until)) }
    static let march = try! BillingPeriod("2026-03")
    static let aprilFirst = at("2026-04-01T00:00")

    @Test(arguments: [
        ("CG 9.1: 22 h down in March (2 678 400 s), 3 % is 22 h 19 min 12 s: availability met",
         [span("2026-03-03T10:00", "2026-03-03T20:00"), span("2026-03-10T08:00", "2026-03-10T20:00")], "0.00"),
        ("CG 9.1: 30 h down: 54.90 × 108 000 / 2 678 400 = 2.2137",
         [span("2026-03-03T10:00", "2026-03-04T16:00")], "2.21"),
        ("CG 9.1: two reports overlapping by 4 h count 32 h once: 54.90 × 115 200 / 2 678 400 = 2.3613",
         [span("2026-03-03T10:00", "2026-03-04T16:00"), span("2026-03-04T12:00", "2026-03-04T18:00")], "2.36"),
        ("CG 9.1: an outage from 28 February 20:00 counts from 1 March 00:00 local, 32 h",
         [span("2026-02-28T20:00", "2026-03-02T08:00")], "2.36"),
    ])
    func availability(item: String, outages: [ServiceQualityClaim.Span], owed: String) throws {
        let line = try F.liveboxFibre.qualityCompensation(.availability(month: Self.march, outages: outages), calendar: Self.calendar,
                                                          claimedAt: Self.aprilFirst, excluded: nil)
        #expect(line.amount == (try Money(owed)), "\(item)")
        #expect(line.explanation.source == "001 CG 9.1")
    }

    @Test func downlinkHasNoThreshold() throws {
        // CG 9.2: 5 h under 512 kbit/s in March: 54.90 × 18 000 / 2 678 400 = 0.369.
        let line = try F.liveboxFibre.qualityCompensation(.downlink(month: Self.march, belowMinimum: [Self.span("2026-03-12T18:00", "2026-03-12T23:00")]),
                                                          calendar: Self.calendar, claimedAt: Self.aprilFirst, excluded: nil)
        #expect(line.amount == (try Money("0.37")))
        #expect(line.explanation.source == "001 CG 9.2")
    }

    @Test func theMonthMustBeOver() {
        // CG 9.1, 9.2: « au cours du mois calendaire écoulé »; 31 March 23:00 in Guadeloupe is still March.
        #expect(throws: ContractError.self) {
            try F.liveboxFibre.qualityCompensation(.downlink(month: Self.march, belowMinimum: [Self.span("2026-03-12T18:00", "2026-03-12T23:00")]),
                                                   calendar: Self.calendar, claimedAt: Self.at("2026-03-31T23:00"), excluded: nil)
        }
    }

    @Test(arguments: [
        ("CG 13: reported Tuesday 1 September 09:00, 12 jours ouvrables end Tuesday 15 September 09:00: restored then, in time",
         "2026-09-01T09:00", "2026-09-15T09:00", "0.00"),
        ("CG 13: restored an hour later: the whole 337 h refunded, 54.90 × 1 213 200 / 2 592 000 = 25.696",
         "2026-09-01T09:00", "2026-09-15T10:00", "25.70"),
        ("CG 13: 23 September → 12 October (deadline 7 October): 183 h of September (/30 days) + 273 h of October (/31 days), 13.9538 + 20.1448",
         "2026-09-23T09:00", "2026-10-12T09:00", "34.10"),
    ])
    func restoration(item: String, reported: String, restored: String, owed: String) throws {
        let line = try F.liveboxFibre.qualityCompensation(.restoration(reportedAt: Self.at(reported), restoredAt: Self.at(restored), since: nil),
                                                          calendar: Self.calendar, claimedAt: Self.at("2026-10-20T12:00"), excluded: nil)
        #expect(line.amount == (try Money(owed)), "\(item)")
        #expect(line.explanation.source == "001 CG 13")
    }

    @Test func exclusionsAndOtherContracts() throws {
        // CG 9.1: « pas due dans les cas où la cause n'est pas imputable à Orange »; CG 9 and 13 are 001's.
        let excluded = try F.liveboxFibre.qualityCompensation(.availability(month: Self.march, outages: [Self.span("2026-03-03T10:00", "2026-03-05T10:00")]),
                                                              calendar: Self.calendar, claimedAt: Self.aprilFirst, excluded: "cyclone")
        #expect(excluded.amount == .zero && excluded.explanation.rule == "excluded: cyclone")
        #expect(throws: ContractError.self) {
            try F.mayotte24.qualityCompensation(.availability(month: Self.march, outages: [Self.span("2026-03-03T10:00", "2026-03-05T10:00")]),
                                                calendar: TestTerritories.calendar("YT"), claimedAt: Self.aprilFirst, excluded: nil)
        }
        // An interruption before the service began (activated 1 February 2026) is not the service's.
        #expect(throws: ContractError.self) {
            try F.liveboxFibre.qualityCompensation(.restoration(reportedAt: Self.at("2026-02-10T09:00"), restoredAt: Self.at("2026-03-10T09:00"),
                                                                since: Self.at("2026-01-25T09:00")),
                                                   calendar: Self.calendar, claimedAt: Self.aprilFirst, excluded: nil)
        }
    }
}
