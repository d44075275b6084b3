/// A contract as sold: its offer and price version, its engagement and its dates. State
/// changes are recorded as history (append-only) and folded into `state`.
public struct Contract: Sendable, Codable, Hashable, Identifiable {
    public let id: String
    public let customerID: String
    public let family: ContractFamily
    /// The offering in force since its last change (`offerChanges`), the order's before any.
    public internal(set) var offeringID: String
    public let territoryID: String
    /// The monthly fee F the engagement is computed on, frozen at the order (grandfathered); for 004
    /// equipment, the rental.
    public let monthlyFee: PriceQuote?
    /// A one-off's price, frozen at the order and billed once on the day it is delivered: equipment bought rather than
    /// rented, on its reception (004 §2.5, §15 BIL-7); an ordered service, once performed (004 §4.4).
    public let purchasePrice: PriceQuote?
    /// Packs or lines billed at `monthlyFee` (004: the pack count; 1 otherwise).
    public let quantity: Int
    /// Engagement in months (0: none).
    public let engagementMonths: Int
    /// The order (subscription, Bon de Commande signature) date.
    public let orderedOn: LocalDate
    public let distanceSale: Bool
    /// 003 CG 5: the activation date the customer chose.
    public let chosenActivationDate: LocalDate?
    public var activatedOn: LocalDate?
    public var state: ContractState
    /// The operator's own reference, kept from a migration import (idempotent by it).
    public var externalID: String?
    public var history: [ContractEvent]
    /// The day its next obligation falls due (a termination on its effective date…), nil when none is pending (issue 23).
    public var nextActionOn: LocalDate?
    /// The index revisions of its monthly fee (004 §15.1), in date order; absent until the first.
    public private(set) var revisions: [FeeRevision]?
    /// 001 CG 6.3: the day the lent equipment came back, once it has.
    public private(set) var equipmentReturnedOn: LocalDate?
    /// 004 §9.1 DUR-4: the tacit 12-month renewals made since the engagement ended; absent until the first.
    public internal(set) var renewals: Int?
    /// 001 CG 5.2: the installation visit, once one is needed, at its last step.
    public internal(set) var appointment: TechnicianAppointment?
    /// 001 CG 3, 003 CG 9: the security deposit asked, once it is.
    public internal(set) var deposit: SecurityDeposit?
    /// 001 CG 12, 003 CG 6: the changes of offer made, in date order; absent until the first.
    public internal(set) var offerChanges: [OfferChange]?
    /// A change asked for a later day (003 CG 6: the next billing day, or a day before it), until that day.
    public internal(set) var pendingOfferChange: OfferChange?
    /// 001 CG 6.3: the deposit paid for the decoder, once it is.
    public internal(set) var decoderDeposit: DecoderDeposit?
    /// 001 CG 2, 003 CG 4: the day the copies of a distance sale's subscription documents came, once they have.
    public internal(set) var subscriptionDocumentsOn: LocalDate?
    /// 001 CG 2, 003 CG 3.1: the documents presented at a shop subscription, as staff recorded them with the order.
    public internal(set) var presentedDocuments: PresentedDocuments?
    /// 001 Annexe 5, 003 CS paiement: the payment of merchants on the invoice, once it was turned off or used for a subscription.
    public internal(set) var thirdPartyPayments: ThirdPartyPayments?
    /// 001 CG 10.4, 003 CG 8: the advance on consumption last asked.
    public internal(set) var advance: ConsumptionAdvance?
    /// 001 Annexe 2: the options asked, in request order; absent until the first.
    public internal(set) var options: [ContractOption]?
    /// A capped plan's top-ups (003 CS-FB 3).
    public internal(set) var topUps: [TopUp]?
    /// A capped plan's last invitation to top up (003 CS-FB 3).
    public internal(set) var lowBalanceNotice: LowBalanceNotice?
    /// 003 CS-FB 4: the day the customer last asked for the statement of their top-ups and communications.
    public internal(set) var statementRequestedOn: LocalDate?
    /// 003 CG 11.4: the changes of price notified.
    public internal(set) var priceChanges: [PriceChange]?
    /// 003 CG 5: the failed activation the customer reported.
    public internal(set) var activationFailure: ActivationFailure?
    /// 003 CG 20: the thefts declared to an advisor.
    public internal(set) var thefts: [Theft]?

    /// The most units one contract line may order: far above any pack order the documents imagine
    /// (004 counts packs per user), low enough that no price times it nears `Money.limit` (D-SEC-8).
    public static let maxQuantity = 10_000

