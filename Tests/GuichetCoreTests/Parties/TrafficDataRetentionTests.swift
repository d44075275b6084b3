import GuichetCore
import Testing

/// CPCE L34-1 II, L34-2 (003 CG 7.1): a month's traffic data is kept one year after its invoice fell due
/// — issued the day after the month, due within the next — so month P goes on the first day of P + 14 (D-PRIV-2).
@Suite struct TrafficDataRetentionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let on: String, firstKept: String
        var testDescription: String { "\(on) → \(firstKept)" }
    }

    static let cases: [Case] = [
        Case(on: "2026-07-01", firstKept: "2025-06"),  // May 2025: invoiced 1 June, due by 1 July 2025, claims end 1 July 2026
        Case(on: "2026-06-30", firstKept: "2025-05"),
        Case(on: "2026-01-15", firstKept: "2024-12"),
        Case(on: "2027-02-28", firstKept: "2026-01"),
        Case(on: "2000-06-01", firstKept: "2000-01"),  // nothing before billing periods begin
        Case(on: "0001-01-01", firstKept: "2000-01"),
    ]

    @Test(arguments: cases)
    func firstKeptMonth(_ c: Case) throws {
        let (period, why) = TrafficDataRetention.firstKeptPeriod(on: try LocalDate(iso: c.on))
        #expect(period.description == c.firstKept)
        #expect(why.source.contains("L34-1") && why.result == "months before \(c.firstKept) purged")
    }
}
