import GuichetCore
import GuichetData
import Testing

/// 004 §2.6.1 pooled minutes, 003 CS-FB 3 capped credit, folded per account and month.
@Suite struct AllowanceTests {
    static let rater = RaterTests.rater
    static let day = try! LocalDate(iso: "2026-05-04")

    static func rated(_ id: String, line: String, _ called: String, _ seconds: Int, at iso: String, offering: String, zone: String,
                      mobile: Bool? = nil, kind: UsageKind = .voice) throws -> RatedUsage {
        try rater.rate(UsageRecord(id: id, line: line, kind: kind, called: called, start: try Instant(iso: iso), quantity: seconds, calledLineIsMobile: mobile),
                       offering: offering, zone: zone, on: day)
    }

    @Test func aSitePoolOfFiveUsersRunsOutMidCall() {
        var pool = AllowancePool(minutesPerUser: 500, activeUsers: 5)
        #expect(pool.totalSeconds == 150_000)
        #expect(pool.draw(149_940) == (149_940, 0))          // 2 499 minutes used
        #expect(pool.draw(180) == (60, 120))                 // the last minute, then 2 minutes of overage
        #expect(pool.draw(30) == (0, 30))
        #expect(pool.remainingSeconds == 0)
    }

    @Test func aWTESiteExhaustsItsPoolMidMonthThenPaysOverage() throws {
        // 5 users on site "fdf" (wte-pack-calling, FR zone): 5 × 500 = 2 500 minutes = 150 000 s.
        let users = (1...5).map { ServiceLine(number: "+59659600000\($0)", customerID: "c1", contractID: "k1", offeringID: "wte-pack-calling", territoryID: "MQ", site: "fdf") }
        var records: [RatedUsage] = []
        // 49 calls of 50 minutes to French fixed numbers between 1 and 20 May: 147 000 s from the pool.
        for i in 0..<49 {
            records.append(try Self.rated("c\(i)", line: users[i % 5].number, "+33145000000", 3_000, at: "2026-05-\(String(format: "%02d", 1 + i % 20))T09:00:00-04:00",
                                          offering: "wte-pack-calling", zone: "FR"))
        }
        // 21 May, 60 minutes: the last 3 000 s of the pool, then 600 s of overage at the SAMPLE 0.02 €/min = 0.20.
        records.append(try Self.rated("d1", line: users[0].number, "+33145000001", 3_600, at: "2026-05-21T09:00:00-04:00", offering: "wte-pack-calling", zone: "FR"))
        // 22 May: a French mobile, 120 s, all overage: 0.05 × 2 = 0.10; a US number, 60 s: 0.15; 112: free.
        records.append(try Self.rated("d2", line: users[1].number, "0612345678", 120, at: "2026-05-22T09:00:00-04:00", offering: "wte-pack-calling", zone: "FR"))
        records.append(try Self.rated("d3", line: users[2].number, "+12125550100", 60, at: "2026-05-22T10:00:00-04:00", offering: "wte-pack-calling", zone: "FR"))
        records.append(try Self.rated("d4", line: users[3].number, "112", 600, at: "2026-05-22T11:00:00-04:00", offering: "wte-pack-calling", zone: "FR"))
        // Arrival order does not matter: the fold sorts by start then id.
        let summary = ConsumptionSummary(customerID: "c1", period: "2026-05", lines: users, allowances: ShippedCatalogs.set.allowances,
                                         records: records.reversed())
        let site = try #require(summary.sites.first)
        #expect(site.users == 5)
        #expect(site.allowanceSeconds == 150_000)
        #expect(site.pooledSeconds == 150_000)
        #expect(site.remainingSeconds == 0)
        #expect(site.overageSeconds == 600 + 120 + 60)
        #expect(site.overageAmount == (try Money("0.45")))
        #expect(summary.outOfBundle == (try Money("0.45")))
        #expect(summary.destinations.map(\.destination) == ["WTE-S-INT-FIXE", "WTE-S-NAT-FIXE", "WTE-S-NAT-MOBILE"])
        #expect(summary.lines.first { $0.line == users[0].number }?.outOfBundle == (try Money("0.20")))
    }

    @Test func cappedCreditCarriesOverOnceOnly() throws {
        let fifteen = try Money("15.00")
        // Month 1: 5 € spent of 15 → 10 € unused, carried into month 2.
        var m1 = CappedCredit(monthly: fifteen, previousMonthUnused: .zero)
        #expect(m1.debit(try Money("5.00")) == .zero)
        #expect(m1.monthlyLeft == (try Money("10.00")))
        // Month 2: 20 € spent: the month's 15 first, then 5 of the 10 carried; the 5 carried left expire.
        var m2 = CappedCredit(monthly: fifteen, previousMonthUnused: m1.monthlyLeft)
        #expect(m2.balance == (try Money("25.00")))
        #expect(m2.debit(try Money("20.00")) == .zero)
        #expect(m2.monthlyLeft == .zero)
        #expect(m2.carriedLeft == (try Money("5.00")))
        // Month 3 inherits only month 2's unused monthly credit (0), not its leftover carry.
        var m3 = CappedCredit(monthly: fifteen, previousMonthUnused: m2.monthlyLeft, recharge: try Money("5.00"))
        #expect(m3.balance == (try Money("20.00")))
        #expect(m3.debit(try Money("22.00")) == (try Money("2.00")))   // credit, then top-up; 2 € not covered
        // The carry-over is capped at the monthly forfait (after a change to a smaller plan).
        #expect(CappedCredit(monthly: fifteen, previousMonthUnused: try Money("18.00")).carriedLeft == fifteen)
    }

    @Test func aCappedLineSpendsItsCreditAndIsNeverBilledBeyondIt() throws {
        // Forfait bloqué, SAMPLE 15 € credit and 0.30 €/min nationally: 40 min = 12.00; then 20 min = 6.00 (3 € from the carry).
        let line = ServiceLine(number: "+262639000001", customerID: "c2", contractID: "k2", offeringID: "mayotte-forfait-bloque", territoryID: "YT", site: nil)
        let records = [try Self.rated("b1", line: line.number, "0269612345", 2_400, at: "2026-05-02T10:00:00+03:00", offering: "mayotte-forfait-bloque", zone: "YT"),
                       try Self.rated("b2", line: line.number, "0639001234", 1_200, at: "2026-05-03T10:00:00+03:00", offering: "mayotte-forfait-bloque", zone: "YT")]
        #expect(records.map(\.amount) == [try Money("12.00"), try Money("6.00")])
        let credit = CappedCredit(monthly: try Money("15.00"), previousMonthUnused: try Money("4.00"))
        let summary = ConsumptionSummary(customerID: "c2", period: "2026-05", lines: [line], allowances: [], credits: [line.number: credit], records: records)
        let totals = try #require(summary.lines.first)
        #expect(totals.outOfBundle == .zero)
        #expect(totals.credit?.monthlyLeft == .zero)
        #expect(totals.credit?.carriedLeft == (try Money("1.00")))
        #expect(totals.credit?.uncovered == .zero)
    }
}
