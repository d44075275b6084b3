import GuichetCore
import GuichetStore

/// 001 Annexe 2 (D-CTR-18): an option asked with the activation fee the catalog prices for it, billed from the service's
/// activation on the next invoice.
extension BillingService {
    public func requestOption(contractID: String, _ kind: ContractOption.Kind, compatibleTV: Bool = false, at now: Instant) async throws -> Contract {
        guard let c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        let day = contracts.today(in: c.territoryID, at: now)
        // The document's refusals first: a fee is priced only for an option the contract may have.
        var asked = c
        try asked.requestOption(kind, on: day, compatibleTV: compatibleTV)
        var fee: RecordedCharge?
        if let price = c.family.terms.optionActivationPriceID(kind) {
            fee = try await charge(ChargeRequest(priceID: price, on: day), territory: c.territoryID, owned: [c])
        }
        return try await contracts.optionAsked(asked, compatibleTV: compatibleTV, fee: fee, at: now)
    }
}
