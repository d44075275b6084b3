/// 003 CS-FB 3: « le Client peut à tout moment pendant la durée de son abonnement, acquérir un crédit de communication et
/// l'affecter à son compte prépayé » — mobicarte Mayotte vouchers, the web, the voice server 456 — and « le solde du forfait
/// bloqué au moment du rechargement est augmenté du montant de crédit de communication acquis ». The credit is spent after
/// the month's and the carried-over credit (`CappedCredit`) and lasts until it is spent, the plan is left (CS-FB 6) or the
/// contract ends (CS-FB 7).
public struct TopUp: Sendable, Codable, Hashable {
    public enum Channel: String, Sendable, Codable, CaseIterable {
        /// A mobicarte Mayotte voucher.
        case voucher
        /// www.orange.yt or www.orange.re, paid online.
        case web
        /// The voice server at 456.
        case ivr456
    }

    /// The voucher's serial or the payment's reference: a retry adds nothing twice.
    public let id: String
    /// Credit bought, TTC.
    public let amount: Money
    public let channel: Channel
    /// When it was bought (it counts from then on in the month's spending), and that day in the territory.
    public let at: Instant
    public let on: LocalDate

    public init(id: String, amount: Money, channel: Channel, at: Instant, on: LocalDate) {
        self.id = id; self.amount = amount; self.channel = channel; self.at = at; self.on = on
    }
}

extension Contract {
    /// CS-FB 4: « une note récapitulative, des crédits de communications qu'il a acquis et affectés à son compte mobile au cours
    /// des 12 derniers mois ou depuis sa dernière demande si celle-ci date de moins de douze mois, ainsi que le détail des
    /// communications passées sur cette période »: the first day the statement asked on `day` covers.
    public func statementStart(on day: LocalDate) -> LocalDate {
        let year = day.adding(months: -12)
        return statementRequestedOn.map { max($0, year) } ?? year
    }

    public mutating func recordStatementRequest(on day: LocalDate) throws(ContractError) {
        guard isCappedPlan else { throw .invalid(field: "contract", reason: "the statement is a capped plan's (003 CS-FB 4)") }
        statementRequestedOn = day
    }
}

extension OfferChange {
    /// Whether the change positions an existing subscription on a capped plan (003 CS-FB 2.2).
    public var positionsOnACappedPlan: Bool { MobileMayotteTerms.isCapped(to) && !MobileMayotteTerms.isCapped(from) }
}

extension Contract {
    /// Whether the contract is on a capped plan now.
    public var isCappedPlan: Bool { MobileMayotteTerms.isCapped(offeringID) }

    /// The top-ups whose credit still counts: those since the line was last positioned on a capped plan, for « le crédit issu
    /// des rechargements du client est conservé si le client opte pour un forfait bloqué […]. Dans le cas contraire, ce
    /// dernier est perdu » (CS-FB 6): leaving the capped plans loses them, coming back does not bring them back.
    public var countingTopUps: [TopUp] {
        guard isCappedPlan, let all = topUps else { return [] }
        guard let entered = offerChanges?.last(where: \.positionsOnACappedPlan) else { return all }
        return all.filter { $0.on >= entered.on }
    }

    /// Adds `t` to the capped plan's credit: a running capped plan only, a positive amount, an id not used before.
    public mutating func recordTopUp(_ t: TopUp) throws(ContractError) {
        guard isCappedPlan else { throw .invalid(field: "contract", reason: "only a capped plan (forfait bloqué) is topped up (003 CS-FB 3)") }
        guard state == .active || state == .suspended else {
            throw .invalid(field: "contract", reason: "the contract is \(state.rawValue): credit is bought « pendant la durée de son abonnement » (003 CS-FB 3)")
        }
        guard t.amount > .zero else { throw .invalid(field: "amount", reason: "a top-up adds a positive amount, not \(t.amount)") }
        guard !t.id.isEmpty else { throw .invalid(field: "id", reason: "a top-up names its voucher serial or payment reference") }
        if topUps?.contains(where: { $0.id == t.id }) == true { throw .invalid(field: "id", reason: "'\(t.id)' is recorded already") }
        topUps = (topUps ?? []) + [t]
    }
}

/// CS-FB 3: « Le Client est invité par l'Opérateur à créditer son compte lorsque le solde de celui-ci atteint un certain
/// plancher » — the invitation last sent, with the balance it named.
public struct LowBalanceNotice: Sendable, Codable, Hashable {
    public let at: Instant
    public let on: LocalDate
    public let balance: Money

    public init(at: Instant, on: LocalDate, balance: Money) { self.at = at; self.on = on; self.balance = balance }
}

extension Contract {
    /// Whether a running capped plan whose balance is `balance` on `day` is to be invited to top up: at or under `floor`,
    /// once a month, and again after a top-up since the last invitation (the customer topped up, then spent it again).
    public func lowBalanceNoticeDue(balance: Money, floor: Money, on day: LocalDate) -> Bool {
        guard isCappedPlan, state == .active, balance <= floor else { return false }
        guard let last = lowBalanceNotice else { return true }
        let sameMonth = (last.on.components.year, last.on.components.month) == (day.components.year, day.components.month)
        return !sameMonth || countingTopUps.contains { $0.at > last.at }
    }

    public mutating func recordLowBalanceNotice(_ n: LowBalanceNotice) { lowBalanceNotice = n }
}
