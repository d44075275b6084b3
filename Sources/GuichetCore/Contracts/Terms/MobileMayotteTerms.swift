/// 003 — the Mayotte mobile contract: the conditions générales' rules for its contracts.
public struct MobileMayotteTerms: ContractTerms {
    public var document: String { "003" }

    public var legitimateReasons: [LegitimateReason] {
        [.dismissal, .overIndebtedness, .movingWhereUnavailable, .movingAbroad, .illnessOrDisability, .imprisonment, .death, .deathOfRelative,
         .forceMajeure, .contractModification, .other]
    }
    public var reasonsArticle: String { "003 CG 16.2.2" }

    /// CG 1: « Personne physique ou morale domiciliée à Mayotte ».
    public func ineligibility(kind: PartyKind, territoryID: String) -> String? {
        if kind == .wholesale { return "the Mayotte mobile contract is a natural or legal person's for its own needs (003 CG 1), not a wholesale customer's" }
        return territoryID == "YT" ? nil : "the Mayotte mobile contract is sold to a customer living in Mayotte, YT (003 CG 1), not in \(territoryID)"
    }

    /// CG 5: « fixée par le client dans la limite de 15 jours calendaires à compter de l'enregistrement de la souscription ».
    public var chosenActivationLimit: (days: Int, article: String)? { (15, "003 CG 5") }

    /// CG 16.2.1: « cette annulation ne saurait intervenir moins de vingt-quatre (24) heures avant la date de résiliation
    /// effective ».
    public var terminationCancellationNotice: (hours: Int, article: String)? { (24, "003 CG 16.2.1") }
    public var unbilledSuspensionArticle: String? { "003 CG 15" }
    /// CG 2: « Pour permettre une suspension rapide de la ligne, le Client informe […] son Service Clients […]. Il peut
    /// également le faire depuis son espace client. »
    public var selfSuspensionArticle: String? { "003 CG 2" }
    public var theftArticle: String? { "003 CG 20" }
    public var activationFailureArticle: String? { "003 CG 5" }
    public var roaming: RoamLikeAtHome? { .mayotte }
    public var priceChangeArticle: String? { "003 CG 11.4" }

    /// CG 11.2.1: « tout usage du Service non conforme […] constitue un détournement d'usage qui pourra donner lieu à la
    /// suspension puis à la résiliation du Contrat »; CG 16.1: « après mise en demeure par courrier restée sans effet ». The
    /// document sets no delay for the notice: 8 days, as Orange's notices elsewhere (D-CTR-21).
    public func misuseSuspension(_ c: Contract, noticeReceived: LocalDate, heldMailNoticeDeposited: LocalDate?, calendar: WorkCalendar) -> Contract.Step? {
        let from = noticeReceived.adding(days: 8 + 1)
        return Contract.Step(measure: "suspension", from: from, billingContinues: true, explanation: Explanation(
            rule: "formal notice by letter without effect for 8 days (D-CTR-21): suspension from the day after them", source: "003 CG 11.2.1, 16.1",
            inputs: ["notice presented": noticeReceived.description], result: "from \(from)"))
    }

    /// CG 16.1: « La résiliation sera effective dix (15) jours après la suspension du Service […], sauf si la cause de la
    /// suspension a disparu pendant ce délai » (D-CTR-7: 15).
    public func misuseTermination(_ c: Contract, suspendedOn: LocalDate) -> Contract.Step? {
        let from = suspendedOn.adding(days: 15)
        return Contract.Step(measure: "termination", from: from, billingContinues: true, explanation: Explanation(
            rule: "15 days after the suspension for misuse, unless its cause disappeared meanwhile (D-CTR-7)", source: "003 CG 16.1",
            inputs: ["suspended on": suspendedOn.description], result: "effective \(from)"))
    }

