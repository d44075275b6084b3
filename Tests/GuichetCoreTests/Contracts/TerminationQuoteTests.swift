import GuichetCore
import Testing

/// Hand-computed termination quotes; each case cites the article whose rule it checks.
@Suite struct TerminationQuoteTests {
    typealias F = ContractFixtures

    // 003 CG 16.2.1 (C. conso L224-28): N = 24, F = 30.00, activated 2026-01-10; the request arrives
    // 10 days before the effective date, so m = the month number. The days of the month in progress up to the effective
    // day (from the 10th) are billed by the invoices and taken off, at the share that month is owed (D-RUN-10).
    @Test(arguments: [
        ("month 3: 9 × 30 − 1 day of April (1.00) + ¼ × 30 × 12", "2026-03-31", "2026-04-10", "359.00"),
        ("month 5 (spec example): 7 × 30 − 30/30 + 90", "2026-05-31", "2026-06-10", "299.00"),
        ("month 11: 1 × 30 − 30/31 (0.97) + 90", "2026-11-30", "2026-12-10", "119.03"),
        ("month 12: ¼ × 30 × 12 − ¼ × 0.97 (0.24)", "2026-12-31", "2027-01-10", "89.76"),
        ("month 13: ¼ × 30 × 11 − ¼ × 30/28 (¼ × 1.07 = 0.27)", "2027-01-31", "2027-02-10", "82.23"),
        ("month 18 (spec example): ¼ × 30 × 6 − 0.24", "2027-06-30", "2027-07-10", "44.76"),
        ("month 23: ¼ × 30 × 1 − 0.24", "2027-11-30", "2027-12-10", "7.26"),
        ("month 24: engagement over", "2027-12-31", "2028-01-10", "0.00"),
        ("mid-month: m = 3 whole months, 10 to 25 April billed: 270 − 16.00 + 90", "2026-04-15", "2026-04-25", "344.00"),
    ])
    func mayotte24Months(item: String, received: String, effective: String, total: String) throws {
        let q = try F.mayotte24.terminationQuote(TerminationRequest(receivedOn: F.d(received)), fees: F.fees)
        #expect(q.effectiveOn == F.d(effective), "\(item)")
        #expect(q.total == (try Money(total)), "\(item)")
        #expect(q.lines.allSatisfy { $0.explanation.source.hasPrefix("003 CG 16.2.1") })
    }

    @Test func mayotteLaterRequestedDateAndShortEngagement() throws {
        // 003 CG 16.2.1: the customer may ask for a later date: 15 May 2026 → m = 4 → 8 × 30 − 10 to 15 May billed
        // (6 × 30/31 = 5.81) + 90.
        let later = try F.mayotte24.terminationQuote(TerminationRequest(receivedOn: F.d("2026-03-01"), requestedEffectiveOn: F.d("2026-05-15")), fees: F.fees)
        #expect(later.effectiveOn == F.d("2026-05-15"))
        #expect(later.total == (try Money("324.19")))
        // N ≤ 12: all remaining fees: 12 months at 20.00, m = 4 → 8 × 20 − 10 May billed (20/31 = 0.65).
        let twelve = F.active(.mobileMayotte, offering: "mayotte-forfait-12-mois", fee: F.quote("20.00"), months: 12, ordered: "2026-01-05", activated: "2026-01-10", territory: "YT")
        #expect(try twelve.terminationQuote(TerminationRequest(receivedOn: F.d("2026-04-30")), fees: F.fees).total == (try Money("159.35")))
    }

    @Test(arguments: ContractFamily.mobileMayotte.legitimateReasons)
    func mayotteLegitimateReasons(reason: LegitimateReason) throws {
        // 003 CG 16.2.2: no fee; effective at the latest 10 days after the supporting documents. A contract modification is one
        // notified (here a rise from 1 March, notified on 1 February: its window holds 2 March; D-CTR-23).
        var c = F.mayotte24
        if reason == .contractModification {
            try c.announcePriceChange(PriceChange(ground: .commercial, notifiedOn: F.d("2026-02-01"), effectiveOn: F.d("2026-03-01"),
                                                  from: Money(cents: 2_000), to: Money(cents: 2_200)), regulationInForceOn: nil)
        }
        let q = try c.terminationQuote(TerminationRequest(receivedOn: F.d("2026-03-02"), reason: reason, documentsReceivedOn: F.d("2026-03-05"),
                                                                    justification: reason == .other ? "a reason staff grant" : nil), fees: F.fees)
        #expect(q.total == .zero && q.effectiveOn == F.d("2026-03-15"))
        #expect(q.lines.first?.explanation.source == "003 CG 16.2.2")
    }