    public init(id: String, customerID: String, family: ContractFamily, offeringID: String, territoryID: String,
                monthlyFee: PriceQuote?, quantity: Int = 1, engagementMonths: Int, orderedOn: LocalDate, distanceSale: Bool,
                chosenActivationDate: LocalDate? = nil, purchasePrice: PriceQuote? = nil) throws(ContractError) {
        guard (1...Contract.maxQuantity).contains(quantity) else {
            throw .invalid(field: "quantity", reason: "\(quantity) is not between 1 and \(Contract.maxQuantity) (D-SEC-8)")
        }
        guard engagementMonths >= 0 else { throw .invalid(field: "engagementMonths", reason: "must not be negative") }
        try family.terms.checkEngagement(months: engagementMonths)
        self.id = id; self.customerID = customerID; self.family = family; self.offeringID = offeringID; self.territoryID = territoryID
        self.monthlyFee = monthlyFee; self.quantity = quantity; self.engagementMonths = engagementMonths; self.orderedOn = orderedOn
        self.distanceSale = distanceSale; self.chosenActivationDate = chosenActivationDate; self.purchasePrice = purchasePrice
        activatedOn = nil
        externalID = nil
        state = .pendingActivation
        history = []
        nextActionOn = nil
    }

    /// Applies an action on a day; throws, leaving the contract unchanged, when the state does not allow it. `termination`:
    /// a termination request's terms (a later date, a legitimate reason, a port-out), received that day.
    public mutating func apply(_ action: ContractAction, on day: LocalDate, note: String? = nil, termination: TerminationRequest? = nil,
                               ground: SuspensionGround? = nil) throws(ContractError) {
        if ground != nil {
            guard action == .suspend, family.terms.unbilledSuspensionArticle != nil else {
                throw .invalid(field: "ground", reason: "a suspension's ground is given with a suspension of a contract whose document waives its fees (003 CG 15)")
            }
        }
        if let termination {
            guard action == .requestTermination else { throw .invalid(field: "termination", reason: "is given with a termination request only") }
            guard termination.receivedOn == day else { throw .invalid(field: "termination", reason: "a request is received the day it is recorded on, \(day)") }
            try family.terms.check(self, termination)
        }
        let next = try action.apply(to: state)
        if action == .activate { activatedOn = day }
        history.append(ContractEvent(action: action, from: state, to: next, on: day, note: note, termination: termination, ground: ground))
        state = next
    }

    /// Records a revision of the monthly fee; one revision a day, after those before it.
    public mutating func revise(_ revision: FeeRevision) throws(ContractError) {
        guard monthlyFee != nil else { throw .invalid(field: "revision", reason: "the contract has no monthly fee to revise") }
        if let last = revisions?.last, last.on >= revision.on {
            throw .invalid(field: "revision", reason: "already revised on \(last.on): a revision on \(revision.on) comes too late")
        }
        revisions = (revisions ?? []) + [revision]
    }

    /// Records the lent equipment's return (001 CG 6.3), once.
    public mutating func recordEquipmentReturned(on day: LocalDate) throws(ContractError) {
        if let returned = equipmentReturnedOn { throw .invalid(field: "equipment", reason: "returned already, on \(returned)") }
        equipmentReturnedOn = day
    }

    /// The termination request in force: the last one received, with its terms (absent from those recorded before them).
    public var terminationRequest: TerminationRequest? {
        history.last { $0.action == .requestTermination }.map { $0.termination ?? TerminationRequest(receivedOn: $0.on) }
    }

    /// The day the engagement starts: activation (001, 003: the contract takes effect on activation),
    /// or the order's signature (004 §9.1 DUR-1).
    public var engagementStart: LocalDate? { family.terms.engagementStart(self) }

    public var engagementEnd: LocalDate? { engagementStart.map { $0.adding(months: engagementMonths) } }
}

public struct ContractEvent: Sendable, Codable, Hashable {
    public let action: ContractAction
    public let from: ContractState
    public let to: ContractState
    public let on: LocalDate
    public let note: String?
    /// A termination request's terms.
    public var termination: TerminationRequest? = nil
    /// A suspension's ground, when it changes what is owed (003 CG 15).
    public var ground: SuspensionGround? = nil
}

/// 003 CG 15: « Pour des raisons liées à l'ordre public, la défense nationale, la sécurité publique ou la protection des
/// données personnelles du Client contre le comportement frauduleux de tiers, Orange peut suspendre le Service […]. Dans
/// cette hypothèse, les redevances d'abonnement ne seront pas dues par le Client pendant toute la période de suspension ».
public enum SuspensionGround: String, Sendable, Codable, CaseIterable {
    case publicOrder
}
