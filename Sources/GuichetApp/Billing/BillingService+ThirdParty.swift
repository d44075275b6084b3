import Foundation
import GuichetCore
import GuichetStore

/// 001 Annexe 5 and 003's conditions on payment solutions (D-BILL-17): what a subscriber buys from a merchant through the
/// contract is collected on the Orange invoice, within the caps the operator sets, unless the subscriber (or Orange, for a
/// breach) turned the solution off; a merchant's subscription is billed a term in advance and renewed by the scheduler at
/// each anniversary until ended, capped, or the solution off.
extension BillingService {
    public struct ThirdPartyPurchase: Sendable, Codable {
        /// The merchant's transaction reference: a retry records nothing twice.
        public let id: String
        public let merchant: String
        public let label: String
        /// TTC, as the merchant charged it.
        public let amount: Money
        public let on: LocalDate

        public init(id: String, merchant: String, label: String, amount: Money, on: LocalDate) {
            self.id = id; self.merchant = merchant; self.label = label; self.amount = amount; self.on = on
        }
    }

    /// A purchase collected on the next invoice: refused when the solution is off, or beyond the month's cap.
    public func recordThirdPartyPurchase(contractID: String, _ p: ThirdPartyPurchase, at now: Instant) async throws -> (charge: RecordedCharge, created: Bool) {
        guard let c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        guard p.on <= contracts.today(in: c.territoryID, at: now) else { throw ContractError.invalid(field: "on", reason: "\(p.on) is after today") }
        try c.thirdPartyPaymentsAllowed(on: p.on)
        guard p.amount > .zero, !p.id.isEmpty, !p.merchant.isEmpty else { throw ContractError.invalid(field: "amount", reason: "a purchase has an id, a merchant and a positive amount") }
        try await withinMonthlyCap(c, adding: p.amount, on: p.on)
        let charge = try merchantCharge(c, label: "\(p.merchant) : \(p.label)", amount: p.amount, on: p.on, reference: p.id)
        let key = try IdempotencyKey(scope: "third-party-purchase", key: "\(c.id)#\(p.id)", fingerprint: "\(p.amount)|\(p.on)")
        let stored = try await store.append([try contracts.chargeEvent(charge, customerID: c.customerID, at: now)], idempotency: key)
        guard stored.replayed, let first = stored.events.first else { return (charge, true) }
        return (try JSONDecoder().decode(RecordedCharge.self, from: Data(first.payload.utf8)), false)
    }

    /// The subscriber's deactivation or reactivation (the customer space), or Orange's withdrawal for a breach and its end.
    public func paymentSolution(contractID: String, _ step: Contract.PaymentSolutionStep, at now: Instant) async throws -> Contract {
        guard var c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        let day = contracts.today(in: c.territoryID, at: now)
        try c.recordPaymentSolution(step, on: day)
        // Turned off and on again the same day: each step is its own (the contract refuses a step twice in a row).
        let key = try IdempotencyKey(scope: "contract-payment-solution", key: ResourceID.make("ps"), fingerprint: "\(c.id)|\(step.rawValue)|\(day)")
        guard try await contracts.record(&c, .paymentSolution, key: key, settling: [], at: now, payload: {
            ContractRepository.PaymentSolutionStep(step: step, on: day, next: $0)
        }) else { return try await contracts.contract(contractID) ?? c }
        return c
    }

    public struct NewMerchantSubscription: Sendable, Codable {
        public let id: String
        public let merchant: String
        public let label: String
        public let price: Money
        public let weeks: Int?
        public let months: Int?
        public let on: LocalDate
    }

    /// A merchant's subscription started on `s.on` (today or before): its first term billed that day, its renewal scheduled
    /// at the term's end.
    public func startMerchantSubscription(contractID: String, _ s: NewMerchantSubscription, at now: Instant) async throws -> Contract {
        guard var c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        guard s.on <= contracts.today(in: c.territoryID, at: now) else { throw ContractError.invalid(field: "on", reason: "\(s.on) is after today") }
        let subscription = MerchantSubscription(id: s.id, merchant: s.merchant, label: s.label, price: s.price, weeks: s.weeks, months: s.months, startedOn: s.on)
        try c.recordMerchantSubscription(.started, subscription, on: s.on)
        try await withinMonthlyCap(c, adding: s.price, on: s.on)
        let charge = try merchantCharge(c, label: term(subscription), amount: s.price, on: s.on, reference: s.id)
        _ = try await storeSubscription(&c, .started, subscription, on: s.on, scheduling: renewal(c, subscription),
                                    events: [try contracts.chargeEvent(charge, customerID: c.customerID, at: now)], at: now)
        return c
    }

    /// The subscriber's termination: the term in progress runs to its end, and is not renewed.
    public func cancelMerchantSubscription(contractID: String, id: String, at now: Instant) async throws -> Contract {
        guard var c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        guard let s = c.thirdPartyPayments?.subscriptions.first(where: { $0.id == id }) else { throw ContractServiceError.notFound(id) }
        let day = contracts.today(in: c.territoryID, at: now)
        try c.recordMerchantSubscription(.cancelled, s, on: day)
        _ = try await storeSubscription(&c, .cancelled, s, on: day, at: now)
        return c
    }