    /// CG 3.2: « Le nombre maximum de contrats autorisé par client est porté à cinq (5). Le client ne pourra souscrire qu'à
    /// trois (3) contrats simultanément. Un délai d'un mois devra être respecté pour toutes souscriptions supplémentaires. »
    /// `existing`: the customer's contracts of this document (D-CTR-20).
    public func subscriptionRefusal(existing: [Contract], on day: LocalDate, parameters: [ContractParameter]) -> String? {
        guard let (most, _) = ContractParameter.int("contrats-par-client", in: parameters),
              let (together, _) = ContractParameter.int("contrats-souscrits-simultanement", in: parameters),
              let (months, _) = ContractParameter.int("delai-souscriptions-supplementaires", in: parameters) else { return nil }
        let running = existing.filter { !$0.state.isFinal }
        if running.count >= most { return "the customer holds \(running.count) contracts already, the most a customer may (\(most), 003 CG 3.2)" }
        let recent = existing.map(\.orderedOn).filter { $0 > day.adding(months: -months) && $0 <= day }.sorted()
        guard recent.count >= together else { return nil }
        let next = recent[recent.count - together].adding(months: months)
        return "\(recent.count) contracts subscribed within \(months) month(s) already, the most at once (\(together)): another from \(next) (003 CG 3.2)"
    }
    public var terminationArticle: String { "003 CG 16.2.1" }
    public func engagementRule(_ c: Contract) -> (from: String, source: String) {
        Self.isCapped(c.offeringID) ? ("the subscription, or the positioning on the capped plan", "003 CS-FB 1") : ("activation", "003 CG 14")
    }
    /// CS-FB 1: « La durée de l'engagement débute soit à compter de la date de souscription d'un nouvel abonnement au forfait
    /// bloqué, soit à partir de la date de positionnement d'abonnements existants sur le forfait bloqué ».
    public func engagementStart(_ c: Contract) -> LocalDate? {
        guard Self.isCapped(c.offeringID) else { return c.activatedOn }
        return c.offerChanges?.last(where: \.positionsOnACappedPlan)?.on ?? c.orderedOn
    }
    /// The capped plans' offerings (the catalog's `mobile/forfait-bloque`), named as the catalog names them.
    static func isCapped(_ offering: String) -> Bool { offering.hasPrefix("mayotte-forfait-bloque") }

    /// CG 4: 21 calendar days after a distance sale.
    public func withdrawalDeadline(_ c: Contract, calendar: WorkCalendar) -> Deadline? { distanceSaleWithdrawal(c, calendar: calendar, source: "003 CG 4") }

    /// CG 5: a flat amount when activation comes more than 2 days after the chosen date.
    public func lateActivationCompensation(_ c: Contract, flat: Money?) throws(ContractError) -> TerminationQuote.Line? {
        guard let activated = c.activatedOn else { throw .notActivated }
        guard let chosen = c.chosenActivationDate, activated > chosen.adding(days: 2), let flat else { return nil }
        return .init(label: "late activation compensation", amount: flat, explanation: Explanation(
            rule: "activation more than 2 days after the chosen date: flat, final compensation", source: "003 CG 5",
            inputs: ["chosen": chosen.description, "activated": activated.description], result: flat.description))
    }

    /// CG 15 / 16.1: suspension after unheeded reminders once the invoice is due; termination 15 days after the suspension
    /// if the formal notice has no effect (D-CTR-7).
    /// CG 16.1 counts the termination from the suspension made: none is due before it (a run that caught up late suspends
    /// later than the day after the due date, and ends the contract 15 days after that, not the same day).
    public func nonPaymentSteps(_ c: Contract, due: LocalDate, suspendedOn: LocalDate?) -> [Contract.Step] {
        let earliest = due.adding(days: 1)
        let suspension = Contract.Step(measure: "suspension", from: earliest, billingContinues: true, explanation: Explanation(
            rule: "unpaid at the due date after unheeded reminders; subscription fees remain due", source: "003 CG 15",
            inputs: ["due": due.description], result: "from \(earliest)"))
        guard let suspendedOn else { return [suspension] }
        return [suspension, Contract.Step(measure: "termination", from: suspendedOn.adding(days: 15), billingContinues: false, explanation: Explanation(
            rule: "15 days after the suspension, the formal notice having had no effect (text: 'dix (15) jours', D-CTR-7)",
            source: "003 CG 16.1", inputs: ["suspended on": suspendedOn.description], result: "from \(suspendedOn.adding(days: 15))"))]
    }

