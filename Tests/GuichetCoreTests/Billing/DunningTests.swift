import GuichetCore
import GuichetData
import Testing

/// 001 CG 10.2 surcharge and the dunning steps of 001 CG 17 / 18.2 (the contract's own non-payment
/// schedule), hand-computed with a legal interest rate of 4.00 % (the spec's illustration; the
/// shipped rate is a SAMPLE).
@Suite struct DunningTests {
    static let livebox = try! ReferenceData.dunning().policies.first { $0.family == .livebox }!
    static let rates = [LegalInterestRate(from: try! LocalDate(iso: "2026-01-01"), rate: try! VATRate(percent: "4"), sample: false, source: "test")]
    static func day(_ s: String) -> LocalDate { try! LocalDate(iso: s) }
    static let steps = ContractFixtures.liveboxFibre.nonPaymentSteps(due: day("2026-06-16"))

    struct Case: Sendable, CustomTestStringConvertible {
        let on: String, notice: String?, steps: [DunningStep], penalty: String
        var testDescription: String { "\(on) notice \(notice ?? "none")" }
    }

    // Due 16 June 2026, 50.60 € HT unpaid (54.90 TTC in DOM1). Each "sans effet" trigger: day N nothing, day N + 1 it acts
    // (D-CAL-6: the day of the event is never counted).
    static let cases: [Case] = [
        Case(on: "2026-06-16", notice: nil, steps: [], penalty: "0"),
        Case(on: "2026-06-17", notice: nil, steps: [.reminder], penalty: "0"),
        // D+10: the formal notice (dunning.json, SAMPLE day); still within the 10 days of 001 CG 17, no suspension yet.
        Case(on: "2026-06-26", notice: nil, steps: [.reminder, .formalNotice], penalty: "0"),
        // D+11: unpaid through the 10 days after the due date: suspension (001 CG 17); no surcharge without a notice.
        Case(on: "2026-06-27", notice: nil, steps: [.reminder, .formalNotice, .suspension], penalty: "0"),
        // Notice received 26 June: 8 days without effect are 27 June to 4 July (001 CG 10.2): nothing on the 4th…
        Case(on: "2026-07-04", notice: "2026-06-26", steps: [.reminder, .formalNotice, .suspension], penalty: "0"),
        // …the surcharge from 5 July: 19 days late, 2 started periods: 50.60 × 3 × 4 % × 15/365 × 2 = 0.4990 → 0.50.
        Case(on: "2026-07-05", notice: "2026-06-26", steps: [.reminder, .formalNotice, .suspension], penalty: "0.50"),
        // 16 July, D+30: still within the 30 days of 001 CG 18.2; 30 days late = 2 periods still.
        Case(on: "2026-07-16", notice: "2026-06-26", steps: [.reminder, .formalNotice, .suspension], penalty: "0.50"),
        // 17 July, D+31: termination; 31 days, 3 periods: 0.7486 → 0.75.
        Case(on: "2026-07-17", notice: "2026-06-26", steps: [.reminder, .formalNotice, .suspension, .termination], penalty: "0.75"),
        // Without a notice received, no termination however late.
        Case(on: "2026-08-30", notice: nil, steps: [.reminder, .formalNotice, .suspension], penalty: "0"),
    ]

    @Test(arguments: cases)
    func stepsAndSurcharge(_ c: Case) throws {
        let s = DunningStatus.evaluate(dueDate: Self.day("2026-06-16"), issueDate: Self.day("2026-06-01"), remainingHT: try Money("50.60"),
                                       noticeReceivedOn: c.notice.map(Self.day), on: Self.day(c.on), policy: Self.livebox,
                                       contractSteps: Self.steps, legalRates: Self.rates)
        #expect(s.due.map(\.step) == c.steps)
        #expect(s.penalty == (try Money(c.penalty)))
        if s.penalty > .zero { #expect(s.penaltyExplanation?.source.hasPrefix("001 CG 10.2") == true) }
    }

    @Test func nothingIsDueOncePaid() {
        let s = DunningStatus.evaluate(dueDate: Self.day("2026-06-16"), issueDate: Self.day("2026-06-01"), remainingHT: .zero,
                                       noticeReceivedOn: Self.day("2026-06-20"), on: Self.day("2026-09-01"), policy: Self.livebox,
                                       contractSteps: Self.steps, legalRates: Self.rates)
        #expect(s.due.isEmpty && s.penalty == .zero)
    }

    @Test func theRateInForceOnTheInvoiceDate() throws {
        let rates = [LegalInterestRate(from: Self.day("2026-01-01"), rate: try VATRate(percent: "4"), sample: false, source: "a"),
                     LegalInterestRate(from: Self.day("2026-07-01"), rate: try VATRate(percent: "5"), sample: false, source: "b")]
        #expect(LegalInterestRate.inForce(on: Self.day("2026-06-30"), in: rates)?.source == "a")
        #expect(LegalInterestRate.inForce(on: Self.day("2026-07-01"), in: rates)?.source == "b")
        #expect(LegalInterestRate.inForce(on: Self.day("2025-12-31"), in: rates) == nil)
    }
}