    /// Executes a renewal on its anniversary (never dated back): the next term billed in advance, or the subscription ended.
    package func renewMerchantSubscription(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contracts.contract(id), let sid = o.explanation.inputs["subscription"],
              let s = c.thirdPartyPayments?.subscriptions.first(where: { $0.id == sid && $0.endedOn == nil }), let terms = c.family.terms.thirdPartyPayments else {
            return try await contracts.settle(o, as: .superseded, outcome: "no subscription running", at: now)
        }
        let day = max(o.dueOn, contracts.today(in: c.territoryID, at: now))
        let cap = ContractParameter.money(terms.subscriptionCap, in: await contracts.catalogs.current.parameters)?.0
        var why: String?
        if let cancelled = s.cancelledOn { why = "terminated by the subscriber on \(cancelled)" }
        else if let cap, s.billed >= cap { why = "its total of \(s.billed) reached the cap of \(cap)" }
        else { do { try c.thirdPartyPaymentsAllowed(on: day) } catch { why = error.description } }
        if let why {
            try c.recordMerchantSubscription(.ended, s, on: o.dueOn)
            guard let done = o.settled(.done, at: now, outcome: "not renewed, ended on \(o.dueOn): \(why)") else { return nil }
            return try await storeSubscription(&c, .ended, s, on: o.dueOn, settling: [done], at: now) ? done : nil
        }
        try c.recordMerchantSubscription(.renewed, s, on: day)
        let renewed = c.thirdPartyPayments!.subscriptions.first { $0.id == sid }!
        let charge = try merchantCharge(c, label: term(renewed), amount: s.price, on: day, reference: s.id)
        guard let done = o.settled(.done, at: now, outcome: "renewed on \(day), \(s.price) billed in advance") else { return nil }
        return try await storeSubscription(&c, .renewed, s, on: day, settling: [done], scheduling: renewal(c, renewed),
                                    events: [try contracts.chargeEvent(charge, customerID: c.customerID, at: now)], at: now) ? done : nil
    }

    /// Refuses a payment that would take the contract's payments to merchants in the month of `day` past the cap the
    /// operator set, if any.
    private func withinMonthlyCap(_ c: Contract, adding amount: Money, on day: LocalDate) async throws {
        guard let terms = c.family.terms.thirdPartyPayments,
              let (cap, source) = ContractParameter.money(terms.monthlyCap, in: await contracts.catalogs.current.parameters) else { return }
        let month = RatingContext.period(day)
        let prefix = Self.merchantSource(c)
        let spent = try await charges(customerID: c.customerID).filter { $0.source.hasPrefix(prefix) && RatingContext.period($0.on) == month }
            .reduce(Money.zero) { $0 + $1.unitPrice }
        guard spent + amount <= cap else {
            throw ContractError.invalid(field: "amount", reason: "the payments to merchants of \(month) would reach \(spent + amount), beyond the cap of \(cap) (\(source))")
        }
    }

    private static func merchantSource(_ c: Contract) -> String { "\(c.family.terms.thirdPartyPayments?.article ?? "") (contract \(c.id)" }

    private func merchantCharge(_ c: Contract, label: String, amount: Money, on day: LocalDate, reference: String) throws -> RecordedCharge {
        try RecordedCharge(id: ResourceID.make("chg"), category: .oneTime, label: "Achat auprès d'un tiers marchand — \(label)", on: day, unitPrice: amount,
                           taxIncluded: true, source: "\(Self.merchantSource(c)), merchant reference \(reference))")
    }

    private func term(_ s: MerchantSubscription) -> String {
        "\(s.merchant) : \(s.label), abonnement du \(s.termStartedOn.frenchDate) au \(s.termEnd.adding(days: -1).frenchDate)"
    }

    private func renewal(_ c: Contract, _ s: MerchantSubscription) -> [Obligation] {
        [contracts.due(.merchantRenewal, of: c, on: s.termEnd, Explanation(
            rule: "renewed for the same term at its anniversary, billed in advance, unless ended or capped",
            source: "\(c.family.terms.thirdPartyPayments?.article ?? "") art. 5",
            inputs: ["subscription": s.id, "term": "\(s.termStartedOn)…\(s.termEnd.adding(days: -1))"], result: s.termEnd.description))].compactMap { $0 }
    }

    private func storeSubscription(_ c: inout Contract, _ step: Contract.MerchantSubscriptionStep, _ s: MerchantSubscription, on day: LocalDate,
                                   settling: [Obligation] = [], scheduling: [Obligation] = [], events: [NewEvent] = [], at now: Instant) async throws -> Bool {
        // One step per term: a run late by several terms renews each once, all on its day.
        let key = try IdempotencyKey(scope: "contract-merchant-subscription", key: "\(c.id)#\(s.id)#\(step.rawValue)#\(s.termStartedOn)", fingerprint: day.description)
        return try await contracts.record(&c, .merchantSubscription, key: key, settling: settling, scheduling: scheduling, events: events, at: now) {
            ContractRepository.MerchantSubscriptionStep(step: step, subscription: s, on: day, next: $0)
        }
    }
}
