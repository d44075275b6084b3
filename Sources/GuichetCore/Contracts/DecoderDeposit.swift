/// 001 CG 6.3: « le Client ayant versé un dépôt de garantie pour le décodeur se verra rembourser […] dans un délai de dix
/// (10) jours à compter de la restitution complète et en bon état du décodeur. À défaut, le dépôt de garantie sera
/// conservé en déduction du montant susceptible d'être facturé » (D-CTR-16).
public struct DecoderDeposit: Sendable, Codable, Hashable {
    public enum Step: String, Sendable, Codable { case paid, refunded, kept }

    /// What the customer paid (the fiche tarifaire's; the contract gives no amount).
    public let amount: Money
    public let paidOn: LocalDate
    /// Paid back after the decoder came back whole, on this day.
    public internal(set) var refundedOn: LocalDate?
    /// Set off against the decoder's charge (not returned, or returned damaged or incomplete) on this day, and how much;
    /// the rest of `amount`, if any, paid back that day (`refundedOn`).
    public internal(set) var keptOn: LocalDate?
    public internal(set) var kept: Money?

    public var held: Bool { refundedOn == nil && keptOn == nil }
}

extension Contract {
    /// Records the deposit paid for the decoder a Livebox lends, once, while the contract runs.
    public mutating func recordDecoderDeposit(amount: Money, paidOn day: LocalDate) throws(ContractError) {
        guard family.terms.lendsEquipment else { throw .invalid(field: "contract", reason: "only a Livebox lends a decoder (001 CG 6.3)") }
        if let d = decoderDeposit { throw .invalid(field: "decoderDeposit", reason: "paid already, on \(d.paidOn)") }
        guard !state.isFinal else { throw .invalid(field: "contract", reason: "the contract is \(state.rawValue)") }
        guard amount > .zero else { throw .invalid(field: "amount", reason: "a deposit is a positive amount (the fiche tarifaire's)") }
        guard day >= orderedOn else { throw .invalid(field: "paidOn", reason: "\(day) is before the order, \(orderedOn)") }
        decoderDeposit = DecoderDeposit(amount: amount, paidOn: day)
    }

    /// The deposit paid back (`kept` nil) or set off against the decoder's charge (`kept`: how much of it), on `day`.
    public mutating func settleDecoderDeposit(_ step: DecoderDeposit.Step, on day: LocalDate, kept: Money? = nil) throws(ContractError) {
        guard var d = decoderDeposit, d.held else { throw .invalid(field: "decoderDeposit", reason: "no decoder deposit is held") }
        switch step {
        case .paid: throw .invalid(field: "step", reason: "the deposit is paid already")
        case .refunded: d.refundedOn = day
        case .kept:
            d.keptOn = day; d.kept = min(kept ?? d.amount, d.amount)
            // A deposit larger than the charge: the rest paid back the same day.
            if d.kept! < d.amount { d.refundedOn = day }
        }
        decoderDeposit = d
    }

    /// When a decoder deposit held comes back after the decoder's return, whole, on `returned`: at once, within 10 days.
    public func decoderDepositRefund(returnedOn returned: LocalDate) -> (on: LocalDate, explanation: Explanation)? {
        guard let d = decoderDeposit, d.held else { return nil }
        let last = returned.adding(days: 10)
        return (returned, Explanation(rule: "the decoder returned complete and in good order: its deposit paid back within 10 days", source: "001 CG 6.3",
                                      inputs: ["returned": returned.description, "deposit": d.amount.description], result: "refund due by \(last)"))
    }
}
