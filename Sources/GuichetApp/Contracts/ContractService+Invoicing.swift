import GuichetCore
import GuichetStore

/// How invoices reach the customer. 001 CG 10.1: on paper as well, once expressly asked (D-BILL-15). 001 CG 10.3, 003
/// CG 10 (D-BILL-14): a consumer designates a third-party payer, who receives the invoices' notices (and the dunning's, in
/// copy: the customer stays liable) until the commitment ends.
extension ContractService {
    /// Paper invoices asked (from `day`) or given up: invoices issued from then on are posted as well, or no longer.
    public func paperInvoices(_ customerID: String, _ paper: Bool, on day: LocalDate, at now: Instant) async throws -> Customer {
        guard var c = try await customer(customerID) else { throw ContractServiceError.notFound(customerID) }
        guard day <= today(of: c, at: now) else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        guard paper != (c.paperInvoicesFrom != nil) else { return c }
        if paper, c.details.address == nil {
            throw ContractError.invalid(field: "customer", reason: "no postal address on record to post the invoices to (001 CG 10.1)")
        }
        c.paperInvoicesFrom = paper ? day : nil
        try await customerRepository.save(c, as: .paperInvoices, at: now)
        return c
    }

    public struct PayerDesignation: Sendable, Codable {
        public let name: String
        public let email: String?
        public let address: Address?
        public let designatedOn: LocalDate
        public let attestationOn: LocalDate?

        public init(name: String, email: String?, address: Address?, designatedOn: LocalDate, attestationOn: LocalDate?) {
            self.name = name; self.email = email; self.address = address; self.designatedOn = designatedOn; self.attestationOn = attestationOn
        }
    }

    /// Designates the payer from `designatedOn` (today or before), replacing a previous one; a customer holding a Mayotte
    /// mobile contract gives the payer's attestation (003 CG 10).
    public func designatePayer(_ customerID: String, _ d: PayerDesignation, at now: Instant) async throws -> Customer {
        guard var c = try await customer(customerID) else { throw ContractServiceError.notFound(customerID) }
        guard c.kind == .consumer else {
            throw ContractError.invalid(field: "customer", reason: "a third-party payer is the consumer contracts' (001 CG 10.3, 003 CG 10), not a \(c.kind.rawValue)'s")
        }
        guard d.designatedOn <= today(of: c, at: now) else { throw ContractError.invalid(field: "designatedOn", reason: "\(d.designatedOn) is after today") }
        if d.attestationOn == nil, try await contracts(of: customerID).contains(where: { $0.family.terms.document == "003" && !$0.state.isFinal }) {
            throw ContractError.invalid(field: "attestationOn", reason: "the payer's attestation of their commitment is required (003 CG 10)")
        }
        let payer = try ThirdPartyPayer(name: d.name, email: d.email, address: d.address, designatedOn: d.designatedOn, attestationOn: d.attestationOn)
        if let a = d.address { try PartyDetails(address: a).validate(kind: .consumer, territories: Set(territories.keys)) }
        c.payer = payer
        try await customerRepository.save(c, as: .payerDesignated, at: now)
        return c
    }

    /// Ends the payer's commitment on `day` (their recorded letter, 003 CG 10, or the customer's request): the notices go
    /// to the customer alone from that day.
    public func endPayer(_ customerID: String, on day: LocalDate, at now: Instant) async throws -> Customer {
        guard var c = try await customer(customerID) else { throw ContractServiceError.notFound(customerID) }
        guard var payer = c.payer else { throw ContractError.invalid(field: "payer", reason: "the customer has designated no third-party payer") }
        guard day <= today(of: c, at: now) else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        try payer.end(on: day)
        c.payer = payer
        try await customerRepository.save(c, as: .payerEnded, at: now)
        return c
    }
}
