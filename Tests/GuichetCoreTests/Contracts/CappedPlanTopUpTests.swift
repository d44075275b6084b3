import GuichetCore
import Testing

/// 003 CS-FB 3 and 6: a top-up counts from its instant, after the month's and the carried credit; leaving the capped plans
/// loses it, and coming back does not bring it back.
@Suite struct CappedPlanTopUpTests {
    typealias F = ContractFixtures

    static func topUp(_ id: String, _ amount: String, at iso: String) throws -> TopUp {
        let at = try Instant(iso: iso)
        return TopUp(id: id, amount: try Money(amount), channel: .voucher, at: at, on: try LocalDate(iso: String(iso.prefix(10))))
    }

    @Test func aTopUpCoversOnlyWhatIsSpentAfterIt() throws {
        // SAMPLE 15 € credit, 0.30 €/min to a fixed line in Mayotte: 60 min on 2 May = 18.00, 3 € of it uncovered (the network
        // should have cut the call); the 10 € voucher of 3 May pays 20 min (6.00) on 4 May and leaves 4.00.
        let line = ServiceLine(number: "+262639000001", customerID: "c2", contractID: "k2", offeringID: "mayotte-forfait-bloque", territoryID: "YT", site: nil)
        let records = [try AllowanceTests.rated("b1", line: line.number, "0269612345", 3_600, at: "2026-05-02T10:00:00+03:00", offering: "mayotte-forfait-bloque", zone: "YT"),
                       try AllowanceTests.rated("b2", line: line.number, "0269612345", 1_200, at: "2026-05-04T10:00:00+03:00", offering: "mayotte-forfait-bloque", zone: "YT")]
        let summary = ConsumptionSummary(customerID: "c2", period: "2026-05", lines: [line], allowances: [],
                                         credits: [line.number: CappedCredit(monthly: try Money("15.00"), previousMonthUnused: .zero)],
                                         topUps: [line.number: [try Self.topUp("v1", "10.00", at: "2026-05-03T08:00:00+03:00")]], records: records)
        let credit = try #require(summary.lines.first?.credit)
        #expect(credit.uncovered == Money(cents: 300))
        #expect(credit.rechargeLeft == Money(cents: 400) && credit.balance == Money(cents: 400))
        #expect(summary.lines.first?.outOfBundle == .zero)
    }

    @Test func leavingTheCappedPlansLosesTheTopUps() throws {
        var c = F.active(.mobileMayotte, offering: "mayotte-forfait-bloque", fee: F.quote("15.00"), months: 12, ordered: "2026-01-05",
                         activated: "2026-01-10", territory: "YT")
        try c.recordTopUp(try Self.topUp("v1", "10.00", at: "2026-02-03T08:00:00+03:00"))
        #expect(c.countingTopUps.map(\.id) == ["v1"])
        #expect(throws: ContractError.self) { try c.recordTopUp(try Self.topUp("v1", "10.00", at: "2026-02-04T08:00:00+03:00")) }
        let change = { (on: String, from: String, to: String) in
            OfferChange(on: F.d(on), from: from, to: to, fee: F.quote("15.00"), explanation: Explanation(rule: "test", source: "003 CS-FB 6", result: ""))
        }
        try c.changeOffer(change("2026-03-01", "mayotte-forfait-bloque", "mayotte-forfait-sans-engagement"))
        #expect(c.countingTopUps.isEmpty)
        #expect(throws: ContractError.self) { try c.recordTopUp(try Self.topUp("v2", "5.00", at: "2026-03-02T08:00:00+03:00")) }
        try c.changeOffer(change("2026-04-01", "mayotte-forfait-sans-engagement", "mayotte-forfait-bloque"))
        try c.recordTopUp(try Self.topUp("v3", "5.00", at: "2026-04-01T08:00:00+03:00"))
        #expect(c.countingTopUps.map(\.id) == ["v3"])
    }
}
