import GuichetCore
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("49.90", 499_000, "49.90"),
        ("0.173", 1_730, "0.173"),   // 001 Annexe 4, DOM1 per-minute price
        ("-0.5", -5_000, "-0.50"),
        ("107,60", 1_076_000, "107.60"),
        ("3", 30_000, "3.00"),
    ])
    func parsesAndPrints(text: String, units: Int64, printed: String) throws {
        let m = try Money(text)
        #expect(m.units == units)
        #expect(m.description == printed)
    }

    @Test(arguments: ["", "abc", "1.2.3", "1.", "1.23456", "--1", "12345678901234567"])
    func refusesBadText(text: String) {
        #expect(throws: MoneyError.self) { try Money(text) }
    }

    @Test(arguments: [
        // value, rule, expected cents
        ("2.345", RoundingRule.halfUp, "2.35"),
        ("2.345", .halfEven, "2.34"),
        ("2.355", .halfEven, "2.36"),
        ("-2.345", .halfUp, "-2.35"),
        ("2.3449", .halfUp, "2.34"),
        ("2.341", .up, "2.35"),
        ("2.349", .down, "2.34"),
    ])
    func roundsToTheCent(value: String, rule: RoundingRule, expected: String) throws {
        #expect(try Money(value).rounded(rule) == Money(expected))
    }

    @Test func multipliesExactlyBeyondSixtyFourBits() throws {
        // 92 233 720 368 € × 10 000 overflows Int64 in the intermediate product; 128 bits hold it.
        let large = try Money("92233720368")
        #expect(large.multiplied(by: 10_000, dividedBy: 10_000, rounding: .halfUp) == large)
        // 12 minutes at 0.173 €/min (001 Annexe 4 M1, DOM1) = 2.076 €, 2.08 on the invoice.
        let call = try Money("0.173") * 12
        #expect(call == (try Money("2.076")))
        #expect(call.rounded(.halfUp) == (try Money("2.08")))
    }
}
