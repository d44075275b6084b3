/// 001 — Livebox internet, TV and VoIP in the Antilles-Guyane: the conditions générales' rules for its contracts.
public struct LiveboxTerms: ContractTerms {
    public var document: String { "001" }
    /// CG 8.2.2: « À défaut d'opposition expresse du Client, leur publication est automatique ».
    public var listedByDefault: Bool { true }

    public var legitimateReasons: [LegitimateReason] {
        [.dismissal, .movingWhereUnavailable, .movingAbroad, .illnessOrDisability, .imprisonment, .death, .deathOfRelative, .forceMajeure,
         .overIndebtedness, .guardianship, .priceIncrease, .noAccessAfterFourWeeks]
    }
    public func article(of reason: LegitimateReason) -> String { reason == .noAccessAfterFourWeeks ? "001 CG 7.3" : reasonsArticle }
    public var reasonsArticle: String { "001 CG 18.1" }
    public var terminationArticle: String { "001 CG 18.1" }
    public func engagementRule(_ c: Contract) -> (from: String, source: String) { ("activation", "001 CG 16; Annexes 1 et 2") }

    /// CG 1 « Client » : « personne physique, domiciliée aux Antilles-Guyane française […] pour ses besoins propres et pour
    /// un usage strictement personnel et privé » — Guadeloupe, Martinique, French Guiana, Saint-Martin, Saint-Barthélemy.
    public static let territories = ["GP", "MQ", "GF", "MF", "BL"]

    /// CG 18.1: « déménagement […] vers une adresse où le Service est inaccessible et sous réserve que la demande de
    /// résiliation de l'abonnement soit faite dans un délai maximum de quinze (15) jours à compter de la date du déménagement ».
    public func check(_ c: Contract, _ r: TerminationRequest) throws(ContractError) {
        if r.reason == .noAccessAfterFourWeeks {
            // CG 7.3: « à l'issue d'un délai de quatre (4) semaines à compter du moment où la mise en Service devait intervenir »:
            // from the day after the 28 days (D-CAL-6).
            guard let started = c.activatedOn else { throw .notActivated }
            let from = started.adding(days: 28 + 1)
            guard r.receivedOn >= from else {
                throw .invalid(field: "reason", reason: "asked on \(r.receivedOn), before the 4 weeks from the service's start on \(started) ended (from \(from), 001 CG 7.3)")
            }
        }
        guard r.reason == .movingWhereUnavailable else {
            if r.movedOn != nil { throw .invalid(field: "movedOn", reason: "is given with the reason movingWhereUnavailable only") }
            return
        }
        guard let moved = r.movedOn else {
            throw .invalid(field: "movedOn", reason: "a move where the service is unavailable is a legitimate reason when asked within 15 days of it (001 CG 18.1): give the day of the move")
        }
        let last = moved.adding(days: 15)
        guard r.receivedOn <= last else {
            throw .invalid(field: "reason", reason: "asked on \(r.receivedOn), more than 15 days after the move on \(moved) (by \(last), 001 CG 18.1): not a legitimate reason")
        }
    }

    public func ineligibility(kind: PartyKind, territoryID: String) -> String? {
        if kind != .consumer { return "a Livebox is sold to a natural person for private use (001 CG 1), not to a \(kind.rawValue) customer" }
        if !Self.territories.contains(territoryID) {
            return "a Livebox is sold to a customer living in the French Antilles-Guyane, \(Self.territories.joined(separator: ", ")) (001 CG 1), not in \(territoryID)"
        }
        return nil
    }

    /// CG 2: 21 calendar days after a distance sale.
    public func withdrawalDeadline(_ c: Contract, calendar: WorkCalendar) -> Deadline? { distanceSaleWithdrawal(c, calendar: calendar, source: "001 CG 2") }

    /// CG 7.2: for ADSL/VDSL, the monthly fee pro rata of the days beyond 15 days after the subscription (each late day at
    /// 1/days-of-its-month).
    public func lateActivationCompensation(_ c: Contract, flat: Money?) throws(ContractError) -> TerminationQuote.Line? {
        guard let activated = c.activatedOn else { throw .notActivated }
        let maxDate = c.orderedOn.adding(days: 15)
        guard activated > maxDate, c.offeringID.contains("xdsl") else { return nil }
        let f = try c.fee()
        var total = Money.zero
        var day = maxDate.adding(days: 1)
        while day <= activated {
            let m = day.components
            total += f.multiplied(by: 1, dividedBy: Int64(LocalDate.daysIn(month: m.month, year: m.year)), rounding: .halfUp)
            day = day.adding(days: 1)
        }
        let amount = total.rounded(.halfUp)
        return .init(label: "late activation compensation", amount: amount, explanation: Explanation(
            rule: "monthly fee pro rata of the days between the latest activation date and the activation", source: "001 CG 7.2",
            inputs: ["F": f.description, "ordered": c.orderedOn.description, "latest activation": maxDate.description,
                     "activated": activated.description, "late days": "\(activated.ordinal - maxDate.ordinal)"],
            result: amount.description))
    }

