/// One document's rules for its contracts (style review change 5): what it lists, counts and dates, and the obligations
/// they produce. Each document's terms are one file — `LiveboxTerms` (001), `MobileMayotteTerms` (003), `WorkplaceTerms`
/// (004), `RemoteAssistanceTerms` (000), `EServicesTerms` (002) — and a contract's family picks them here, nowhere else:
/// the rest of Guichet asks the terms, never the family.
public protocol ContractTerms: Sendable {
    /// The document's number, "001".
    var document: String { get }
    /// Its lines published in directories unless the subscriber objects (001 CG 8.2.2).
    var listedByDefault: Bool { get }

    /// The reasons the document lists for terminating during the engagement without fee, and the article listing them.
    var legitimateReasons: [LegitimateReason] { get }
    var reasonsArticle: String { get }

    /// The day the engagement starts, what it counts from and the article saying so.
    func engagementStart(_ c: Contract) -> LocalDate?
    func engagementRule(_ c: Contract) -> (from: String, source: String)
    /// Refuses an engagement the document does not sell.
    func checkEngagement(months: Int) throws(ContractError)
    /// The months a term is renewed by tacitly at its end; nil when it is not. The next renewal after `day`, and the last
    /// day a termination at that term may be notified.
    var renewalMonths: Int? { get }
    func renewal(_ c: Contract, after day: LocalDate) -> (term: ContractDeadlines.Dated, noticeLimit: ContractDeadlines.Dated)?

    /// The right of withdrawal's last day, if the contract has one; and whether accepting the service's execution waives it.
    func withdrawalDeadline(_ c: Contract, calendar: WorkCalendar) -> Deadline?
    var withdrawalWaivedByExecution: Bool { get }

    /// What the operator owes for a late activation (`flat`: the catalog's flat amount, where the document has one).
    func lateActivationCompensation(_ c: Contract, flat: Money?) throws(ContractError) -> TerminationQuote.Line?

    /// The measures non-payment of an invoice due on `due` allows, and what the operator's termination for it makes due.
    func nonPaymentSteps(_ c: Contract, due: LocalDate, suspendedOn: LocalDate?) -> [Contract.Step]
    func operatorTerminationCharges(_ c: Contract, on day: LocalDate) throws(ContractError) -> [TerminationQuote.Line]
    /// The suspension a formal notice for misuse allows.
    func misuseSuspension(_ c: Contract, noticeReceived: LocalDate, heldMailNoticeDeposited: LocalDate?, calendar: WorkCalendar) -> Contract.Step?
    /// The termination a formal notice to a suspended customer allows, left without effect.
    func suspendedTermination(_ c: Contract, noticeReceived: LocalDate) -> Contract.Step?
    /// The termination that follows a misuse suspension by itself (003 CG 16.1); nil where a further notice is needed.
    func misuseTermination(_ c: Contract, suspendedOn: LocalDate) -> Contract.Step?

    /// What the customer owes to terminate, and when the termination takes effect, by the article on notice periods.
    var terminationArticle: String { get }
    func terminationQuote(_ c: Contract, _ r: TerminationRequest, fees: TerminationFees) throws(ContractError) -> TerminationQuote
    /// The article that ends the contract on the porting day when its number leaves; nil when the document has none.
    var portOutArticle: String? { get }
    /// A port-out within the withdrawal period, when the document treats it as a withdrawal; nil otherwise.
    func portOutWithinWithdrawal(_ c: Contract, _ r: TerminationRequest) -> TerminationQuote?
    /// The line a number ported in serves; nil for the contracts no number is ported into.
    var portedLine: PortingRequest.Line? { get }

    /// Refuses a termination request's terms the document does not accept (001 CG 18.1: a move asked after 15 days).
    func check(_ c: Contract, _ r: TerminationRequest) throws(ContractError)
    /// The article that gives `reason` (the document's list, or a rule of its own).
    func article(of reason: LegitimateReason) -> String

    /// Why a customer may not subscribe (001 CG 1: who and where the document sells to); nil when they may.
    func ineligibility(kind: PartyKind, territoryID: String) -> String?
    /// The longest a chosen activation date may follow the order, and where (003 CG 5); nil when unbounded.
    var chosenActivationLimit: (days: Int, article: String)? { get }
    /// How long before its effective date a termination request may still be cancelled, and where (003 CG 16.2.1).
    var terminationCancellationNotice: (hours: Int, article: String)? { get }
    /// Where a suspension on public-order grounds leaves the subscription fees unpaid (003 CG 15); nil when none does.
    var unbilledSuspensionArticle: String? { get }
    /// Where the customer may suspend their own line after losing it or having it stolen (003 CG 2); nil when they may not.
    var selfSuspensionArticle: String? { get }
    /// Where a theft declared to an advisor, with its police report, refunds the suspended fee and the fraudulent calls
    /// (003 CG 20); nil when nothing does.
    var theftArticle: String? { get }
    /// Where a failed activation reported in time must be resolved, or the customer may terminate and be refunded (003 CG 5).
    var activationFailureArticle: String? { get }
    /// Where the contract's lines roam as at home (003 CG 13.2); nil when its document says nothing of roaming.
    var roaming: RoamLikeAtHome? { get }
    /// Where Orange may change the price with a month's notice, the customer free to terminate for it (003 CG 11.4, 16.2.2).
    var priceChangeArticle: String? { get }
    /// Why a customer holding `existing` contracts of the document may not subscribe another on `day` (003 CG 3.2).
    func subscriptionRefusal(existing: [Contract], on day: LocalDate, parameters: [ContractParameter]) -> String?

