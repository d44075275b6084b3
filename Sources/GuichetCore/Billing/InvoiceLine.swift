/// What a line bills, in the order an invoice shows them.
public enum ChargeCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case recurring, oneTime, usage, credit
}

/// One line of an invoice: `quantity` × `unitPrice`, rounded half up to the cent once, TTC or HT
/// as its price is quoted, with the rule that produced it.
public struct InvoiceLine: Sendable, Hashable, Codable {
    public let category: ChargeCategory
    public let label: String
    public let quantity: Int
    public let unitPrice: Money
    public let amount: Money
    public let taxIncluded: Bool
    /// The service period the line covers, when it is not a one-off.
    public let from: LocalDate?
    public let to: LocalDate?
    public let explanation: Explanation

    /// Rounds `amount` half up to the cent: invoices carry cents; rated usage carries ten-thousandths.
    public init(category: ChargeCategory = .oneTime, label: String, quantity: Int = 1, unitPrice: Money? = nil, amount: Money, taxIncluded: Bool,
                from: LocalDate? = nil, to: LocalDate? = nil, explanation: Explanation) {
        self.category = category; self.label = label; self.quantity = quantity
        self.amount = amount.rounded(to: .cent, .halfUp)
        self.unitPrice = unitPrice ?? self.amount
        self.taxIncluded = taxIncluded; self.from = from; self.to = to; self.explanation = explanation
    }

    /// The same line with the opposite sign, for a credit note.
    public var reversed: InvoiceLine {
        InvoiceLine(category: category, label: label, quantity: quantity, unitPrice: -unitPrice, amount: -amount, taxIncluded: taxIncluded,
                    from: from, to: to, explanation: explanation)
    }
}
