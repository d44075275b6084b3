/// 001 CG 2, 003 CG 4: a contract subscribed at a distance is backed by copies of its subscription documents (identity,
/// bank details, and what was asked) sent within 15 days of its conclusion; not sent, the customer is reminded, and 8 days
/// after the reminder the contract is suspended then terminated, without indemnity, its fees due until then (D-CTR-14).
extension Contract {
    /// The reminder's day, the day after the 15 days from the conclusion (the order); nil when the contract was not sold at
    /// a distance, its document asks for no copies, or they came.
    public var documentsReminder: Step? {
        guard distanceSale, subscriptionDocumentsOn == nil, let article = family.terms.distanceSaleDocumentsArticle else { return nil }
        let from = orderedOn.adding(days: 15 + 1)
        return Step(measure: "reminder", from: from, billingContinues: true, explanation: Explanation(
            rule: "copies of the subscription documents not received within 15 days of the conclusion: the customer reminded the day after",
            source: article, inputs: ["concluded": orderedOn.description], result: from.description))
    }

    /// The suspension and termination 8 days after the reminder sent on `remindedOn`.
    public func documentsTermination(remindedOn: LocalDate) -> Step? {
        guard let article = family.terms.distanceSaleDocumentsArticle else { return nil }
        let from = remindedOn.adding(days: 8)
        return Step(measure: "termination", from: from, billingContinues: true, explanation: Explanation(
            rule: "copies still missing 8 days after the reminder: the contract suspended then terminated, without indemnity, fees due until then",
            source: article, inputs: ["reminded": remindedOn.description], result: from.description))
    }

    /// Records what a customer subscribing at a shop presented, which its document requires (a distance sale sends copies
    /// instead, and a migrated contract's were checked before: neither records them).
    public mutating func recordPresentedDocuments(_ documents: PresentedDocuments?, kind: PartyKind) throws(ContractError) {
        guard let (article, identities) = family.terms.shopDocuments, !distanceSale else {
            guard documents == nil else {
                throw .invalid(field: "presentedDocuments", reason: distanceSale ? "a distance sale sends copies of its documents (subscriptionDocumentsOn)"
                                                                                 : "this contract's document asks for no documents at its subscription")
            }
            return
        }
        guard let documents else {
            throw .invalid(field: "presentedDocuments", reason: "a subscription at a shop records the documents presented: an identity document, bank or postal "
                                                                + "details in the holder's name, a proof of address when their addresses differ (\(article))")
        }
        if let why = documents.missing(article: article, identities: identities, kind: kind) { throw .invalid(field: "presentedDocuments", reason: why) }
        presentedDocuments = documents
    }

    /// Records the copies' receipt on `day`, once, for a distance sale that asks for them, between the order and today.
    public mutating func recordDocumentsReceived(on day: LocalDate) throws(ContractError) {
        guard distanceSale, let article = family.terms.distanceSaleDocumentsArticle else {
            throw .invalid(field: "contract", reason: "only a distance sale of a contract whose document asks for copies (001 CG 2, 003 CG 4) awaits them")
        }
        if let received = subscriptionDocumentsOn { throw .invalid(field: "documents", reason: "received already, on \(received)") }
        guard day >= orderedOn else { throw .invalid(field: "receivedOn", reason: "\(day) is before the order, \(orderedOn) (\(article))") }
        subscriptionDocumentsOn = day
    }
}

/// 001 CG 2, 003 CG 3.1: what a customer subscribing at a shop presents — « l'original d'une pièce d'identité en cours de
/// validité », « un relevé d'identité bancaire ou postal au nom du titulaire », « un justificatif de domicile à son nom, en
/// cas de divergence entre les adresses figurant sur les différentes pièces justificatives »; for a legal person (003), the
/// company's extract and the mandate of whoever signs (D-CTR-19).
public struct PresentedDocuments: Sendable, Codable, Hashable {
    public enum Identity: String, Sendable, Codable, CaseIterable {
        case nationalIdCard, euIdCard, passport, residentCard, residencePermit
        /// 003 only: « livret de circulation ».
        case circulationBooklet
    }

    public let identity: Identity
    public let bankDetails: Bool
    /// The documents' addresses differ, which calls for a proof of address.
    public let addressesDiffer: Bool
    public let proofOfAddress: Bool
    /// A legal person's: an extract of the trade register under 3 months (or its legal mentions), and the signatory's mandate.
    public let companyExtract: Bool
    public let mandate: Bool

    public init(identity: Identity, bankDetails: Bool, addressesDiffer: Bool = false, proofOfAddress: Bool = false,
                companyExtract: Bool = false, mandate: Bool = false) {
        self.identity = identity; self.bankDetails = bankDetails; self.addressesDiffer = addressesDiffer; self.proofOfAddress = proofOfAddress
        self.companyExtract = companyExtract; self.mandate = mandate
    }

    /// What was not presented may go unsaid: only the identity document and the bank details are always named.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(identity: try c.decode(Identity.self, forKey: .identity), bankDetails: try c.decode(Bool.self, forKey: .bankDetails),
                  addressesDiffer: try c.decodeIfPresent(Bool.self, forKey: .addressesDiffer) ?? false,
                  proofOfAddress: try c.decodeIfPresent(Bool.self, forKey: .proofOfAddress) ?? false,
                  companyExtract: try c.decodeIfPresent(Bool.self, forKey: .companyExtract) ?? false,
                  mandate: try c.decodeIfPresent(Bool.self, forKey: .mandate) ?? false)
    }

    /// What is missing for a subscription under `article`, accepting `identities`, by a customer of `kind`; nil when nothing is.
    public func missing(article: String, identities: [Identity], kind: PartyKind) -> String? {
        guard identities.contains(identity) else {
            return "\(identity.rawValue) is not an identity document \(article) accepts (\(identities.map(\.rawValue).joined(separator: ", ")))"
        }
        guard bankDetails else { return "bank or postal details in the holder's name are presented (\(article))" }
        guard !addressesDiffer || proofOfAddress else { return "the documents' addresses differ: a proof of address in the customer's name is presented (\(article))" }
        guard kind == .consumer || (companyExtract && mandate) else {
            return "a legal person presents its trade register extract and the mandate of whoever signs (\(article))"
        }
        return nil
    }
}
