import GuichetCore
import Testing

@Suite struct OperatorMeasureTests {
    typealias F = ContractFixtures

    @Test func nonPaymentSchedules() {
        // 001 CG 17 / 18.2: invoice due 5 March 2026; the 10 days after it are 6 to 15 March → suspension from 16 March; the
        // 30 days, 6 March to 4 April → termination from 5 April.
        #expect(F.liveboxFibre.nonPaymentSteps(due: F.d("2026-03-05")).map(\.from) == [F.d("2026-03-16"), F.d("2026-04-05")])
        // 003 CG 15 / 16.1: suspension once due and reminded (6 March); suspended that day, termination 15 days later (21 March),
        // none before the suspension is made.
        #expect(F.mayotte24.nonPaymentSteps(due: F.d("2026-03-05")).map(\.from) == [F.d("2026-03-06")])
        let mayotte = F.mayotte24.nonPaymentSteps(due: F.d("2026-03-05"), suspendedOn: F.d("2026-03-06"))
        #expect(mayotte.map(\.from) == [F.d("2026-03-06"), F.d("2026-03-21")])
        #expect(mayotte.first?.billingContinues == true)
        // A run that suspended late, on 18 March: the termination 15 days after that suspension, 2 April.
        #expect(F.mayotte24.nonPaymentSteps(due: F.d("2026-03-05"), suspendedOn: F.d("2026-03-18")).map(\.from) == [F.d("2026-03-06"), F.d("2026-04-02")])
    }