    // 001 CG 18.1: 50 € + the remaining monthly fees of the 12-month engagement (F = 54.90, activated 2026-02-01), less the
    // days of the month in progress the invoices bill up to the effective day (D-RUN-10).
    @Test(arguments: [
        ("month 4: 50 + 8 × 54.90 − 1 June billed (54.90/30 = 1.83)", "2026-05-22", "2026-06-01", "487.37"),
        ("month 11: 50 + 1 × 54.90 − 1 to 15 January billed (15 × 54.90/31 = 26.56)", "2027-01-05", "2027-01-15", "78.34"),
        ("month 12: engagement over, 50 only", "2027-01-22", "2027-02-01", "50.00"),
        ("first days: 50 + 12 × 54.90 − 1 to 11 February billed (11 × 54.90/28 = 21.57)", "2026-02-01", "2026-02-11", "687.23"),
    ])
    func liveboxEssentielFibre(item: String, received: String, effective: String, total: String) throws {
        let q = try F.liveboxFibre.terminationQuote(TerminationRequest(receivedOn: F.d(received)), fees: F.fees)
        #expect(q.effectiveOn == F.d(effective), "\(item)")
        #expect(q.total == (try Money(total)), "\(item)")
        #expect(q.lines.first?.amount == (try Money("50.00")))
    }

    @Test(arguments: ContractFamily.livebox.legitimateReasons)
    func liveboxLegitimateReasons(reason: LegitimateReason) throws {
        // 001 CG 18.1: no fee and no remaining months; effective 10 days after the documents at the latest.
        let moved = reason == .movingWhereUnavailable ? F.d("2026-04-20") : nil
        let q = try F.liveboxFibre.terminationQuote(TerminationRequest(receivedOn: F.d("2026-05-02"), reason: reason, documentsReceivedOn: F.d("2026-05-04"),
                                                                       movedOn: moved), fees: F.fees)
        #expect(q.total == .zero && q.effectiveOn == F.d("2026-05-14"))
        #expect(q.lines.first?.explanation.source == (reason == .noAccessAfterFourWeeks ? "001 CG 7.3" : "001 CG 18.1"))
    }

