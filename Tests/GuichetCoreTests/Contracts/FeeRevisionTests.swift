import GuichetCore
import Testing

/// 004 §15.1: "chaque premier jour du mois de la date anniversaire de signature du bon de commande de chaque module".
@Suite struct FeeRevisionTests {
    typealias F = ContractFixtures

    static func workplace(signed: String) -> Contract {
        F.active(.workplace, offering: "wte-pack-calling", fee: F.catalogQuote("wte-pack-calling-monthly", on: signed), months: 36, ordered: signed,
                 activated: signed, territory: "FR", distance: false)
    }

    @Test(arguments: [
        // Signed mid-month: the first day of the anniversary month, before the anniversary itself (spec WTE §16.1).
        ("2025-03-15", "2025-03-15", "2026-03-01"),
        ("2025-03-15", "2026-03-01", "2026-03-01"),
        ("2025-03-15", "2026-03-02", "2027-03-01"),
        // Signed on a 1st: never on the signature day itself.
        ("2025-03-01", "2025-03-01", "2026-03-01"),
        // Signed on 29 February: its anniversary month is February.
        ("2024-02-29", "2024-02-29", "2025-02-01"),
        ("2024-02-29", "2027-06-30", "2028-02-01"),
    ])
    func aModuleIsRevisedOnTheFirstOfItsAnniversaryMonth(signed: String, onOrAfter: String, expected: String) {
        #expect(Self.workplace(signed: signed).revisionDay(onOrAfter: F.d(onOrAfter)) == F.d(expected))
    }

    @Test func onlyWorkplaceModulesBilledMonthlyAreRevised() throws {
        #expect(F.liveboxFibre.revisionDay(onOrAfter: F.d("2026-01-20")) == nil)
        let bought = try Contract(id: "ctr_eq", customerID: "cus_test", family: .workplace, offeringID: "wte-telephone-ip", territoryID: "FR",
                                  monthlyFee: nil, engagementMonths: 0, orderedOn: F.d("2025-03-15"), distanceSale: false,
                                  purchasePrice: F.catalogQuote("wte-telephone-ip-price", on: "2025-03-15"))
        #expect(bought.revisionDay(onOrAfter: F.d("2025-03-15")) == nil)
    }

    /// The fee in force is the order's until the first revision, then each revision's from its day; none comes before another.
    @Test func theFeeInForceIsTheLastRevisionByThatDay() throws {
        var c = Self.workplace(signed: "2025-03-15")
        let why = Explanation(rule: "test", source: "004 §15.1", result: "")
        try c.revise(FeeRevision(on: F.d("2026-03-01"), amount: try Money("11.91"), explanation: why))
        try c.revise(FeeRevision(on: F.d("2027-03-01"), amount: try Money("12.09"), explanation: why))
        #expect([("2026-02-28", "12.00"), ("2026-03-01", "11.91"), ("2027-02-28", "11.91"), ("2027-03-01", "12.09")].allSatisfy { day, amount in
            c.fee(on: F.d(day))?.amount.description == amount
        })
        #expect(c.fee(on: F.d("2026-03-01"))?.source.hasSuffix("004 §15.1 revision on 2026-03-01") == true)
        #expect(throws: ContractError.self) { try c.revise(FeeRevision(on: F.d("2027-03-01"), amount: try Money("13.00"), explanation: why)) }
    }

    /// 004 §9.2 TER-2 counts the sums remaining due at the fee in force when the request is received.
    @Test func aTerminationQuoteCountsTheRevisedFee() throws {
        var c = Self.workplace(signed: "2025-03-15")
        try c.revise(FeeRevision(on: F.d("2026-03-01"), amount: try Money("11.91"), explanation: Explanation(rule: "test", source: "004 §15.1", result: "")))
        // Received 1 June 2026, effective 90 days later (30 August), 17 whole months after signature: (36 − 17) × 11.91 = 226.29.
        let quote = try c.terminationQuote(TerminationRequest(receivedOn: F.d("2026-06-01")), fees: F.fees)
        #expect(quote.effectiveOn == F.d("2026-08-30"))
        #expect(quote.lines.map(\.amount.description) == ["226.29"])
    }
}
