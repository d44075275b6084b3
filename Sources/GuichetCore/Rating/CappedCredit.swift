/// The credit of a capped plan for one month (003 CS-FB 3): the month's credit is spent first,
/// then the credit carried over from last month, then top-ups. Unused monthly credit carries
/// over once only, capped at the monthly forfait; what was carried and not spent expires.
public struct CappedCredit: Sendable, Hashable, Codable {
    public let monthly: Money
    public private(set) var monthlyLeft: Money
    public private(set) var carriedLeft: Money
    public private(set) var rechargeLeft: Money
    /// Amounts the credit did not cover: the network should have refused these calls (CS-FB 3).
    public private(set) var uncovered: Money = .zero

    /// - Parameter previousMonthUnused: the monthly credit left unspent at the end of last month
    ///   (not last month's carry-over: it carries once only).
    public init(monthly: Money, previousMonthUnused: Money, recharge: Money = .zero) {
        self.monthly = monthly
        monthlyLeft = monthly
        carriedLeft = min(max(.zero, previousMonthUnused), monthly)
        rechargeLeft = recharge
    }

    public var balance: Money { monthlyLeft + carriedLeft + rechargeLeft }

    public mutating func topUp(_ amount: Money) { rechargeLeft += amount }

    /// Spends `amount` in the contract's order; returns the part no credit covered.
    @discardableResult
    public mutating func debit(_ amount: Money) -> Money {
        var rest = amount
        for keyPath in [\CappedCredit.monthlyLeft, \.carriedLeft, \.rechargeLeft] {
            let take = min(rest, self[keyPath: keyPath])
            self[keyPath: keyPath] = self[keyPath: keyPath] - take
            rest = rest - take
        }
        uncovered += rest
        return rest
    }
}
