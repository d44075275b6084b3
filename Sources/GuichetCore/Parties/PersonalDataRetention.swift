/// How long a customer's personal data is kept, and when it must go (001 Annex 6, 003 PDP, GDPR).
public enum PersonalDataRetention {
    /// "durée maximale de 3 ans à compter de la fin de la relation" (001 Annex 6, 003 PDP): contract data.
    public static let monthsAfterRelationship = 36

    /// The relationship ends on the day its last contract ended (terminated, cancelled or withdrawn);
    /// while any contract goes on, so does the relationship (nil).
    public static func endOfRelationship(_ contracts: [Contract]) -> LocalDate? {
        guard !contracts.isEmpty, contracts.allSatisfy(\.state.isFinal) else { return nil }
        return contracts.compactMap { c in c.history.last { $0.to.isFinal }?.on }.max()
    }

    /// When the personal data must be erased, with the rule; nil while the relationship goes on.
    public static func erasureDue(_ contracts: [Contract]) -> (date: LocalDate, explanation: Explanation)? {
        guard let end = endOfRelationship(contracts) else { return nil }
        let due = end.adding(months: monthsAfterRelationship)
        return (due, Explanation(rule: "personal data kept at most 3 years from the end of the relationship",
                                 source: "001 Annexe 6; 003 PDP", inputs: ["endOfRelationship": end.description], result: due.description))
    }

    /// Why an erasure asked for now cannot happen yet, or nil: data a live contract needs is kept
    /// (GDPR art. 17(3)(b) and 6(1)(b), 001 Annex 6 "exécution du contrat").
    public static func erasureRefusal(_ contracts: [Contract]) -> String? {
        guard let live = contracts.first(where: { !$0.state.isFinal }) else { return nil }
        return "contract \(live.id) is \(live.state.rawValue): its data is needed to perform it until it is terminated (GDPR art. 17(3)(b))"
    }
}

/// A data-subject request the operator must answer (001 Annexe 6 R-DSR-2: within one month of receipt).
/// 001 Annexe 6: « un droit d'accès, de rectification et de suppression […]. Vous pouvez demander la Portabilité de ces
/// dernières. Vous avez également le droit de vous opposer aux traitements réalisés ou d'en demander la limitation. Vous
/// pouvez émettre des directives sur la conservation, la suppression ou la communication de vos données personnelles
/// après votre décès » — each request « accompagnée de la photocopie d'un justificatif d'identité » (D-PRIV-9).
public struct PersonalDataRequest: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case erasure, access, rectification, portability, objection, limitation, postMortemDirectives
    }

    public let id: String
    public let customerID: String
    public let kind: Kind
    public let receivedOn: LocalDate
    /// What the customer asks, in their words: the processing objected to, the directives given, the data to correct.
    public var text: String?
    /// How the requester's identity was checked (D-PRIV-9): the copy of an identity document a request by post or e-mail
    /// comes with, or the customer space's sign-in.
    public enum Identification: String, Sendable, Codable { case identityDocument = "identity document copy", customerSpace = "customer space (signed in)" }
    public var identifiedBy: Identification?
    public var answeredOn: LocalDate?
    /// The answer given (an erasure is answered by the erasure itself).
    public var answer: String?

    public init(id: String, customerID: String, kind: Kind, receivedOn: LocalDate, text: String? = nil, identifiedBy: Identification? = nil) {
        self.id = id; self.customerID = customerID; self.kind = kind; self.receivedOn = receivedOn; self.text = text; self.identifiedBy = identifiedBy
    }

    /// One month from receipt, the last day included (001 Annexe 6; GDPR art. 12(3)).
    public var dueOn: LocalDate { receivedOn.adding(months: 1) }

    public var dueExplanation: Explanation {
        Explanation(rule: "a data-subject request is answered within one month of its receipt", source: "001 Annexe 6 (R-DSR-2); GDPR art. 12(3)",
                    inputs: ["receivedOn": receivedOn.description], result: dueOn.description)
    }
}
