/// 003 CG 11.4: « Les prix des Services pourront être modifiés en cas d'évolution législative ou réglementaire telle une
/// variation du taux de la taxe sur la valeur ajoutée (TVA) […] au maximum à hauteur du montant de la variation du taux »,
/// « dans un délai maximum de 3 mois suivant la date d'entrée en vigueur », the customer « informé 1 mois avant »; a change
/// « au bénéfice exclusif du Client n'ouvre pas droit à résiliation sans frais »; the others open CG 16.2.2's: « à compter de
/// la notification […] pendant un délai de quatre (4) mois suivant la prise d'effet de cette modification » (L224-33;
/// D-CTR-23).
public struct PriceChange: Sendable, Codable, Hashable {
    public enum Ground: String, Sendable, Codable, CaseIterable { case regulatory, commercial }

    public let ground: Ground
    public let notifiedOn: LocalDate
    public let effectiveOn: LocalDate
    public let from: Money
    public let to: Money

    public init(ground: Ground, notifiedOn: LocalDate, effectiveOn: LocalDate, from: Money, to: Money) {
        self.ground = ground; self.notifiedOn = notifiedOn; self.effectiveOn = effectiveOn; self.from = from; self.to = to
    }

    /// A lower price: no right to terminate without fees.
    public var benefitsOnly: Bool { to < from }
    /// The last day a termination for it is free.
    public var terminationWindowEnd: LocalDate { effectiveOn.adding(months: 4) }

    /// The new fee a regulatory change allows at most: the fee moved by the rate's variation, (100 + new) / (100 + old).
    public static func regulatoryCeiling(_ fee: Money, fromRate: Int, toRate: Int) -> Money {
        fee.multiplied(by: Int64(100 + toRate), dividedBy: Int64(100 + fromRate), roundedTo: .cent, .halfUp)
    }
}

extension Contract {
    /// Records `change`, announced on its day, and the revision of the fee it makes on its effective day.
    /// - Parameter regulationInForceOn: a regulatory change's law or rule, in force from that day.
    public mutating func announcePriceChange(_ change: PriceChange, regulationInForceOn: LocalDate?) throws(ContractError) {
        guard let article = family.terms.priceChangeArticle else { throw .invalid(field: "contract", reason: "this contract's document provides no change of price") }
        guard [.active, .suspended, .pendingActivation].contains(state) else { throw .invalid(field: "contract", reason: "the contract is \(state.rawValue)") }
        guard change.effectiveOn >= change.notifiedOn.adding(months: 1) else {
            throw .invalid(field: "effectiveOn", reason: "the customer is informed a month before: \(change.effectiveOn) is before \(change.notifiedOn.adding(months: 1)) (\(article))")
        }
        if change.ground == .regulatory {
            guard let inForce = regulationInForceOn, change.effectiveOn <= inForce.adding(months: 3) else {
                throw .invalid(field: "effectiveOn", reason: "a regulatory change applies within 3 months of the rule's entry into force (\(article))")
            }
        }
        try revise(FeeRevision(on: change.effectiveOn, amount: change.to, explanation: Explanation(
            rule: change.ground == .regulatory ? "price moved by the variation of the regulated rate" : "price changed by Orange, notified a month before",
            source: article, inputs: ["notified": change.notifiedOn.description, "from": change.from.description], result: change.to.description)))
        priceChanges = (priceChanges ?? []) + [change]
    }

    /// CG 16.2.2, L224-33: the change whose window a termination received on `day` for a contract modification falls in.
    public func modificationOpeningTermination(receivedOn day: LocalDate) -> PriceChange? {
        priceChanges?.last { !$0.benefitsOnly && $0.notifiedOn <= day && day <= $0.terminationWindowEnd }
    }
}
