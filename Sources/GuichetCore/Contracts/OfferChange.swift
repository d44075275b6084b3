/// A running contract moved to another offer of its document on a day: the new offering and its monthly fee from that
/// day, the engagement kept — 001 CG 12: « le Contrat se poursuit pour une durée indéterminée avec le cas échéant la durée
/// d'engagement restante »; 003 CG 6 and CS-FB 6 (D-CTR-15).
public struct OfferChange: Sendable, Codable, Hashable {
    public let on: LocalDate
    public let from: String
    public let to: String
    /// The new offering's monthly fee in force on the change day, frozen as the order's was (D-CTR-2).
    public let fee: PriceQuote?
    public let explanation: Explanation

    public init(on: LocalDate, from: String, to: String, fee: PriceQuote?, explanation: Explanation) {
        self.on = on; self.from = from; self.to = to; self.fee = fee; self.explanation = explanation
    }
}

extension Contract {
    /// The offering in force on `day`: the order's before the first change.
    public func offering(on day: LocalDate) -> String {
        guard let changes = offerChanges, let first = changes.first else { return offeringID }
        return day < first.on ? first.from : changes.last { $0.on <= day }!.to
    }

    /// The offers a period of service went through, each from its first day (the period's, or its change's) with its fee.
    public func offerSegments(from first: LocalDate, to last: LocalDate) -> [(from: LocalDate, offering: String, fee: PriceQuote?)] {
        var segments = [(from: first, offering: offering(on: first), fee: fee(on: first))]
        for c in offerChanges ?? [] where c.on > first && c.on <= last {
            segments.append((c.on, c.to, fee(on: c.on)))
        }
        return segments
    }

    /// Moves the contract to `change.to` on its day: a running contract of the same offering family, after its activation
    /// and its last change, to another offering; a port-out confirmed forbids it (001 Annexe 3 art. 3.4).
    public mutating func changeOffer(_ change: OfferChange) throws(ContractError) {
        guard state == .active || state == .suspended else {
            if state == .pendingTermination, terminationRequest?.portOut == true {
                throw .invalid(field: "offering", reason: "the port-out of its number is confirmed: no offer change any more (001 Annexe 3 art. 3.4)")
            }
            throw .invalid(field: "contract", reason: "the contract is \(state.rawValue): only a running contract changes offer")
        }
        if let pending = pendingOfferChange, pending.from != change.from || pending.to != change.to {
            throw .invalid(field: "offering", reason: "a change to '\(pending.to)' on \(pending.on) is already asked")
        }
        guard change.from == offeringID, change.to != offeringID else {
            throw .invalid(field: "offering", reason: "the contract is on '\(offeringID)' already")
        }
        guard let activated = activatedOn, change.on >= activated else {
            throw .invalid(field: "on", reason: "an offer changes once the service is active (\(activatedOn?.description ?? "not activated"))")
        }
        if let last = offerChanges?.last, change.on <= last.on {
            throw .invalid(field: "on", reason: "the offer changed on \(last.on) already: a change on \(change.on) comes too late")
        }
        offerChanges = (offerChanges ?? []) + [change]
        offeringID = change.to
        pendingOfferChange = nil
        // 001 A5 7.3, 003 CS paiement 7.2: « les désactivations effectuées dans le cadre de son ancienne Offre ne se reportent pas ».
        thirdPartyPayments?.deactivatedOn = nil
        // An option the new offer does not give stops with the old one (001 Annexe 2).
        let kept = family.terms.requestableOptions(offeringID: change.to)
        for i in options?.indices ?? 0..<0 where options![i].active(on: change.on) && !kept.contains(options![i].kind) {
            options![i].stoppedOn = change.on
        }
    }

    /// Moves the change asked to `change`'s day (001 CG 7.1: the fibre's plug-in, or 30 days after the connection).
    public mutating func rescheduleOfferChange(_ change: OfferChange) throws(ContractError) {
        guard let pending = pendingOfferChange, pending.from == change.from, pending.to == change.to else {
            throw .invalid(field: "offering", reason: "no change to '\(change.to)' is asked")
        }
        pendingOfferChange = change
    }

    /// Records a change asked for a later day, which `changeOffer` makes on it; one at a time.
    public mutating func askOfferChange(_ change: OfferChange) throws(ContractError) {
        if let pending = pendingOfferChange { throw .invalid(field: "offering", reason: "a change to '\(pending.to)' on \(pending.on) is already asked") }
        var trial = self
        try trial.changeOffer(change)
        pendingOfferChange = change
    }
}
