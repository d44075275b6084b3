/// 001 CG 10.3, 003 CG 10: someone the customer designates to receive the invoices and pay them in their place; the
/// customer alone holds the contract and stays liable if the payer fails. 003 asks for the payer's signed attestation of
/// their commitment, and lets the payer end it by a recorded letter (D-BILL-14).
public struct ThirdPartyPayer: Sendable, Codable, Hashable {
    public let name: String
    /// Where the invoices are sent: an e-mail address, a postal address, or both.
    public let email: String?
    public let address: Address?
    public let designatedOn: LocalDate
    /// 003 CG 10: the day the payer's attestation came.
    public let attestationOn: LocalDate?
    /// The day the payer's commitment ended (their recorded letter, or the customer's change).
    public private(set) var endedOn: LocalDate?

    public init(name: String, email: String?, address: Address?, designatedOn: LocalDate, attestationOn: LocalDate?) throws(ContractError) {
        guard !name.allSatisfy(\.isWhitespace) else { throw .invalid(field: "payer.name", reason: "must not be empty") }
        guard email != nil || address != nil else { throw .invalid(field: "payer", reason: "an e-mail or a postal address to send the invoices to (001 CG 10.3)") }
        if let email, !EmailAddress.isValid(email) { throw .invalid(field: "payer.email", reason: "'\(email)' is not an e-mail address") }
        if let attestationOn, attestationOn > designatedOn {
            throw .invalid(field: "payer.attestationOn", reason: "the attestation comes with the designation, not after it (\(designatedOn))")
        }
        self.name = name; self.email = email; self.address = address; self.designatedOn = designatedOn; self.attestationOn = attestationOn
    }

    /// Ends the commitment on `day`, once, not before it began.
    public mutating func end(on day: LocalDate) throws(ContractError) {
        if let endedOn { throw .invalid(field: "payer", reason: "ended already, on \(endedOn)") }
        guard day >= designatedOn else { throw .invalid(field: "on", reason: "\(day) is before the designation, \(designatedOn)") }
        endedOn = day
    }

    /// Whether the payer receives what is sent on `day`.
    public func pays(on day: LocalDate) -> Bool { designatedOn <= day && endedOn.map { day < $0 } ?? true }
}
