import GuichetCore
import Testing

/// 001 Annexe 5, 003 CS paiement (D-BILL-17): the payment of merchants, off and on, and a subscription's terms.
@Suite struct ThirdPartyPaymentTests {
    typealias F = ContractFixtures

    @Test(arguments: [
        // (term, started on, the first day of the next term)
        (nil, 1, "2026-01-31", "2026-02-28"),   // a month from 31 January: the end of February
        (1, nil, "2026-05-05", "2026-05-12"),
        (2, nil, "2026-12-28", "2027-01-11"),
    ] as [(Int?, Int?, String, String)])
    func aTermEndsAfterItsWeeksOrMonths(_ weeks: Int?, _ months: Int?, _ start: String, _ end: String) {
        #expect(MerchantSubscription(id: "s", merchant: "m", label: "l", price: Money(cents: 100), weeks: weeks, months: months, startedOn: F.d(start)).termEnd == F.d(end))
    }

    /// 001 A5 7.3: « les désactivations effectuées dans le cadre de son ancienne Offre ne se reportent pas automatiquement
    /// sur sa nouvelle Offre »; Orange's withdrawal for a breach stays.
    @Test func aChangeOfOfferTurnsTheSubscribersDeactivationBackOn() throws {
        var c = ContractOptionTests.infini()
        try c.recordPaymentSolution(.deactivated, on: F.d("2026-03-01"))
        #expect(throws: ContractError.self) { try c.thirdPartyPaymentsAllowed(on: F.d("2026-03-02")) }
        try c.changeOffer(OfferChange(on: F.d("2026-06-01"), from: "livebox-infini-fibre", to: "livebox-essentiel-fibre", fee: nil,
                                      explanation: Explanation(rule: "test", source: "001 CG 12", inputs: [:], result: "")))
        try c.thirdPartyPaymentsAllowed(on: F.d("2026-06-01"))
        try c.recordPaymentSolution(.deprived, on: F.d("2026-06-02"))
        #expect(throws: ContractError.self) { try c.thirdPartyPaymentsAllowed(on: F.d("2026-06-02")) }
        // Workplace pays no merchants; a contract not yet active neither.
        #expect(throws: ContractError.self) { try F.workplace7.thirdPartyPaymentsAllowed(on: F.d("2026-06-02")) }
    }
}