    /// CG 17: unpaid "dans un délai de dix (10) jours à compter de la date limite de paiement" — the 10 days after the due
    /// date — then the suspension from the day after them; CG 18.2: the termination once 30 days have passed the same way
    /// (D-BILL-8, D-CAL-6: the day of the event is never counted).
    public func nonPaymentSteps(_ c: Contract, due: LocalDate, suspendedOn: LocalDate?) -> [Contract.Step] {
        let suspension = due.adding(days: 10 + 1), termination = due.adding(days: 30 + 1)
        return [
            Contract.Step(measure: "suspension", from: suspension, billingContinues: true, explanation: Explanation(
                rule: "unpaid during the 10 days after the due date, after a reminder left unanswered: from the day after them", source: "001 CG 17",
                inputs: ["due": due.description], result: "from \(suspension)")),
            Contract.Step(measure: "termination", from: termination, billingContinues: false, explanation: Explanation(
                rule: "unpaid during the 30 days after the due date, after a formal notice to pay: from the day after them", source: "001 CG 18.2",
                inputs: ["due": due.description], result: "from \(termination)")),
        ]
    }

    /// CG 18.2: the subscription fees left until the end of the engagement the operator ends for non-payment (no termination
    /// fee, which is the customer's termination's, CG 18.1).
    public func operatorTerminationCharges(_ c: Contract, on day: LocalDate) throws(ContractError) -> [TerminationQuote.Line] {
        guard c.activatedOn != nil else { return [] }
        return try [remainingFees(c, effective: day, source: "001 CG 18.2")].compactMap { $0 }
    }

    /// CG 17: "après mise en demeure… restée sans effet pendant un délai de cinq (5) jours": the 5 days after the notice is
    /// presented, then the suspension from the day after them.
    public func misuseSuspension(_ c: Contract, noticeReceived: LocalDate, heldMailNoticeDeposited: LocalDate?, calendar: WorkCalendar) -> Contract.Step? {
        let from = noticeReceived.adding(days: 5 + 1)
        return Contract.Step(measure: "suspension", from: from, billingContinues: true, explanation: Explanation(
            rule: "formal notice without effect for 5 days: suspension from the day after them", source: "001 CG 17",
            inputs: ["notice presented": noticeReceived.description], result: "from \(from)"))
    }

    /// CG 18.2: « Une fois le Service suspendu […] et après mise en demeure adressée au Client restée sans effet pendant un
    /// délai de dix (10) jours, Orange sera en droit de résilier le Service »: from the day after the 10 days.
    public func suspendedTermination(_ c: Contract, noticeReceived: LocalDate) -> Contract.Step? {
        let from = noticeReceived.adding(days: 10 + 1)
        return Contract.Step(measure: "termination", from: from, billingContinues: true, explanation: Explanation(
            rule: "suspended, and a formal notice without effect for 10 days: termination from the day after them", source: "001 CG 18.2",
            inputs: ["notice presented": noticeReceived.description], result: "from \(from)"))
    }

    /// CG 18.1: effective 10 days after the request (or the customer's later date); the termination fee and the engagement's
    /// remaining fees, none for a legitimate reason.
    public func terminationQuote(_ c: Contract, _ r: TerminationRequest, fees: TerminationFees) throws(ContractError) -> TerminationQuote {
        guard c.activatedOn != nil else { throw .notActivated }
        let (effective, why) = c.effectiveDate(r, noticeDays: 10, source: "001 CG 18.1")
        var lines: [TerminationQuote.Line] = []
        if let reason = r.reason {
            lines.append(c.noFeeLine(reason, r))
        } else {
            guard let fee = fees.liveboxTerminationFee else { throw .invalid(field: "fees", reason: "the catalog has no Livebox termination fee") }
            lines.append(.init(label: "termination fee", amount: fee, explanation: Explanation(
                rule: "termination fee (technical closing costs)", source: "001 CG 18.1; Annexes 1 et 2", result: fee.description)))
            if let remaining = try remainingFees(c, effective: effective, source: "001 CG 18.1") { lines.append(remaining) }
        }
        return TerminationQuote(contractID: c.id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: r.reason, lines: lines,
                                effectiveDateExplanation: why)
    }

    /// CG 18.1 and 18.2: the monthly fees left until the end of the engagement, due at once when the contract ends on
    /// `effective` before it; nil after it.
    private func remainingFees(_ c: Contract, effective: LocalDate, source: String) throws(ContractError) -> TerminationQuote.Line? {
        guard let start = c.activatedOn, let end = c.engagementEnd else { throw .notActivated }
        guard effective < end else { return nil }
        let f = try c.fee()
        let elapsed = start.wholeMonths(until: effective)
        let remaining = c.engagementMonths - elapsed
        let billed = Contract.billedDays(f, from: start.adding(months: elapsed), through: effective, share: 1, source: "001 CG 10.1; D-BILL-3")
        let amount = f * Int64(remaining) - billed.amount
        return .init(label: "remaining monthly fees of the engagement", amount: amount, explanation: Explanation(
            rule: "F × (N − m): the monthly fees left until the end of the engagement, due at once, less the days of the month in "
                + "progress the invoices bill up to the termination (D-RUN-10)",
            source: source,
            inputs: ["F": f.description, "N": "\(c.engagementMonths)", "m (whole months from activation \(start))": "\(elapsed)",
                     "engagement end": end.description, "effective": effective.description],
            result: "\(f) × \(remaining) − \(billed.amount) = \(amount)", steps: [billed.explanation]))
    }