    /// 001 CG 7.3: still no access four weeks after the service's start (1 February 2026: 2 February to 1 March), the
    /// contract ends without fees from 2 March; asked on 1 March, the reason is refused naming the day.
    @Test func noAccessAfterFourWeeksEndsWithoutFees() throws {
        let early = TerminationRequest(receivedOn: F.d("2026-03-01"), reason: .noAccessAfterFourWeeks)
        #expect(throws: ContractError.invalid(field: "reason", reason: "asked on 2026-03-01, before the 4 weeks from the service's start on 2026-02-01 ended (from 2026-03-02, 001 CG 7.3)")) {
            try F.liveboxFibre.terminationQuote(early, fees: F.fees)
        }
        let q = try F.liveboxFibre.terminationQuote(TerminationRequest(receivedOn: F.d("2026-03-02"), reason: .noAccessAfterFourWeeks), fees: F.fees)
        #expect(q.total == .zero && q.lines.first?.explanation.source == "001 CG 7.3")
        // 003 has no such ground.
        #expect(throws: ContractError.self) {
            try F.mayotte24.terminationQuote(TerminationRequest(receivedOn: F.d("2026-03-02"), reason: .noAccessAfterFourWeeks), fees: F.fees)
        }
    }

    /// 001 CG 18.1: a move where the service is unavailable is a legitimate reason « sous réserve que la demande de
    /// résiliation […] soit faite dans un délai maximum de quinze (15) jours à compter de la date du déménagement ».
    static let moves: [(item: String, received: String, moved: String?, refusal: String?)] = [
        ("moved 1 March, asked on the 15th day, 16 March", "2026-03-16", "2026-03-01", nil),
        ("asked on the 16th day, 17 March", "2026-03-17", "2026-03-01",
         "reason: asked on 2026-03-17, more than 15 days after the move on 2026-03-01 (by 2026-03-16, 001 CG 18.1): not a legitimate reason"),
        ("the day of the move not given", "2026-03-10", nil,
         "movedOn: a move where the service is unavailable is a legitimate reason when asked within 15 days of it (001 CG 18.1): give the day of the move"),
    ]

    @Test(arguments: moves)
    func aMoveIsALegitimateReasonWithin15Days(item: String, received: String, moved: String?, refusal: String?) throws {
        let request = TerminationRequest(receivedOn: F.d(received), reason: .movingWhereUnavailable, movedOn: moved.map(F.d))
        do {
            let q = try F.liveboxFibre.terminationQuote(request, fees: F.fees)
            #expect(refusal == nil && q.total == .zero, "\(item)")
        } catch {
            #expect(error.description == refusal, "\(item)")
        }
    }

    @Test func aReasonFromAnotherDocumentIsRefused() {
        // Guardianship is in 001's list, not in 003's.
        #expect(throws: ContractError.unknownReason("guardianship", family: .mobileMayotte)) {
            try F.mayotte24.terminationQuote(TerminationRequest(receivedOn: F.d("2026-03-02"), reason: .guardianship), fees: F.fees)
        }
    }

    /// 003 CG 16.2.2: « liste non limitative »: staff grant another reason with its justification, and the quote follows it;
    /// 001's list has no such opening.
    @Test(arguments: [
        ("003, justified", ContractFamily.mobileMayotte, LegitimateReason.other, "hospitalisation de longue durée à La Réunion", nil as String?),
        ("003, unjustified", .mobileMayotte, .other, "  ", "another legitimate reason than the list's is granted with its justification (003 CG 16.2.2"),
        ("003, a justification without 'other'", .mobileMayotte, .dismissal, "licenciement", "a justification goes with the reason 'other' only"),
        ("001", .livebox, .other, "raison", "'other' is not a legitimate reason of the livebox contract"),
    ])
    func anotherReasonIsGrantedWithItsJustification(_ item: String, _ family: ContractFamily, _ reason: LegitimateReason, _ why: String, _ refusal: String?) {
        let c = family == .livebox ? F.liveboxFibre : F.mayotte24
        do {
            let q = try c.terminationQuote(TerminationRequest(receivedOn: F.d("2026-06-02"), reason: reason, justification: why), fees: F.fees)
            #expect(refusal == nil && q.total == .zero, "\(item)")
            #expect(q.lines.first?.explanation.source == "003 CG 16.2.2" && q.lines.first?.explanation.inputs.contains { $0.value == why } == true, "\(item)")
        } catch {
            #expect(refusal.map { error.description.contains($0) } == true, "\(item): \(error)")
        }
    }

    /// 003 CS-FB 1: a capped plan of 12 months subscribed on 5 January 2026 (activated the 10th) is free of its commitment
    /// on 5 January 2027: a request received on 27 December takes effect on 6 January, after it, and owes nothing more.
    @Test func aCappedPlansCommitmentEndsAYearAfterItsSubscription() throws {
        let capped = F.active(.mobileMayotte, offering: "mayotte-forfait-bloque", fee: F.quote("15.00"), months: 12, ordered: "2026-01-05",
                              activated: "2026-01-10", territory: "YT")
        let q = try capped.terminationQuote(TerminationRequest(receivedOn: F.d("2026-12-27")), fees: F.fees)
        #expect(q.effectiveOn == F.d("2027-01-06") && q.total == .zero, "\(q.lines)")
    }

    // 004 §9.2: 90 days' notice; before the end of the minimum period, 100 % of the sums remaining due.
    @Test(arguments: [
        ("month 10 of 36, 7 packs: 7 × 12 × 26", "2026-08-01", "2026-11-05", "2026-11-05", "2184.00"),
        ("no date asked: receipt + 90 days, m = 9", "2026-08-01", nil, "2026-10-30", "2268.00"),
        ("after the term: no penalty", "2029-03-01", "2029-06-01", "2029-06-01", "0.00"),
    ] as [(String, String, String?, String, String)])
    func workplace(item: String, received: String, requested: String?, effective: String, total: String) throws {
        let q = try F.workplace7.terminationQuote(TerminationRequest(receivedOn: F.d(received), requestedEffectiveOn: requested.map(F.d)), fees: F.fees)
        #expect(q.effectiveOn == F.d(effective), "\(item)")
        #expect(q.total == (try Money(total)), "\(item)")
    }

    /// 004 §9.2 TER-2 with §15 BIL-3: the last invoice bills the effective day's month whole, so the sums remaining due are
    /// the months after it. 7 Pack Calling at 12.00 signed 1 April 2026 (term's last day 31 March 2029), effective 15 June
    /// 2027: July 2027 to March 2029, 21 months — not N − m = 36 − 14 = 22, which bills June twice (D-RUN-10).
    @Test func workplaceRemainingMonthsFollowTheLastBilledMonth() throws {
        let signedOnAFirst = F.active(.workplace, offering: "wte-pack-calling", fee: F.catalogQuote("wte-pack-calling-monthly", on: "2026-04-01"), months: 36,
                                      ordered: "2026-04-01", activated: "2026-04-15", quantity: 7, territory: "FR", distance: false)
        let q = try signedOnAFirst.terminationQuote(TerminationRequest(receivedOn: F.d("2027-03-17")), fees: F.fees)
        #expect(q.effectiveOn == F.d("2027-06-15"))
        #expect(q.total == (try Money("1764.00")))
    }

    @Test func workplaceSixtyMonthsSuite() throws {
        // 3 Pack Suite at the sample 18.00, 60 months from 2026-01-05; effective 2030-12-20 → m = 59 → 3 × 18 × 1.
        let suite = F.active(.workplace, offering: "wte-pack-suite", fee: F.catalogQuote("wte-pack-suite-monthly", on: "2026-01-05"), months: 60,
                             ordered: "2026-01-05", activated: "2026-02-01", quantity: 3, territory: "FR", distance: false)
        let q = try suite.terminationQuote(TerminationRequest(receivedOn: F.d("2030-09-01"), requestedEffectiveOn: F.d("2030-12-20")), fees: F.fees)
        #expect(q.total == (try Money("54.00")))
        #expect(throws: ContractError.self) {
            try Contract(id: "x", customerID: "c", family: .workplace, offeringID: "wte-pack-suite", territoryID: "FR", monthlyFee: nil,
                         engagementMonths: 24, orderedOn: F.d("2026-01-05"), distanceSale: false)
        }
    }
}