    /// The security deposit's cases and article (none: no deposit).
    var depositCases: [SecurityDeposit.Case] { get }
    var depositArticle: String { get }
    /// The article asking a distance sale's subscription documents within 15 days (001 CG 2, 003 CG 4); nil when none does.
    var distanceSaleDocumentsArticle: String? { get }
    /// The documents a subscription at a shop presents (001 CG 2, 003 CG 3.1): the article and the identity documents it accepts.
    var shopDocuments: (article: String, identities: [PresentedDocuments.Identity])? { get }
    /// The options an offering of the document gives on request, and where (001 Annexe 2).
    func requestableOptions(offeringID: String) -> [ContractOption.Kind]
    var optionsArticle: String? { get }
    /// The article asking for an advance on consumption, and the rating alerts that allow it (001 CG 10.4, 003 CG 8).
    var advanceArticle: String? { get }
    var advanceAlertRules: Set<String> { get }
    /// Paying merchants on the invoice: the article, and the catalog parameters of its caps (a month's purchases, a
    /// subscription's total), which the operator sets « le cas échéant » (001 Annexe 5, 003 CS paiement).
    var thirdPartyPayments: (article: String, monthlyCap: String, subscriptionCap: String)? { get }
    /// The catalog price of an option's activation, billed on its request; nil when it has none.
    func optionActivationPriceID(_ kind: ContractOption.Kind) -> String?

    /// 001: equipment lent (CG 6.3), a technician's installation (CG 5.2), moving house (CG 12).
    var lendsEquipment: Bool { get }
    var technicianVisit: Bool { get }
    var movingRules: Bool { get }
    /// 003 CG 6: when a change of offer applies.
    var offerChangeRules: Bool { get }
    /// 004: a count of packs, used on the customer's sites — billed whole months per licence in use (§15 BIL-3/5), never
    /// below the initial order (§9.1 DUR-3), its activation and deployment fees owed when cancelled before activation
    /// (§9.2 TER-4), its lines pooled per site (§2.6.1), its SDA numbers returned when the last one ends (§4.4), its
    /// monthly modules revised by index each year (§15.1).
    var packs: Bool { get }

    /// The article a monthly fee is billed pro rata of the days of service by.
    var proratedFeeArticle: String { get }
    /// Whether the document limits a line's usage at all, and the limits, with the catalog's values (nil when it sets none).
    var limitsUsage: Bool { get }
    func usageLimits(parameters: [ContractParameter], tenureMonths: Int, previousPeriods: [Money]) -> UsageLimits?
    /// 001 CG 10.4 a: a line's spend is compared with its previous periods' average.
    var comparesWithPreviousPeriods: Bool { get }
    /// How the document lets the catalog's prices change: the article of a yearly revision by index (004 §15.1), or why
    /// there is none (001 CG 10.5).
    var priceChange: (byIndex: Bool, rule: String) { get }
}