    public var portOutArticle: String? { "001 Annexe 3 art. 3.3" }

    /// A3 3.3: ported out after a distance sale, within the withdrawal period, « le Client reste redevable des sommes
    /// correspondantes au Service fourni jusqu'au Portage effectif » and is refunded as for a withdrawal: no fee, no
    /// remaining months; the service is billed to the porting day (D-NUM-7).
    public func portOutWithinWithdrawal(_ c: Contract, _ r: TerminationRequest) -> TerminationQuote? { c.portedOutAsWithdrawal(r, source: "001 Annexe 3 art. 3.3") }
    public var portedLine: PortingRequest.Line? { .fixed }

    /// CG 3: its eight cases.
    public var depositCases: [SecurityDeposit.Case] {
        [.noProofOfAddress, .permitAddressDiffers, .noChequeOrSEPAAccount, .noPriorOrangeContract, .noDirectDebit, .unpaidPreviousContract,
         .previousTerminatedForDocuments, .prepaidBankAccount]
    }
    public var depositArticle: String { "001 CG 3" }
    public var distanceSaleDocumentsArticle: String? { "001 CG 2" }
    public var shopDocuments: (article: String, identities: [PresentedDocuments.Identity])? {
        ("001 CG 2", PresentedDocuments.Identity.allCases.filter { $0 != .circulationBooklet })
    }

    public var lendsEquipment: Bool { true }
    public var technicianVisit: Bool { true }
    /// Annexe 2: Livebox Infini's options on request; its version « sur ligne fixe » « n'inclut pas l'option 2ème écran ».
    public func requestableOptions(offeringID: String) -> [ContractOption.Kind] {
        guard offeringID.hasPrefix("livebox-infini") else { return [] }
        return ContractOption.Kind.allCases.filter { !(offeringID.hasSuffix("ligne-fixe") && $0.isSecondScreen) }
    }
    public var optionsArticle: String? { "001 Annexe 2" }
    /// CG 10.4: a period above the last 6 periods' average, or a customer of less than 6 months beyond 100 € out of bundle.
    public var advanceArticle: String? { "001 CG 10.4" }
    public var advanceAlertRules: Set<String> { ["advance-above-six-period-average", "advance-new-customer"] }
    public var thirdPartyPayments: (article: String, monthlyCap: String, subscriptionCap: String)? {
        ("001 Annexe 5", "livebox-plafond-achats-tiers-mensuel", "livebox-plafond-abonnement-tiers")
    }
    /// « hors frais d'activation de 10 € par option »: the second decoder's or the TV key's.
    public func optionActivationPriceID(_ kind: ContractOption.Kind) -> String? { kind.isSecondScreen ? "activation-cle-tv-ou-second-decodeur" : nil }
    public var movingRules: Bool { true }
    public var proratedFeeArticle: String { "001 CG 10.1" }
    /// CG 10.5: "en cas d'évolution législative ou réglementaire telle une variation du taux de la TVA", by at most the
    /// variation, within 3 months, the customer told a month before: never by index.
    public var priceChange: (byIndex: Bool, rule: String) {
        (false, "001 CG 10.5: its prices change only with a legislative or regulatory change, such as a VAT rate, by at most its variation")
    }

    /// CG 10.4 and the unlimited calls' fair use: distinct numbers called, the longest call, an advance for a customer of
    /// less than 6 months, and a period's spend against the last 6.
    public func usageLimits(parameters: [ContractParameter], tenureMonths: Int, previousPeriods: [Money]) -> UsageLimits? {
        var l = UsageLimits()
        l.distinctVoiceRecipients = ContractParameter.int("livebox-usage-raisonnable-correspondants", in: parameters)
        l.maxCallSeconds = ContractParameter.int("livebox-duree-max-appel-illimite", in: parameters, scale: 60)
        l.maxDailyVoiceSeconds = ContractParameter.int("livebox-duree-max-communications-jour", in: parameters, scale: 3600)
        if tenureMonths < 6, let (amount, source) = ContractParameter.money("livebox-seuil-avance-nouveau-client", in: parameters) {
            // "excède un montant de cent (100) euros": 100.00 itself does not.
            l.spendThresholds = [(amount, "advance-new-customer", source, false)]
        }
        l.previousPeriods = previousPeriods
        return l
    }
    public var comparesWithPreviousPeriods: Bool { true }
    public var limitsUsage: Bool { true }
}