@Suite struct PortOutTests {
    typealias F = ContractFixtures

    @Test func portingOutTerminatesOnThePortingDayWithTheEngagementFees() throws {
        // 001 A3 art. 3.3: effective on the porting day (no 10-day notice); 50 € + remaining months less the porting day billed
        // (D-NUM-4, D-RUN-10).
        let livebox = try F.liveboxFibre.terminationQuote(TerminationRequest(receivedOn: F.d("2026-06-01"), portOut: true), fees: F.fees)
        #expect(livebox.effectiveOn == F.d("2026-06-01"))
        #expect(livebox.total == (try Money("487.37")))
        #expect(livebox.effectiveDateExplanation.source == "001 Annexe 3 art. 3.3")
        // 003 CG 19.1: port-out on 10 April 2026 (m = 3) → the CG 16.2.1 fee, 359.00.
        let mobile = try F.mayotte24.terminationQuote(TerminationRequest(receivedOn: F.d("2026-04-10"), portOut: true), fees: F.fees)
        #expect(mobile.effectiveOn == F.d("2026-04-10"))
        #expect(mobile.total == (try Money("359.00")))
    }

    /// 001 A3 art. 3.3: ported out within the withdrawal period (ordered at a distance 20 January 2026, its last day
    /// Tuesday 10 February in Guadeloupe), the customer owes only the service until the porting: nothing on 10 February;
    /// on the 11th, the fee and the engagement's rest: 50.00 + 12 × 54.90 less 1 to 11 February billed (54.90 × 11 / 28 =
    /// 21.57) = 687.23 (D-NUM-7).
    @Test(arguments: [("2026-02-10", "0.00"), ("2026-02-11", "687.23")])
    func aPortOutWithinTheWithdrawalPeriodOwesNoFee(porting: String, owed: String) throws {
        let q = try F.liveboxFibre.terminationQuote(TerminationRequest(receivedOn: F.d(porting), portOut: true), fees: F.fees,
                                                    calendar: TestTerritories.calendar("GP"))
        let expected = try Money(owed)
        #expect(q.effectiveOn == F.d(porting) && q.total == expected, "\(q.lines)")
        #expect(q.lines.allSatisfy { $0.explanation.source.hasPrefix("001") })
    }
}