/// What a document without the rule leaves: nothing to date, owe or watch.
extension ContractTerms {
    public var legitimateReasons: [LegitimateReason] { [] }
    public func ineligibility(kind: PartyKind, territoryID: String) -> String? { nil }
    public func check(_ c: Contract, _ r: TerminationRequest) throws(ContractError) {}
    public func article(of reason: LegitimateReason) -> String { reasonsArticle }
    public func engagementStart(_ c: Contract) -> LocalDate? { c.activatedOn }
    public func engagementRule(_ c: Contract) -> (from: String, source: String) { ("activation", "\(document) (no engagement)") }
    public func checkEngagement(months: Int) throws(ContractError) {}
    public var renewalMonths: Int? { nil }
    public func renewal(_ c: Contract, after day: LocalDate) -> (term: ContractDeadlines.Dated, noticeLimit: ContractDeadlines.Dated)? { nil }
    public func withdrawalDeadline(_ c: Contract, calendar: WorkCalendar) -> Deadline? { nil }
    public var withdrawalWaivedByExecution: Bool { false }
    public func lateActivationCompensation(_ c: Contract, flat: Money?) throws(ContractError) -> TerminationQuote.Line? {
        guard c.activatedOn != nil else { throw .notActivated }
        return nil
    }
    public func nonPaymentSteps(_ c: Contract, due: LocalDate, suspendedOn: LocalDate?) -> [Contract.Step] { [] }
    public func operatorTerminationCharges(_ c: Contract, on day: LocalDate) throws(ContractError) -> [TerminationQuote.Line] { [] }
    public func misuseSuspension(_ c: Contract, noticeReceived: LocalDate, heldMailNoticeDeposited: LocalDate?, calendar: WorkCalendar) -> Contract.Step? { nil }
    public func suspendedTermination(_ c: Contract, noticeReceived: LocalDate) -> Contract.Step? { nil }
    public func misuseTermination(_ c: Contract, suspendedOn: LocalDate) -> Contract.Step? { nil }
    /// No engagement: effective the day the request is received, nothing owed.
    public func terminationQuote(_ c: Contract, _ r: TerminationRequest, fees: TerminationFees) throws(ContractError) -> TerminationQuote {
        let (effective, why) = c.effectiveDate(r, noticeDays: 0, source: terminationArticle)
        return TerminationQuote(contractID: c.id, requestReceivedOn: r.receivedOn, effectiveOn: effective, reason: nil, lines: [],
                                effectiveDateExplanation: why)
    }
    public var portOutArticle: String? { nil }
    public var listedByDefault: Bool { false }
    public func portOutWithinWithdrawal(_ c: Contract, _ r: TerminationRequest) -> TerminationQuote? { nil }
    public var portedLine: PortingRequest.Line? { nil }
    public var depositCases: [SecurityDeposit.Case] { [] }
    public var depositArticle: String { document }
    public var distanceSaleDocumentsArticle: String? { nil }
    public var chosenActivationLimit: (days: Int, article: String)? { nil }
    public var terminationCancellationNotice: (hours: Int, article: String)? { nil }
    public var unbilledSuspensionArticle: String? { nil }
    public var selfSuspensionArticle: String? { nil }
    public var theftArticle: String? { nil }
    public var activationFailureArticle: String? { nil }
    public var roaming: RoamLikeAtHome? { nil }
    public var priceChangeArticle: String? { nil }
    public func subscriptionRefusal(existing: [Contract], on day: LocalDate, parameters: [ContractParameter]) -> String? { nil }
    public var shopDocuments: (article: String, identities: [PresentedDocuments.Identity])? { nil }
    public func requestableOptions(offeringID: String) -> [ContractOption.Kind] { [] }
    public var optionsArticle: String? { nil }
    public var advanceArticle: String? { nil }
    public var advanceAlertRules: Set<String> { [] }
    public var thirdPartyPayments: (article: String, monthlyCap: String, subscriptionCap: String)? { nil }
    public func optionActivationPriceID(_ kind: ContractOption.Kind) -> String? { nil }
    public var lendsEquipment: Bool { false }
    public var technicianVisit: Bool { false }
    public var movingRules: Bool { false }
    public var offerChangeRules: Bool { false }
    public var packs: Bool { false }
    public var proratedFeeArticle: String { document }
    public var limitsUsage: Bool { false }
    public func usageLimits(parameters: [ContractParameter], tenureMonths: Int, previousPeriods: [Money]) -> UsageLimits? { nil }
    public var comparesWithPreviousPeriods: Bool { false }
    public var priceChange: (byIndex: Bool, rule: String) { (false, "\(document) provides no revision of its prices by index") }
}

extension ContractTerms {
    /// 001 CG 2, 003 CG 4 (C. conso L221-18, L221-19): 21 calendar days from a distance sale's order, extended to the next
    /// working day when it ends on a Saturday, Sunday or holiday; none after a sale in a shop.
    func distanceSaleWithdrawal(_ c: Contract, calendar: WorkCalendar, source: String) -> Deadline? {
        guard c.distanceSale else { return nil }
        return calendar.deadline(21, .calendar, after: c.orderedOn, extended: true, rule: "withdrawal after a distance sale", source: source)
    }
}

extension ContractFamily {
    /// The document whose rules the family's contracts follow.
    public var terms: any ContractTerms {
        switch self {
        case .livebox: LiveboxTerms()
        case .mobileMayotte: MobileMayotteTerms()
        case .workplace: WorkplaceTerms()
        case .assistance: RemoteAssistanceTerms()
        case .eServices: EServicesTerms()
        }
    }

    public var document: String { terms.document }
    public var legitimateReasons: [LegitimateReason] { terms.legitimateReasons }
    public var reasonsArticle: String { terms.reasonsArticle }
}

extension ContractParameter {
    /// A parameter's value among `parameters`, as an integer (× `scale`) or an amount, with its source.
    static func int(_ id: String, in parameters: [ContractParameter], scale: Int = 1) -> (limit: Int, source: String)? {
        parameters.first { $0.id == id }.flatMap { p in Int(p.value).map { ($0 * scale, p.source) } }
    }

    package static func money(_ id: String, in parameters: [ContractParameter]) -> (Money, String)? {
        parameters.first { $0.id == id }.flatMap { p in (try? Money(p.value)).map { ($0, p.source) } }
    }
}
