/// 001 CG 10.4, 003 CG 8: an advance on consumption, asked when the rating raised one of the document's alerts for the
/// contract's line; refused or awaited, the service may be suspended; paid, it « vient en déduction des sommes dues et à
/// venir du Client et sera remboursée le cas échéant, au plus tard dans un délai de dix (10) jours à compter du paiement
/// de la dernière facture » (D-BILL-16).
public struct ConsumptionAdvance: Sendable, Codable, Hashable {
    public enum Step: String, Sendable, Codable, CaseIterable {
        /// Staff asked for it (its amount the operator's; the alert that allows it).
        case requested
        case paid, refused
        /// Part of it set off against the customer's invoices (`amount`: how much; zero when nothing was owed).
        case setOff
        /// What was left paid back once the contract's last invoice was paid.
        case refunded
    }

    public let amount: Money
    public let requestedOn: LocalDate
    /// The alert the request rests on: its rule, line, period and figures.
    public let basis: Explanation
    public internal(set) var paidOn: LocalDate?
    public internal(set) var refusedOn: LocalDate?
    /// Set off against invoices so far.
    public internal(set) var setOff: Money
    public internal(set) var refundedOn: LocalDate?

    /// What the operator still holds of it.
    public var held: Money { paidOn == nil || refundedOn != nil ? .zero : amount - setOff }
    /// Asked and neither paid nor refused yet, or refused: what allows a suspension.
    public var unpaid: Bool { paidOn == nil }
    /// Nothing more will come of it: refused, or paid and all of it set off or paid back.
    public var closed: Bool { refusedOn != nil || (paidOn != nil && held == .zero) }
}

extension Contract {
    /// Records a step of the advance on `day`, refusing what the document or the advance's state does not allow.
    /// `basis`: the alert a request rests on (the service checks it was raised for one of the contract's lines).
    public mutating func recordAdvance(_ step: ConsumptionAdvance.Step, on day: LocalDate, amount: Money? = nil, basis: Explanation? = nil) throws(ContractError) {
        guard let article = family.terms.advanceArticle else { throw .invalid(field: "contract", reason: "this contract's document asks for no advance on consumption") }
        if step == .requested {
            guard state == .active || state == .suspended else { throw .invalid(field: "contract", reason: "the contract is \(state.rawValue): an advance is asked of a running contract") }
            if let a = advance, !a.closed { throw .invalid(field: "step", reason: "the advance asked on \(a.requestedOn) is still \(a.unpaid ? "unpaid" : "held")") }
            guard let amount, amount > .zero else { throw .invalid(field: "amount", reason: "an advance is a positive amount") }
            guard let basis else { throw .invalid(field: "alert", reason: "an advance rests on an alert of the rating (\(article))") }
            advance = ConsumptionAdvance(amount: amount, requestedOn: day, basis: basis, setOff: .zero)
            return
        }
        guard var a = advance, !a.closed else { throw .invalid(field: "step", reason: "no advance is awaited or held") }
        guard day >= a.requestedOn else { throw .invalid(field: "on", reason: "\(day) is before the request, \(a.requestedOn)") }
        switch step {
        case .requested: return
        case .paid:
            guard a.paidOn == nil else { throw .invalid(field: "step", reason: "paid already, on \(a.paidOn!)") }
            a.paidOn = day; a.refusedOn = nil
        case .refused:
            guard a.unpaid, a.refusedOn == nil else { throw .invalid(field: "step", reason: a.unpaid ? "refused already" : "it was paid") }
            a.refusedOn = day
        case .setOff:
            guard let amount, amount >= .zero, amount <= a.held else { throw .invalid(field: "amount", reason: "at most what is held, \(a.held)") }
            a.setOff = a.setOff + amount
        case .refunded:
            guard a.held > .zero else { throw .invalid(field: "step", reason: "nothing is held") }
            a.refundedOn = day
        }
        advance = a
    }
}
