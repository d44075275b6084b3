import GuichetCore
import Testing

/// 001 CG 10.4, 003 CG 8 (D-BILL-16): an advance asked on an alert, paid or refused, set off against invoices up to what
/// is held, what is left paid back once.
@Suite struct ConsumptionAdvanceTests {
    typealias F = ContractFixtures
    static let basis = Explanation(rule: "out-of-bundle communications exceeded 100.00 € this period", source: "001 CG 10.4", inputs: [:], result: "")

    @Test(arguments: [
        // (steps after a request of 80.00 on 20 May, each "step day amount"; the advance after them, or the refusal's words)
        (["paid 2026-05-22", "setOff 2026-06-02 30.00", "setOff 2026-07-02 50.00"], "held 0.00 closed"),
        (["paid 2026-05-22", "setOff 2026-06-02 30.00", "refunded 2026-07-02"], "held 0.00 closed refunded 2026-07-02"),
        (["paid 2026-05-22", "setOff 2026-06-02 80.01"], "at most what is held, 80.00"),
        (["paid 2026-05-22", "setOff 2026-06-02 0.00"], "held 80.00 open"),
        (["refused 2026-05-21"], "held 0.00 closed"),
        (["refused 2026-05-21", "paid 2026-05-22"], "no advance is awaited or held"),
        (["paid 2026-05-19"], "is before the request, 2026-05-20"),
        (["setOff 2026-05-22 10.00"], "at most what is held, 0.00"),
    ])
    func stepsFollowTheArticle(_ steps: [String], _ expected: String) throws {
        var c = F.liveboxFibre
        try c.recordAdvance(.requested, on: F.d("2026-05-20"), amount: try Money("80.00"), basis: Self.basis)
        do {
            for s in steps {
                let p = s.split(separator: " ").map(String.init)
                try c.recordAdvance(ConsumptionAdvance.Step(rawValue: p[0])!, on: F.d(p[1]), amount: try p.count > 2 ? Money(p[2]) : nil)
            }
            let a = try #require(c.advance)
            #expect("held \(a.held) \(a.closed ? "closed" : "open")\(a.refundedOn.map { " refunded \($0)" } ?? "")" == expected)
        } catch let e as ContractError {
            #expect(e.description.contains(expected), "\(e)")
        }
    }

    @Test func aNewAdvanceWaitsForTheLastToCloseAndOnlyTheDocumentsThatSaySoAskOne() throws {
        var c = F.liveboxFibre
        let amount = try Money("80.00")
        #expect(throws: ContractError.self) { try c.recordAdvance(.requested, on: F.d("2026-05-20"), amount: amount) }
        try c.recordAdvance(.requested, on: F.d("2026-05-20"), amount: amount, basis: Self.basis)
        #expect(throws: ContractError.self) { try c.recordAdvance(.requested, on: F.d("2026-06-20"), amount: amount, basis: Self.basis) }
        try c.recordAdvance(.refused, on: F.d("2026-05-21"))
        try c.recordAdvance(.requested, on: F.d("2026-06-20"), amount: amount, basis: Self.basis)
        #expect(c.advance?.requestedOn == F.d("2026-06-20"))
        var w = F.workplace7
        #expect(throws: ContractError.self) { try w.recordAdvance(.requested, on: F.d("2026-05-20"), amount: amount, basis: Self.basis) }
    }
}
