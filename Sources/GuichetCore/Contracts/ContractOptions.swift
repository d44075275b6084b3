/// 001 Annexe 2: what Livebox Infini gives on request — the second screen (a second TV decoder or a TV key, the customer's
/// choice, each with its 10 € activation; not in the version « sur ligne fixe »), the multi-screen recording, the security
/// suite, and the TV d'Orange on a Samsung connected TV sold since 2018, « accessible pendant vingt-quatre (24) mois sur
/// demande dans un délai de trois (3) mois après souscription de l'offre dans l'Espace client » (D-CTR-18).
public struct ContractOption: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case secondDecoder, tvKey, multiScreenRecording, securitySuite, tvOnConnectedTV

        /// The second screen is one of the two, at a time.
        public var isSecondScreen: Bool { self == .secondDecoder || self == .tvKey }
    }

    public let kind: Kind
    public let requestedOn: LocalDate
    /// The first day it is no longer provided when the document limits it (the connected TV: 24 months after the request).
    public let endsOn: LocalDate?
    /// The day the customer stopped it, or the contract's end took it away.
    public internal(set) var stoppedOn: LocalDate?
    public let explanation: Explanation

    public func active(on day: LocalDate) -> Bool {
        requestedOn <= day && stoppedOn.map { day < $0 } != false && endsOn.map { day < $0 } != false
    }
}

extension Contract {
    /// The day the offering in force was subscribed: the order's, or the change of offer that brought it.
    public var offerSubscribedOn: LocalDate { offerChanges?.last?.on ?? orderedOn }

    /// The option of `kind` provided on `day`, if any.
    public func option(_ kind: ContractOption.Kind, on day: LocalDate) -> ContractOption? {
        options?.last { $0.kind == kind && $0.active(on: day) }
    }

    /// Records the customer's request for an option on `day` (today), refusing what the offer in force does not give:
    /// an option held already, a second screen while the other is held, the connected TV after its 3 months or without a
    /// compatible television.
    @discardableResult
    public mutating func requestOption(_ kind: ContractOption.Kind, on day: LocalDate, compatibleTV: Bool = false) throws(ContractError) -> ContractOption {
        let article = family.terms.optionsArticle
        guard family.terms.requestableOptions(offeringID: offeringID).contains(kind) else {
            throw .invalid(field: "option", reason: "'\(offeringID)' does not give \(kind.rawValue) on request (\(article ?? "its document gives no options"))")
        }
        guard state == .pendingActivation || state == .active else { throw .invalid(field: "contract", reason: "the contract is \(state.rawValue)") }
        guard day >= offerSubscribedOn else { throw .invalid(field: "on", reason: "\(day) is before the offer's subscription, \(offerSubscribedOn)") }
        if option(kind, on: day) != nil { throw .invalid(field: "option", reason: "\(kind.rawValue) is provided already") }
        if kind.isSecondScreen, let other = options?.first(where: { $0.kind.isSecondScreen && $0.active(on: day) }) {
            throw .invalid(field: "option", reason: "the second screen is \(other.kind.rawValue) already: one of the two, at the customer's choice (\(article!))")
        }
        var endsOn: LocalDate?
        var explanation = Explanation(rule: "offered on request with the offer", source: article!, inputs: ["requested": day.description], result: "provided from \(day)")
        if kind == .tvOnConnectedTV {
            let lastDay = offerSubscribedOn.adding(months: 3)
            guard day <= lastDay else {
                throw .invalid(field: "on", reason: "the TV on a connected TV is asked within 3 months of subscribing the offer (\(offerSubscribedOn)): by \(lastDay) (\(article!))")
            }
            guard compatibleTV else {
                throw .invalid(field: "compatibleTV", reason: "the option needs a Samsung connected TV sold since 2018 (\(article!))")
            }
            let end = day.adding(months: 24)
            endsOn = end
            explanation = Explanation(rule: "asked within 3 months of subscribing the offer, provided for 24 months", source: article!,
                                      inputs: ["subscribed": offerSubscribedOn.description, "requested": day.description],
                                      result: "provided from \(day) to \(end.adding(days: -1))")
        }
        let o = ContractOption(kind: kind, requestedOn: day, endsOn: endsOn, explanation: explanation)
        options = (options ?? []) + [o]
        return o
    }

    /// Stops the option provided on `day`: the customer's choice, the end of its 24 months, or the contract's end.
    public mutating func stopOption(_ kind: ContractOption.Kind, on day: LocalDate) throws(ContractError) {
        guard let i = options?.lastIndex(where: { $0.kind == kind && $0.active(on: day) }) else {
            throw .invalid(field: "option", reason: "\(kind.rawValue) is not provided on \(day)")
        }
        options![i].stoppedOn = day
    }
}
