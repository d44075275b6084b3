/// 001 Annexe 5, 003 « Conditions spécifiques relatives aux solutions de paiement Orange »: the offer includes paying
/// third-party merchants on the Orange invoice, « désactivable(s) à tout moment dans l'espace client »; « Orange peut le cas
/// échéant prévoir des plafonds maximums de paiement »; a merchant's subscription « se renouvelle pour une même durée, par
/// tacite reconduction à la date anniversaire », not once its total cost reaches a cap or the subscriber ends it, « facturé
/// à la date anniversaire de la souscription, à terme à échoir » (D-BILL-17).
public struct ThirdPartyPayments: Sendable, Codable, Hashable {
    /// The subscriber's own deactivation, which a change of offer does not carry over (001 A5 7.3, 003 7.2).
    public internal(set) var deactivatedOn: LocalDate?
    /// Orange's, for a breach (001 A5 7.4, 003 7.3): only staff lift it.
    public internal(set) var deprivedOn: LocalDate?
    public internal(set) var subscriptions: [MerchantSubscription]

    public var active: Bool { deactivatedOn == nil && deprivedOn == nil }
}

/// A merchant's subscription paid through the invoice: each term billed on its first day, in advance.
public struct MerchantSubscription: Sendable, Codable, Hashable {
    /// The merchant's reference for it.
    public let id: String
    public let merchant: String
    public let label: String
    /// A term's price, TTC.
    public let price: Money
    /// A term's length: weeks or months.
    public let weeks: Int?
    public let months: Int?
    public let startedOn: LocalDate
    /// What its terms have cost so far.
    public internal(set) var billed: Money
    /// The first day of the term in progress.
    public internal(set) var termStartedOn: LocalDate
    /// The subscriber's termination (effective at the term's end), once given.
    public internal(set) var cancelledOn: LocalDate?
    /// The day it stopped: not renewed (cancelled, a cap reached, the solution off, the contract ended).
    public internal(set) var endedOn: LocalDate?

    /// A subscription starting on `startedOn`, its first term billed that day.
    public init(id: String, merchant: String, label: String, price: Money, weeks: Int?, months: Int?, startedOn: LocalDate) {
        self.id = id; self.merchant = merchant; self.label = label; self.price = price; self.weeks = weeks; self.months = months
        self.startedOn = startedOn; billed = price; termStartedOn = startedOn
    }

    /// The day after the term in progress, when it renews or ends.
    public var termEnd: LocalDate { weeks.map { termStartedOn.adding(days: 7 * $0) } ?? termStartedOn.adding(months: months ?? 1) }
}

extension Contract {
    /// Whether the contract's merchants may be paid on `day`: its document includes the solution, the contract runs, and
    /// neither the subscriber nor Orange turned it off.
    public func thirdPartyPaymentsAllowed(on day: LocalDate) throws(ContractError) {
        guard let article = family.terms.thirdPartyPayments?.article else {
            throw .invalid(field: "contract", reason: "this contract's document includes no payment of third-party merchants")
        }
        guard state == .active, let activated = activatedOn, day >= activated else {
            throw .invalid(field: "contract", reason: "the contract is \(state.rawValue): merchants are paid through a running contract (\(article))")
        }
        if let off = thirdPartyPayments?.deactivatedOn { throw .invalid(field: "paymentSolution", reason: "the subscriber deactivated it on \(off) (\(article))") }
        if let off = thirdPartyPayments?.deprivedOn { throw .invalid(field: "paymentSolution", reason: "Orange withdrew it on \(off) for a breach (\(article))") }
    }

    public enum PaymentSolutionStep: String, Sendable, Codable, CaseIterable { case deactivated, reactivated, deprived, restored }

    /// The subscriber's deactivation or reactivation, or Orange's withdrawal for a breach or its end, on `day`.
    public mutating func recordPaymentSolution(_ step: PaymentSolutionStep, on day: LocalDate) throws(ContractError) {
        guard let article = family.terms.thirdPartyPayments?.article else {
            throw .invalid(field: "contract", reason: "this contract's document includes no payment of third-party merchants")
        }
        var p = thirdPartyPayments ?? ThirdPartyPayments(subscriptions: [])
        switch step {
        case .deactivated:
            guard p.deactivatedOn == nil else { throw .invalid(field: "step", reason: "deactivated already, on \(p.deactivatedOn!) (\(article))") }
            p.deactivatedOn = day
        case .reactivated:
            guard p.deactivatedOn != nil else { throw .invalid(field: "step", reason: "it is not deactivated (\(article))") }
            p.deactivatedOn = nil
        case .deprived:
            guard p.deprivedOn == nil else { throw .invalid(field: "step", reason: "withdrawn already, on \(p.deprivedOn!) (\(article))") }
            p.deprivedOn = day
        case .restored:
            guard p.deprivedOn != nil else { throw .invalid(field: "step", reason: "it was not withdrawn (\(article))") }
            p.deprivedOn = nil
        }
        thirdPartyPayments = p
    }

    public enum MerchantSubscriptionStep: String, Sendable, Codable { case started, renewed, cancelled, ended }

    /// Records a step of a merchant's subscription: its start (first term billed that day), a renewal at its anniversary,
    /// the subscriber's termination, or its end.
    public mutating func recordMerchantSubscription(_ step: MerchantSubscriptionStep, _ s: MerchantSubscription, on day: LocalDate) throws(ContractError) {
        var p = thirdPartyPayments ?? ThirdPartyPayments(subscriptions: [])
        let i = p.subscriptions.firstIndex { $0.id == s.id }
        switch step {
        case .started:
            guard i == nil else { throw .invalid(field: "id", reason: "'\(s.id)' is recorded already") }
            try thirdPartyPaymentsAllowed(on: day)
            guard s.price > .zero else { throw .invalid(field: "price", reason: "a term's price is positive") }
            guard (s.weeks ?? 0 > 0) != (s.months ?? 0 > 0) else {
                throw .invalid(field: s.weeks == nil ? "months" : "weeks", reason: "a term of a positive number of weeks, or of months, not both")
            }
            p.subscriptions.append(s)
        case .renewed, .cancelled, .ended:
            guard let i, p.subscriptions[i].endedOn == nil else { throw .invalid(field: "id", reason: "no subscription '\(s.id)' running") }
            var t = p.subscriptions[i]
            switch step {
            case .renewed: t.termStartedOn = t.termEnd; t.billed = t.billed + t.price
            case .cancelled:
                guard t.cancelledOn == nil else { throw .invalid(field: "step", reason: "terminated already, on \(t.cancelledOn!)") }
                t.cancelledOn = day
            default: t.endedOn = day
            }
            p.subscriptions[i] = t
        }
        thirdPartyPayments = p
    }
}
