/// A running contract's monthly fee revised on a day by the index formula of 004 §15.1: the amount in force from that
/// day on, with its computation.
public struct FeeRevision: Sendable, Codable, Hashable {
    public let on: LocalDate
    public let amount: Money
    public let explanation: Explanation

    public init(on: LocalDate, amount: Money, explanation: Explanation) { self.on = on; self.amount = amount; self.explanation = explanation }
}

extension Contract {
    /// 004 §15.1: "chaque premier jour du mois de la date anniversaire de signature du bon de commande de chaque module" —
    /// the first revision day on or after `day` (signed 2025-03-15: 2026-03-01, 2027-03-01…), for the modules billed
    /// monthly (packs and rented equipment, D-RUN-9); nil for any other contract, which the index never revises.
    public func revisionDay(onOrAfter day: LocalDate) -> LocalDate? {
        guard family.terms.packs, monthlyFee != nil else { return nil }
        let signed = orderedOn.components
        var year = max(signed.year + 1, day.year)
        while true {
            let candidate = try! LocalDate(year, signed.month, 1)
            if candidate >= day { return candidate }
            year += 1
        }
    }

    /// The monthly fee in force on `day`: the order's (D-CTR-2), or the last offer change's by then (D-CTR-15), as the
    /// revisions made since left it; the quote's version and source name the last revision.
    public func fee(on day: LocalDate) -> PriceQuote? {
        let change = offerChanges?.last { $0.on <= day }
        guard let order = change.map(\.fee) ?? monthlyFee else { return nil }
        guard let last = (revisions ?? []).last(where: { $0.on <= day && $0.on >= change?.on ?? $0.on }) else { return order }
        return PriceQuote(priceID: order.priceID, version: "\(order.version), revised \(last.on)", amount: last.amount, taxIncluded: order.taxIncluded,
                          on: last.on, source: "\(order.source); \(last.explanation.source) revision on \(last.on)")
    }
}
