/// How an exact quotient is brought back to a whole number of units.
public enum RoundingRule: String, Sendable, Codable, CaseIterable {
    /// Half away from zero: the usual commercial rounding on French invoices.
    case halfUp
    /// Half to even (banker's rounding).
    case halfEven
    /// Towards zero.
    case down
    /// Away from zero.
    case up

    /// `value / divisor` rounded with this rule; `divisor` must be positive.
    func divide(_ value: Int128, by divisor: Int128) -> Int128 {
        let quotient = value / divisor
        let remainder = value % divisor
        if remainder == 0 { return quotient }
        let away: Int128 = value < 0 ? -1 : 1
        let twice = remainder.magnitude * 2
        switch self {
        case .down: return quotient
        case .up: return quotient + away
        case .halfUp: return twice >= divisor.magnitude ? quotient + away : quotient
        case .halfEven:
            if twice > divisor.magnitude { return quotient + away }
            if twice < divisor.magnitude { return quotient }
            return quotient % 2 == 0 ? quotient : quotient + away
        }
    }
}