    @Test(arguments: [
        // 004 §7.2: 2 jours ouvrés after Friday 22 May 2026 — Whit Monday skipped — Tue 26, Wed 27 → suspension from Thu 28.
        ("2026-05-22", nil, "2026-05-28"),
        // The held-mail notice deposited the day before counts first: Fri 22, Tue 26 → from Wed 27.
        ("2026-05-22", "2026-05-21", "2026-05-27"),
    ] as [(String, String?, String)])
    func workplaceMisuseSuspension(received: String, held: String?, from: String) throws {
        let step = try #require(F.workplace7.misuseSuspension(noticeReceived: F.d(received), heldMailNoticeDeposited: held.map(F.d),
                                                              calendar: TestTerritories.calendar("FR")))
        #expect(step.from == F.d(from))
        #expect(step.billingContinues)   // FU-5
    }

    @Test func liveboxMisuseSuspension() {
        // 001 CG 17: formal notice presented 22 May 2026, "restée sans effet pendant un délai de cinq (5) jours" — 23 to 27
        // May — the suspension may come from the day after, 28 May (audit 001 row 66).
        #expect(F.liveboxFibre.misuseSuspension(noticeReceived: F.d("2026-05-22"), calendar: TestTerritories.calendar("GP"))?.from == F.d("2026-05-28"))
    }

    struct CancellationCase: Sendable, CustomTestStringConvertible {
        let name: String, sites: Int, fee: String?, requested: String?, lines: [String], effective: String
        var testDescription: String { name }
    }

    /// 004 §9.2 TER-4 (D-RUN-27): 7 packs ordered on 5 January, not in service, cancelled on 20 January; the deployment fee per
    /// site is the catalog's SAMPLE 150.00, and nothing of the engagement (TER-2 applied before: audit 004 row 77).
    static let cancellations: [CancellationCase] = [
        CancellationCase(name: "two sites to deploy", sites: 2, fee: "150.00", requested: nil, lines: ["300.00"], effective: "2026-01-20"),
        CancellationCase(name: "a réassort, sites deployed", sites: 0, fee: "150.00", requested: nil, lines: [], effective: "2026-01-20"),
        CancellationCase(name: "on a later day asked", sites: 1, fee: "150.00", requested: "2026-01-31", lines: ["150.00"], effective: "2026-01-31"),
    ]

    /// 7 packs ordered on 5 January 2026, not in service.
    static let pendingWorkplace = try! Contract(id: "c", customerID: "cus", family: .workplace, offeringID: "wte-pack-calling", territoryID: "FR",
                                                monthlyFee: F.quote("12.00"), quantity: 7, engagementMonths: 36, orderedOn: F.d("2026-01-05"),
                                                distanceSale: false)

    @Test(arguments: cancellations)
    func workplaceCancellationBeforeActivation(_ c: CancellationCase) throws {
        let fees = TerminationFees(liveboxTerminationFee: nil, siteDeploymentFee: try c.fee.map { try Money($0) }, sitesToDeploy: c.sites)
        let quote = try Self.pendingWorkplace.terminationQuote(TerminationRequest(receivedOn: F.d("2026-01-20"), requestedEffectiveOn: c.requested.map(F.d)), fees: fees)
        #expect(quote.lines.map(\.amount.description) == c.lines)
        #expect(quote.lines.allSatisfy { $0.explanation.source.hasPrefix("004 §9.2 TER-4") })
        #expect(quote.effectiveOn == F.d(c.effective))
    }

    @Test func workplaceCancellationNeedsTheDeploymentFee() throws {
        // 004 gives no price for it: the quote says so instead of inventing one.
        #expect(throws: ContractError.self) {
            try Self.pendingWorkplace.terminationQuote(TerminationRequest(receivedOn: F.d("2026-01-20")), fees: TerminationFees(liveboxTerminationFee: nil, sitesToDeploy: 1))
        }
    }

    @Test func assistanceWithdrawalIsWaivedByConsentingToExecution() throws {
        // 000 art. 10: accepted Tuesday 17 November 2026, 7 jours francs → last day Wednesday 25.
        let c = try Contract(id: "c", customerID: "cus", family: .assistance, offeringID: "forfait-f01", territoryID: "FR", monthlyFee: nil,
                             engagementMonths: 0, orderedOn: F.d("2026-11-17"), distanceSale: true)
        let cal = TestTerritories.calendar("FR")
        try c.mayWithdraw(on: F.d("2026-11-20"), executionConsentedOn: nil, calendar: cal)
        #expect(throws: ContractError.self) { try c.mayWithdraw(on: F.d("2026-11-20"), executionConsentedOn: F.d("2026-11-18"), calendar: cal) }
        #expect(throws: ContractError.outsideWithdrawalPeriod(lastDay: F.d("2026-11-25"))) {
            try c.mayWithdraw(on: F.d("2026-11-26"), executionConsentedOn: nil, calendar: cal)
        }
    }

    @Test func equipmentReturnAndNonReturnFees() throws {
        // 001 CG 2: 14 days after a withdrawal; CG 6.3: one month after a termination.
        #expect(EquipmentReturn(items: [.box], trigger: F.d("2026-05-10"), afterWithdrawal: true).dueBy.date == F.d("2026-05-24"))
        let termination = EquipmentReturn(items: [.box, .box, .decoder], trigger: F.d("2026-06-01"), afterWithdrawal: false)
        #expect(termination.dueBy.date == F.d("2026-07-01"))
        // Catalog amounts: 100 € per box item, 200 € per decoder; notice presented 6 July, without effect 7 days (7 to 13 July) → due from 14 July.
        let prices = ShippedCatalogs.set.prices
        let fees = termination.nonReturnFees(noticePresented: F.d("2026-07-06"),
                                             box: prices.price("non-restitution-livebox", on: F.d("2026-07-06"))!.amount!,
                                             decoder: prices.price("non-restitution-decodeur", on: F.d("2026-07-06"))!.amount!)
        #expect(fees.from == F.d("2026-07-14"))
        #expect(fees.line.amount == (try Money("400.00")))
    }

    /// 001 CG 3 (Livebox ordered 20 January 2026) and 003 CG 9 (Mayotte ordered 5 January 2026): when a deposit may be
    /// asked, and when it comes back.
    @Test(arguments: [
        // Asked within 48 hours of the conclusion: the order day and the two after it.
        ("001", "2026-01-22", SecurityDeposit.Case.noDirectDebit, nil, nil, nil, nil as String?),
        // D1: the proof of address on 10 March → refunded at once, at the latest on 10 April.
        ("001", "2026-01-21", .noProofOfAddress, "2026-03-10", nil, nil, "2026-03-10 refund due by 2026-04-10"),
        // D5: asked back 21 January 2027, 12 months after the payment with no incident → within 10 days, by 31 January.
        ("001", "2026-01-21", .noDirectDebit, nil, "2027-01-21", nil, "2027-01-21 refund due by 2027-01-31"),
        // …not before the 12 months; nor within 12 months of a payment incident (a reminder on 1 June 2026).
        ("001", "2026-01-21", .noDirectDebit, nil, "2026-12-01", nil, nil),
        ("001", "2026-01-21", .noDirectDebit, nil, "2027-01-21", "2026-06-01", nil),
        // 003 CG 9.1: "dans un délai de dix jours suivant l'expiration" of the 12 months, asked back after it on 1 February 2027 → by 11 February.
        ("003", "2026-01-06", .preventel, nil, "2027-02-01", nil, "2027-02-01 refund due by 2027-02-11"),
    ] as [(String, String, SecurityDeposit.Case, String?, String?, String?, String?)])
    func securityDeposit(document: String, asked: String, reason: SecurityDeposit.Case, proof: String?, request: String?, incident: String?,
                         due: String?) throws {
        var c = document == "001" ? F.liveboxFibre : F.mayotte24
        try c.recordDeposit(.requested, on: F.d(asked), reason: reason, amount: try Money("150.00"))
        try c.recordDeposit(.paid, on: F.d(asked))
        if let proof { try c.recordDeposit(.proofReceived, on: F.d(proof)) }
        if let request { try c.recordDeposit(.refundRequested, on: F.d(request)) }
        let refund = c.depositRefundDue(lastPaymentIncident: incident.map(F.d))
        #expect(refund.map { "\($0.on) \($0.explanation.result)" } == due)
        #expect(refund.map { $0.explanation.source } ?? c.family.terms.depositArticle == (document == "001" ? "001 CG 3" : "003 CG 9"))
    }

    @Test func aDepositIsAskedInTheDocumentsCasesWithin48HoursAndPaidThatDay() throws {
        var c = F.liveboxFibre
        #expect(throws: ContractError.self) { try c.recordDeposit(.requested, on: F.d("2026-01-23"), reason: .noDirectDebit, amount: try Money("150.00")) }
        // PREVENTEL is 003's case, not 001's.
        #expect(throws: ContractError.self) { try c.recordDeposit(.requested, on: F.d("2026-01-21"), reason: .preventel, amount: try Money("150.00")) }
        try c.recordDeposit(.requested, on: F.d("2026-01-21"), reason: .noDirectDebit, amount: try Money("150.00"))
        #expect(throws: ContractError.self) { try c.recordDeposit(.paid, on: F.d("2026-01-22")) }
        #expect(throws: ContractError.self) { try c.recordDeposit(.proofReceived, on: F.d("2026-01-22")) }
        try c.recordDeposit(.paid, on: F.d("2026-01-21"))
        // The refund at the end: 10 days after it; a Workplace contract asks for none.
        #expect(c.depositRefundAtEnd(on: F.d("2026-06-30"))?.on == F.d("2026-07-10"))
        var w = F.workplace7
        #expect(throws: ContractError.self) { try w.recordDeposit(.requested, on: F.d("2026-01-05"), reason: .noDirectDebit, amount: try Money("150.00")) }
    }
}
