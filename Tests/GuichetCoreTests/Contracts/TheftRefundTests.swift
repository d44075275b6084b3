import GuichetCore
import Testing

/// 003 CG 20: « au prorata de la durée de suspension dans la limite d'un mois et d'une fois par an »; « dans la limite de cinq
/// cents (500) euros par vol et par an ».
@Suite struct TheftRefundTests {
    typealias F = ContractFixtures

    static func theft(_ stolen: String, on day: String) throws -> Theft {
        Theft(stolenAt: try Instant(iso: stolen), policeReport: "PV", declaredOn: F.d(day), suspendedOn: F.d(day))
    }

    @Test func theSuspensionIsRefundedAMonthAtMostAndOnceAYear() throws {
        var c = F.active(.mobileMayotte, offering: "mayotte-forfait-24-mois", fee: F.quote("20.00"), months: 24, ordered: "2026-01-05",
                         activated: "2026-01-10", territory: "YT")
        try c.apply(.suspend, on: F.d("2026-05-13"))
        let first = try Self.theft("2026-05-12T20:00:00+03:00", on: "2026-05-13")
        try c.declareTheft(first)
        // Never resumed: 13–31 May, 20.00 × 19/31 = 12.26; 1–12 June (the month ends on the 12th), 20.00 × 12/30 = 8.00; July nothing.
        let may = try BillingPeriod("2026-05"), june = try BillingPeriod("2026-06"), july = try BillingPeriod("2026-07")
        #expect(try c.theftSuspensionCredits(in: may).map(\.unitPrice) == [Money(cents: -1_226)])
        #expect(try c.theftSuspensionCredits(in: june).map(\.unitPrice) == [Money(cents: -800)])
        #expect(try c.theftSuspensionCredits(in: july).isEmpty)
        // A second theft within the year: no fee back; its calls within what is left of the 500 €.
        let second = try Self.theft("2027-03-01T08:00:00+03:00", on: "2027-03-01")
        try c.declareTheft(second)
        #expect(c.theftsInTheYear(before: second) == [first])
        #expect(try c.theftSuspensionCredits(in: try BillingPeriod("2027-03")).isEmpty)
        #expect(c.fraudRefund(second, fraudulent: Money(cents: 12_000), cap: Money(cents: 50_000), earlier: Money(cents: 45_000)).amount == Money(cents: 5_000))
        #expect(c.fraudRefund(first, fraudulent: Money(cents: 62_000), cap: Money(cents: 50_000), earlier: .zero).amount == Money(cents: 50_000))
    }
}
