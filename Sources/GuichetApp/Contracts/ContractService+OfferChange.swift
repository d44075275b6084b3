import GuichetCore
import GuichetStore

/// Changes of offer carried out (D-CTR-15): 001 CG 12 — moving to a home eligible to fibre, the customer expressly
/// consenting, a fibre offer replaces the Internet offer, or an xDSL offer where fibre cannot come, the contract going
/// on with its remaining engagement; 003 CG 6 — on the day the customer chooses, up to the next billing day, a committed
/// plan leaving its commitment only at its end (CS-FB 6). The new offer's monthly fee is the one in force on the
/// request's day; the lines follow the new offer from the change's day, and the invoice bills each offer for its days.
extension ContractService {
    public struct OfferChangeRequest: Sendable, Codable {
        public enum Timing: String, Sendable, Codable { case immediately, nextBillingDay, on }
        public struct Moving: Sendable, Codable {
            public let movedOn: LocalDate
            public let home: Contract.NewHome
            public init(movedOn: LocalDate, home: Contract.NewHome) { self.movedOn = movedOn; self.home = home }
        }

        public let offering: String
        public let requestedOn: LocalDate
        /// When the change applies: at once (the default), the next billing day (003), or `on`.
        public let timing: Timing?
        public let on: LocalDate?
        /// 001 CG 12: the move behind the change, and the customer's express consent to the fibre offer.
        public let moving: Moving?
        public let consent: Bool?

        public init(offering: String, requestedOn: LocalDate, timing: Timing? = nil, on: LocalDate? = nil, moving: Moving? = nil, consent: Bool? = nil) {
            self.offering = offering; self.requestedOn = requestedOn; self.timing = timing; self.on = on; self.moving = moving; self.consent = consent
        }
    }

    /// Records the change: made at once when its day has come, else asked, and made on its day by the scheduler.
    public func changeOffer(_ id: String, _ r: OfferChangeRequest, at now: Instant) async throws -> Contract {
        guard let c = try await contract(id), let zone = territories[c.territoryID]?.zone else { throw ContractServiceError.notFound(id) }
        if let pending = c.pendingOfferChange { throw ContractError.invalid(field: "offering", reason: "a change to '\(pending.to)' on \(pending.on) is already asked") }
        let today = zone.local(now).date
        guard r.requestedOn <= today else { throw ContractError.invalid(field: "requestedOn", reason: "\(r.requestedOn) is after today") }
        let set = await catalogs.current
        guard let offering = set.offering(r.offering), offering.validity.contains(r.requestedOn),
              set.catalog(of: offering)?.document == c.family.document, !offering.isEquipment, !offering.isOneOffService else {
            throw ContractError.invalid(field: "offering", reason: "no offering '\(r.offering)' of document \(c.family.document) on sale on \(r.requestedOn)")
        }
        let (day, why) = try changeDay(c, r, to: offering)
        // Usage already rated and invoices already issued stay as they are: a change applies from today at the earliest.
        guard day >= today else { throw ContractError.invalid(field: "on", reason: "\(day) is before today, \(today): a change of offer applies from today on") }
        let change = OfferChange(on: day, from: c.offeringID, to: offering.id, fee: try Self.monthlyFee(offering, set: set, on: r.requestedOn), explanation: why)
        return try await makeOrAsk(c, change, today: today, rescheduling: false, at: now)
    }

    /// The change made now when its day is today, else asked for its day, with the obligation that makes it;
    /// `rescheduling`: the change replaces the one asked (its day moved, 001 CG 7.1), whose obligation it supersedes.
    package func makeOrAsk(_ c: Contract, _ change: OfferChange, today: LocalDate, rescheduling: Bool, at now: Instant) async throws -> Contract {
        var c = c
        guard territories[c.territoryID] != nil else { throw ContractServiceError.notFound(c.id) }
        let replaced = rescheduling ? try await obligations.of(ContractRepository.stream(c.id)).filter { $0.state == .pending && $0.kind == .offerChange }
            .compactMap { $0.settled(.superseded, at: now, outcome: "moved to \(change.on) (\(change.explanation.source))") } : []
        if rescheduling { try c.rescheduleOfferChange(change) }
        let key = try IdempotencyKey(scope: "contract-offer", key: "\(c.id)#\(c.offerChanges?.count ?? 0)\(rescheduling ? "@\(change.on)" : "")",
                                     fingerprint: "\(change.to)|\(change.on)")
        if change.on == today {
            try c.changeOffer(change)
            let lines = try LineDirectory.following(try await LineDirectory.lines(of: c.id, in: store), offering: change.to, at: now)
            guard try await record(&c, .offer, key: key, settling: replaced, scheduling: positioned(c, change), rows: lines, at: now, payload: {
                ContractRepository.OfferStep(step: .changed, change: change, next: $0)
            }) else { return try await contract(c.id) ?? c }
            return c
        }
        if !rescheduling { try c.askOfferChange(change) }
        let scheduled = [due(.offerChange, of: c, on: change.on, change.explanation)].compactMap { $0 }
        guard try await record(&c, .offer, key: key, settling: replaced, scheduling: scheduled, at: now, payload: {
            ContractRepository.OfferStep(step: rescheduling ? .rescheduled : .asked, change: change, next: $0)
        }) else { return try await contract(c.id) ?? c }
        return c
    }