    /// CG 16.2.1 (C. conso L224-28): effective 10 days after the request; N ≤ 12, the months left; beyond, the months up to
    /// the 12th and a quarter of the rest — less the days of the month in progress the invoices bill (D-RUN-10).
    public func terminationQuote(_ c: Contract, _ r: TerminationRequest, fees: TerminationFees) throws(ContractError) -> TerminationQuote {
        // The commitment's own start: the activation, or a capped plan's subscription (CS-FB 1).
        guard c.activatedOn != nil, let start = c.engagementStart else { throw .notActivated }
        let (effective, why) = c.effectiveDate(r, noticeDays: 10, source: "003 CG 16.2.1")
        var lines: [TerminationQuote.Line] = []
        if let reason = r.reason {
            lines.append(c.noFeeLine(reason, r))
        } else if c.engagementMonths > 0 {
            let f = try c.fee()
            let n = c.engagementMonths
            let m = min(start.wholeMonths(until: effective), n)
            let inputs: ExplanationInputs = ["F": f.description, "N": "\(n)", "m (whole months from activation \(start))": "\(m)", "effective": effective.description]
            // The days of the month in progress the invoices bill up to the termination, at the share this month is owed (D-RUN-10).
            let billed = { (share: Int64) -> (amount: Money, explanation: Explanation) in
                m < n ? Contract.billedDays(f, from: start.adding(months: m), through: effective, share: share, source: "003 CG 7.1; D-BILL-3")
                    : (Money.zero, Explanation(rule: "the engagement is over by the effective day", source: "D-RUN-10", result: "0.00"))
            }
            if n <= 12 {
                let days = billed(1), amount = f * Int64(n - m) - days.amount
                lines.append(.init(label: "remaining monthly fees", amount: amount, explanation: Explanation(
                    rule: "N ≤ 12: F × (N − m), less the days of the month in progress already billed", source: "003 CG 16.2.1", inputs: inputs,
                    result: "\(f) × \(n - m) − \(days.amount) = \(amount)", steps: [days.explanation])))
            } else if m < 12 {
                let days = billed(1), upTo12 = f * Int64(12 - m) - days.amount
                let quarter = (f * Int64(n - 12)).multiplied(by: 1, dividedBy: 4, roundedTo: .cent, .halfUp)
                lines.append(.init(label: "monthly fees up to the 12th month", amount: upTo12, explanation: Explanation(
                    rule: "before the end of the 12th month: F × (12 − m), less the days of the month in progress already billed",
                    source: "003 CG 16.2.1; C. conso L224-28", inputs: inputs, result: "\(f) × \(12 - m) − \(days.amount) = \(upTo12)",
                    steps: [days.explanation])))
                lines.append(.init(label: "a quarter of the fees of months 13 to N", amount: quarter, explanation: Explanation(
                    rule: "plus ¼ × F × (N − 12)", source: "003 CG 16.2.1; C. conso L224-28", inputs: inputs,
                    result: "¼ × \(f) × \(n - 12) = \(quarter)")))
            } else {
                let days = billed(4)
                let quarter = (f * Int64(n - m)).multiplied(by: 1, dividedBy: 4, roundedTo: .cent, .halfUp) - days.amount
                lines.append(.init(label: "a quarter of the remaining fees", amount: quarter, explanation: Explanation(
                    rule: "from the end of the 12th month: ¼ × F × (N − m), less a quarter of the days of the month in progress already billed",
                    source: "003 CG 16.2.1; C. conso L224-28", inputs: inputs,
                    result: "¼ × \(f) × \(n - m) − \(days.amount) = \(quarter)", steps: [days.explanation])))
            }
        }
        return TerminationQuote(contractID: c.id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: r.reason, lines: lines,
                                effectiveDateExplanation: why)
    }

    public var portOutArticle: String? { "003 CG 19.1" }
    public var portedLine: PortingRequest.Line? { .mobile }
    /// CG 4: « faire une demande de portabilité à un autre opérateur […] dans un délai de vingt et un (21) jours » is a
    /// withdrawal; « la facturation des usages sont identiques en cas de portabilité sortante pendant le délai de rétractation ».
    public func portOutWithinWithdrawal(_ c: Contract, _ r: TerminationRequest) -> TerminationQuote? { c.portedOutAsWithdrawal(r, source: "003 CG 4") }

    /// CG 9.1: its ten cases, PREVENTEL and several contracts among them.
    public var depositCases: [SecurityDeposit.Case] { SecurityDeposit.Case.allCases }
    public var depositArticle: String { "003 CG 9" }
    public var distanceSaleDocumentsArticle: String? { "003 CG 4" }
    public var shopDocuments: (article: String, identities: [PresentedDocuments.Identity])? { ("003 CG 3.1", PresentedDocuments.Identity.allCases) }

    public var offerChangeRules: Bool { true }
    /// CG 8: out-of-bundle communications of 45 € or more between two billing periods.
    public var advanceArticle: String? { "003 CG 8" }
    public var advanceAlertRules: Set<String> { ["advance-out-of-bundle"] }
    public var thirdPartyPayments: (article: String, monthlyCap: String, subscriptionCap: String)? {
        ("003 CS paiement", "mayotte-plafond-achats-tiers-mensuel", "mayotte-plafond-abonnement-tiers")
    }
    public var proratedFeeArticle: String { "003 CG 7.1" }
    public var limitsUsage: Bool { true }

    /// CG 11.2.1 (unlimited voice and SMS: distinct recipients, longest call) and CG 8 (out-of-bundle spend: advance, suspension).
    public func usageLimits(parameters: [ContractParameter], tenureMonths: Int, previousPeriods: [Money]) -> UsageLimits? {
        var l = UsageLimits()
        l.distinctVoiceRecipients = ContractParameter.int("usage-raisonnable-voix-destinataires", in: parameters)
        l.distinctSMSRecipients = ContractParameter.int("usage-raisonnable-sms-destinataires", in: parameters)
        l.maxCallSeconds = ContractParameter.int("duree-max-appel-illimite", in: parameters, scale: 60)
        l.spendThresholds = [("seuil-avance-sur-consommation", "advance-out-of-bundle"), ("seuil-suspension-hors-forfait", "suspension-out-of-bundle")]
            .compactMap { id, rule in ContractParameter.money(id, in: parameters).map { ($0.0, rule, $0.1, true) } }   // "égal ou supérieur"
        return l
    }
}
