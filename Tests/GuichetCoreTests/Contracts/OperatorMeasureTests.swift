import GuichetCore
import Testing

@Suite struct OperatorMeasureTests {
    typealias F = ContractFixtures

    @Test func nonPaymentSchedules() {
        // 001 CG 17 / 18.2: invoice due 5 March 2026 → suspension from 15 March, termination from 4 April.
        #expect(F.liveboxFibre.nonPaymentSteps(due: F.d("2026-03-05")).map(\.from) == [F.d("2026-03-15"), F.d("2026-04-04")])
        // 003 CG 15 / 16.1: suspension once due and reminded (6 March), termination 15 days later (21 March).
        let mayotte = F.mayotte24.nonPaymentSteps(due: F.d("2026-03-05"))
        #expect(mayotte.map(\.from) == [F.d("2026-03-06"), F.d("2026-03-21")])
        #expect(mayotte.first?.billingContinues == true)
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
        // 001 CG 17: formal notice presented 22 May 2026, without effect for 5 days → from 27 May.
        #expect(F.liveboxFibre.misuseSuspension(noticeReceived: F.d("2026-05-22"), calendar: TestTerritories.calendar("GP"))?.from == F.d("2026-05-27"))
    }

    @Test func packCountNeverBelowTheInitialOrder() throws {
        // 004 §9.1 DUR-3 with 7 packs ordered.
        #expect(throws: ContractError.self) { try F.workplace7.checkPackCount(6) }
        try F.workplace7.checkPackCount(8)
    }

    @Test func workplaceCancellationBeforeActivation() throws {
        let pending = try Contract(id: "c", customerID: "cus", family: .workplace, offeringID: "wte-pack-calling", territoryID: "FR",
                                   monthlyFee: F.quote("12.00"), quantity: 7, engagementMonths: 36, orderedOn: F.d("2026-01-05"), distanceSale: false)
        // 004 gives no price for these fees: the quote says so instead of inventing one.
        #expect(throws: ContractError.self) { try pending.cancellationBeforeActivation(activationFee: nil, deploymentFee: nil) }
        let lines = try pending.cancellationBeforeActivation(activationFee: try Money("150.00"), deploymentFee: try Money("300.00"))
        #expect(lines.map(\.amount) == [try Money("150.00"), try Money("300.00")])
        #expect(lines.allSatisfy { $0.explanation.source == "004 §9.2 TER-4" })
        #expect(throws: ContractError.illegalTransition(action: .cancel, from: .active)) {
            try F.workplace7.cancellationBeforeActivation(activationFee: nil, deploymentFee: nil)
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

    @Test func securityDeposit() throws {
        let concluded = try Instant(iso: "2026-01-15T10:00:00-04:00")
        // 001 CG 3: asked within 48 hours of the contract.
        #expect(SecurityDeposit(reason: .noDirectDebit, contractConcludedAt: concluded).requestWindowEnd == (try Instant(iso: "2026-01-17T10:00:00-04:00")))
        // D1: refunded at the latest one month after the proof of address.
        #expect(SecurityDeposit(reason: .noProofOfAddress, contractConcludedAt: concluded)
            .refundDue(proofReceived: F.d("2026-03-10"), depositPaidOn: F.d("2026-01-16"))?.date == F.d("2026-04-10"))
        // D5: on request after 12 months without incident, within 10 days.
        let d5 = SecurityDeposit(reason: .noDirectDebit, contractConcludedAt: concluded)
        #expect(d5.refundDue(requestedOn: F.d("2027-01-20"), depositPaidOn: F.d("2026-01-16"))?.date == F.d("2027-01-30"))
        #expect(d5.refundDue(requestedOn: F.d("2026-12-01"), depositPaidOn: F.d("2026-01-16")) == nil)
        #expect(d5.refundDue(requestedOn: F.d("2027-01-20"), depositPaidOn: F.d("2026-01-16"), lastPaymentIncident: F.d("2026-06-01")) == nil)
    }
}