    /// The day the change applies, by the contract's document, with its rule; refuses what the document does not allow.
    private func changeDay(_ c: Contract, _ r: OfferChangeRequest, to offering: ProductOffering) throws -> (LocalDate, Explanation) {
        let terms = c.family.terms
        if terms.offerChangeRules {
            guard r.moving == nil, r.consent == nil else { throw ContractError.invalid(field: "moving", reason: "a move changes a Livebox's offer only (001 CG 12)") }
            if r.timing == .on, r.on == nil { throw ContractError.invalid(field: "on", reason: "the day the customer chose") }
            let timing: Contract.OfferChangeTiming = switch r.timing ?? .immediately {
            case .immediately: .immediately
            case .nextBillingDay: .nextBillingDay
            case .on: .on(r.on ?? r.requestedOn)
            }
            // A plan without commitment keeps the contract's (no re-engagement, D-CTR-15); one to a committed plan is a new subscription.
            guard offering.engagementMonths.contains(0) || offering.engagementMonths.contains(c.engagementMonths) else {
                throw ContractError.invalid(field: "offering", reason: "'\(offering.id)' is sold with an engagement of \(offering.engagementMonths.map(String.init).joined(separator: ", ")) months: "
                                                + "a new subscription, not a change of this contract's offer")
            }
            let (y, m, _) = r.requestedOn.adding(months: 1).components
            let dated = try c.offerChange(requestedOn: r.requestedOn, nextBillingDay: try LocalDate(y, m, 1), timing: timing,
                                          toEngagementMonths: offering.engagementMonths.contains(c.engagementMonths) ? c.engagementMonths : 0)
            return (dated.date, dated.explanation)
        }
        guard terms.movingRules else {
            throw ContractError.invalid(field: "contract", reason: "the \(c.family.rawValue) contract's document provides no change of offer")
        }
        guard r.timing == nil || r.timing == .on, let day = r.timing == .on ? r.on : r.requestedOn, day >= r.requestedOn else {
            throw ContractError.invalid(field: "timing", reason: "a Livebox changes offer on the request's day or a later day given (`on`)")
        }
        let fibre = offering.id.contains("fibre")
        switch r.moving?.home {
        case .fibreEligible?:
            guard fibre else { throw ContractError.invalid(field: "offering", reason: "a home eligible to fibre is offered a fibre offer (001 CG 12)") }
            guard r.consent == true else {
                throw ContractError.invalid(field: "consent", reason: "the fibre offer replaces the Internet offer once the customer expressly consents (001 CG 12)")
            }
        case .xdslOnly?:
            guard !fibre else { throw ContractError.invalid(field: "offering", reason: "Orange cannot bring fibre to this home: an xDSL offer (001 CG 12)") }
        case .unavailable?, .abroad?:
            throw ContractError.invalid(field: "moving", reason: "no offer follows to this home: the customer may terminate without fees (001 CG 18.1)")
        case nil: break
        }
        let rule = r.moving.map { "moving on \($0.movedOn) to a home \($0.home == .fibreEligible ? "eligible to fibre" : "without fibre"): the offer transferred" }
            ?? "the customer's change of offer"
        return (day, Explanation(rule: "\(rule), the contract going on with its remaining engagement", source: r.moving == nil ? "001 CG 12; D-CTR-15" : "001 CG 12",
                                 inputs: ["requested": r.requestedOn.description, "from": c.offeringID, "to": offering.id], result: "\(day)"))
    }

    /// Executes a change asked for `o`'s day; nil when another executor got there first.
    /// CS-FB 4: a subscription positioned on a capped plan is sent its schedule on the day, as a new subscription is.
    private func positioned(_ c: Contract, _ change: OfferChange) -> [Obligation] {
        change.positionsOnACappedPlan ? [scheduledPaymentSchedule(c, on: change.on)].compactMap { $0 } : []
    }

    package func makeOfferChange(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id) else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        guard let change = c.pendingOfferChange else { return try await settle(o, as: .superseded, outcome: "no change of offer is asked", at: now) }
        do { try c.changeOffer(change) } catch { return try await settle(o, as: .superseded, outcome: error.description, at: now) }
        guard let done = o.settled(.done, at: now, outcome: "offer changed to \(change.to) on \(change.on)") else { return nil }
        let lines = try LineDirectory.following(try await LineDirectory.lines(of: id, in: store), offering: change.to, at: now)
        let key = try IdempotencyKey(scope: "contract-offer", key: "\(id)#\(c.offerChanges?.count ?? 0)@made", fingerprint: "\(change.to)|\(change.on)")
        return try await record(&c, .offer, key: key, settling: [done], scheduling: positioned(c, change), rows: lines, at: now) {
            ContractRepository.OfferStep(step: .changed, change: change, next: $0)
        } ? done : nil
    }
}
