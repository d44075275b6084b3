import Foundation
import GuichetCore
import GuichetStore

/// Contracts: one stream `contract:<id>` each — the order, then each state change — folded into the
/// `contracts` state table the reads and lists come from.
public struct ContractRepository: Sendable {
    package let store: any EventStore

    public enum EventType: String, Sendable, CaseIterable {
        case ordered = "contract-ordered", transition = "contract-transition", revised = "contract-revised", equipment = "contract-equipment"
        case appointment = "contract-appointment", renewed = "contract-renewed", deposit = "contract-deposit", misuse = "contract-misuse"
        case documents = "contract-documents", offer = "contract-offer-change", decoderDeposit = "contract-decoder-deposit"
        case option = "contract-option", advance = "contract-advance", paymentSolution = "contract-payment-solution"
        case merchantSubscription = "contract-merchant-subscription", topUp = "contract-top-up"
        case lowBalance = "contract-low-balance", theft = "contract-theft", paymentSchedule = "contract-payment-schedule"
        case statement = "contract-statement", activationFailure = "contract-activation-failure", priceChange = "contract-price-change"
    }

    /// A notice the contract's document sends on its day (003 CS-FB 4's schedule), with the contract's next action day.
    package struct NoticeStep: Codable {
        let on: LocalDate
        var next: LocalDate?
    }

    /// A change of price notified as stored (003 CG 11.4), with the contract's next action day.
    package struct PriceChangeStep: Codable {
        let change: PriceChange
        var regulationInForceOn: LocalDate?
        var next: LocalDate?
    }

    /// A step of a failed activation as stored (003 CG 5), with the contract's next action day.
    package struct ActivationFailureStep: Codable {
        let step: ActivationFailure.Step
        let on: LocalDate
        var until: LocalDate?
        var amount: Money?
        var next: LocalDate?
    }

    /// A theft declared to an advisor as stored (003 CG 20), with the contract's next action day.
    package struct TheftStep: Codable {
        let theft: Theft
        var next: LocalDate?
    }

    /// A capped plan's invitation to top up as stored (003 CS-FB 3), with the contract's next action day.
    package struct LowBalanceStep: Codable {
        let notice: LowBalanceNotice
        var next: LocalDate?
    }

    /// A capped plan's top-up as stored (003 CS-FB 3), with the contract's next action day.
    package struct TopUpStep: Codable {
        let topUp: TopUp
        var next: LocalDate?
    }

    /// A formal notice for misuse as stored (001 CG 17, 004 §7.2), or the customer's compliance with it, with the contract's
    /// next action day after it.
    package struct MisuseStep: Codable {
        package enum Step: String, Codable, Sendable { case notice, terminationNotice, cured }
        let step: Step
        let on: LocalDate
        var heldMailNoticeDepositedOn: LocalDate?
        var reason: String?
        var next: LocalDate?
    }

    /// A step of the decoder's deposit as stored (001 CG 6.3): paid (with its amount), refunded, or kept (how much of it),
    /// with the contract's next action day after it.
    package struct DecoderDepositStep: Codable {
        let step: DecoderDeposit.Step
        let on: LocalDate
        var amount: Money?
        var next: LocalDate?
    }

    /// The payment of merchants turned off or on as stored (001 Annexe 5, 003 CS paiement), with the next action day.
    package struct PaymentSolutionStep: Codable {
        let step: Contract.PaymentSolutionStep
        let on: LocalDate
        var next: LocalDate?
    }

    /// A step of a merchant's subscription as stored: the subscription as it started (a later step names it by its id).
    package struct MerchantSubscriptionStep: Codable {
        let step: Contract.MerchantSubscriptionStep
        let subscription: MerchantSubscription
        let on: LocalDate
        var next: LocalDate?
    }

    /// A step of the advance on consumption as stored (001 CG 10.4, 003 CG 8): a request's amount and the alert it rests on,
    /// what a set-off kept (a refund's too: what was kept before the rest went back), with the contract's next action day.
    package struct AdvanceStep: Codable {
        let step: ConsumptionAdvance.Step
        let on: LocalDate
        var amount: Money?
        var basis: Explanation?
        var next: LocalDate?
    }

    /// An option asked, stopped, or come to the end its document gives it, as stored (001 Annexe 2), with the contract's
    /// next action day after it.
    package struct OptionStep: Codable {
        package enum Step: String, Codable { case requested, stopped, ended }
        let step: Step
        let option: ContractOption.Kind
        let on: LocalDate
        var compatibleTV: Bool?
        var next: LocalDate?
    }

    /// A change of offer as stored (001 CG 12, 003 CG 6): asked for a later day, or made, with the contract's next action day.
    package struct OfferStep: Codable {
        package enum Step: String, Codable { case asked, rescheduled, changed }
        let step: Step
        let change: OfferChange
        var next: LocalDate?
    }

    /// A step of a distance sale's subscription documents as stored (001 CG 2, 003 CG 4): the reminder sent, or the copies
    /// received, with the contract's next action day after it.
    package struct DocumentsStep: Codable {
        package enum Step: String, Codable { case reminded, received }
        let step: Step
        let on: LocalDate
        var next: LocalDate?
    }

    /// A step of the security deposit as stored (001 CG 3, 003 CG 9): its day, the request's reason and amount, what a
    /// refund paid back, and the contract's next action day after it.
    package struct DepositStep: Codable {
        let step: SecurityDeposit.Step
        let on: LocalDate
        var reason: SecurityDeposit.Case?
        var amount: Money?
        var refunded: Money?
        var next: LocalDate?
    }

    /// A tacit renewal as stored (004 §9.1 DUR-4): the day the term ended, and the contract's next action day after it.
    package struct Renewal: Codable {
        let on: LocalDate
        var next: LocalDate?
    }

    /// A step of the installation visit as stored (001 CG 5.2): when it happened, the visit booked (instant and local day),
    /// the legitimate reason that waives the visit's price, and the contract's next action day after it.
    package struct AppointmentStep: Codable {
        let step: TechnicianAppointment.Step
        let at: Instant
        var slot: Instant?
        var slotOn: LocalDate?
        var legitimateReason: String?
        var next: LocalDate?
    }

    /// A step of the lent equipment's return as stored (001 CG 6.3): the formal notice sent, the non-return fees charged,
    /// or the equipment returned, with the contract's next action day after it.
    package struct EquipmentStep: Codable {
        package enum Step: String, Codable { case notice, fees, returned }
        let step: Step
        let on: LocalDate
        var next: LocalDate?
        /// 001 CG 6.3: the decoder's deposit kept against the decoder's charge this step makes (absent: none kept).
        var decoderDepositKept: Money?
    }

    /// A revision of the monthly fee as stored (004 §15.1), with the contract's next action day after it.
    package struct Revision: Codable {
        let revision: FeeRevision
        var next: LocalDate?
    }

    /// A state change as stored.
    package struct Transition: Codable {
        let action: ContractAction
        package let on: LocalDate
        package let note: String?
        /// The contract's next action day after it (absent from transitions stored before issue 23, and when none is due).
        var next: LocalDate? = nil
        /// A termination request's terms (absent when the request has none, and from those stored before them).
        var termination: TerminationRequest? = nil
        /// A suspension's ground that waives its fees (003 CG 15).
        var ground: SuspensionGround? = nil
    }

    public static let prefix = "contract:"
    public static func stream(_ id: String) -> String { prefix + id }

    package static func row(_ c: Contract) throws -> StateRow {
        var values = ["customer_id": c.customerID, "family": c.family.rawValue, "offering": c.offeringID, "territory": c.territoryID,
                      "state": c.state.rawValue, "ordered_on": c.orderedOn.description]
        values["external_id"] = c.externalID
        values["activated_on"] = c.activatedOn?.description
        // The term in force: a renewed Workplace term's end (004 §9.1 DUR-4), else the engagement's.
        values["engagement_end"] = c.termEnd?.description
        values["next_action_on"] = c.nextActionOn?.description
        return StateRow(table: .contracts, key: c.id, values: values, search: [c.id, c.externalID, c.offeringID],
                        body: c.json)
    }

    /// The events of a contract as ordered (then changed by `history`), as an import stores one.
    package static func events(_ ordered: Contract, changes: [Transition], at now: Instant) throws -> [NewEvent] {
        try [NewEvent(stream: stream(ordered.id), type: EventType.ordered.rawValue, payload: ordered.json, recordedAt: now)]
            + changes.map { try NewEvent(stream: stream(ordered.id), type: EventType.transition.rawValue, payload: StoredJSON.text($0), recordedAt: now) }
    }

    /// Stores an order with the obligations it schedules (`also`: its first price revision).
    package func order(_ c: Contract, also: [(event: NewEvent, row: StateRow)] = [], at now: Instant) async throws {
        _ = try await store.append(try Self.events(c, changes: [], at: now) + also.map(\.event), state: [try Self.row(c)] + also.map(\.row),
                                   idempotency: nil)
    }

    /// Stores one change of `after` (already applied), with what it does to obligations (`also`) and other histories
    /// (`events`: the charges a termination puts on the next invoice), in the same transaction;
    /// the key refuses a second change from the same history position.
    package func change(_ after: Contract, _ t: Transition, also: [(event: NewEvent, row: StateRow)] = [], events: [NewEvent] = [],
                        idempotency: IdempotencyKey, at now: Instant) async throws -> AppendResult {
        try await store.append([try NewEvent(stream: Self.stream(after.id), type: EventType.transition.rawValue, payload: StoredJSON.text(t), recordedAt: now)]
                                   + also.map(\.event) + events,
                               state: [try Self.row(after)] + also.map(\.row), idempotency: idempotency)
    }

    /// Stores an event of `after` other than a state change (a fee revision, an equipment step; already applied to it), with
    /// the obligations it settles and schedules and what it sends or charges (`events`).
    package func record(_ after: Contract, _ type: EventType, _ payload: some Encodable, also: [(event: NewEvent, row: StateRow)], events: [NewEvent] = [],
                        idempotency: IdempotencyKey, at now: Instant) async throws -> AppendResult {
        try await store.append([try NewEvent(stream: Self.stream(after.id), type: type.rawValue, payload: StoredJSON.text(payload), recordedAt: now)]
                                   + also.map(\.event) + events,
                               state: [try Self.row(after)] + also.map(\.row), idempotency: idempotency)
    }

    public func contract(_ id: String) async throws -> Contract? {
        try await store.stateRow(.contracts, key: id).map { try Self.decode($0.body) }
    }

    public func page(_ query: StateQuery) async throws -> (contracts: [Contract], total: Int) {
        let page = try await store.statePage(.contracts, query)
        return (try page.bodies.map(Self.decode), page.total)
    }

    /// One customer's contracts, in order (a bounded set: no page).
    public func contracts(of customerID: String) async throws -> [Contract] {
        var query = StateQuery(equal: ["customer_id": customerID])
        query.totalWanted = false
        return try await page(query).contracts
    }

    /// Every contract, for the jobs that go through them all (bill run, dunning, usage rating).
    public func all() async throws -> [Contract] {
        try await store.stateRows(.contracts).map { try Self.decode($0.body) }
    }

    package static func decode(_ body: String) throws -> Contract { try JSONDecoder().decode(Contract.self, from: Data(body.utf8)) }

    /// A contract as its stream's events leave it: ordered, then each transition applied.
    package static func contract(from events: [StoredEvent]) throws -> Contract? {
        guard let first = events.first, first.type == EventType.ordered.rawValue else { return nil }
        var contract = try decode(first.payload)
        for e in events.dropFirst() {
            switch EventType(rawValue: e.type) {
            case .transition:
                let t = try JSONDecoder().decode(Transition.self, from: Data(e.payload.utf8))
                try contract.apply(t.action, on: t.on, note: t.note, termination: t.termination, ground: t.ground)
                contract.nextActionOn = t.next
            case .revised:
                let r = try JSONDecoder().decode(Revision.self, from: Data(e.payload.utf8))
                try contract.revise(r.revision)
                contract.nextActionOn = r.next
            case .renewed:
                let r = try JSONDecoder().decode(Renewal.self, from: Data(e.payload.utf8))
                try contract.renew(on: r.on)
                contract.nextActionOn = r.next
            case .appointment:
                let a = try JSONDecoder().decode(AppointmentStep.self, from: Data(e.payload.utf8))
                try contract.recordAppointment(a.step, slot: a.slot, slotOn: a.slotOn)
                contract.nextActionOn = a.next
            case .equipment:
                let step = try JSONDecoder().decode(EquipmentStep.self, from: Data(e.payload.utf8))
                if step.step == .returned { try contract.recordEquipmentReturned(on: step.on) }
                if let kept = step.decoderDepositKept { try contract.settleDecoderDeposit(.kept, on: step.on, kept: kept) }
                contract.nextActionOn = step.next
            case .deposit:
                let d = try JSONDecoder().decode(DepositStep.self, from: Data(e.payload.utf8))
                try contract.recordDeposit(d.step, on: d.on, reason: d.reason, amount: d.amount, refunded: d.refunded)
                contract.nextActionOn = d.next
            case .misuse:
                contract.nextActionOn = try JSONDecoder().decode(MisuseStep.self, from: Data(e.payload.utf8)).next
            case .offer:
                let o = try JSONDecoder().decode(OfferStep.self, from: Data(e.payload.utf8))
                switch o.step {
                case .asked: try contract.askOfferChange(o.change)
                case .rescheduled: try contract.rescheduleOfferChange(o.change)
                case .changed: try contract.changeOffer(o.change)
                }
                contract.nextActionOn = o.next
            case .decoderDeposit:
                let d = try JSONDecoder().decode(DecoderDepositStep.self, from: Data(e.payload.utf8))
                if d.step == .paid { try contract.recordDecoderDeposit(amount: d.amount ?? .zero, paidOn: d.on) } else {
                    try contract.settleDecoderDeposit(d.step, on: d.on, kept: d.amount)
                }
                contract.nextActionOn = d.next
            case .advance:
                let a = try JSONDecoder().decode(AdvanceStep.self, from: Data(e.payload.utf8))
                if a.step == .refunded, let kept = a.amount { try contract.recordAdvance(.setOff, on: a.on, amount: kept) }
                try contract.recordAdvance(a.step, on: a.on, amount: a.step == .refunded ? nil : a.amount, basis: a.basis)
                contract.nextActionOn = a.next
            case .paymentSolution:
                let s = try JSONDecoder().decode(PaymentSolutionStep.self, from: Data(e.payload.utf8))
                try contract.recordPaymentSolution(s.step, on: s.on)
                contract.nextActionOn = s.next
            case .merchantSubscription:
                let s = try JSONDecoder().decode(MerchantSubscriptionStep.self, from: Data(e.payload.utf8))
                try contract.recordMerchantSubscription(s.step, s.subscription, on: s.on)
                contract.nextActionOn = s.next
            case .priceChange:
                let p = try JSONDecoder().decode(PriceChangeStep.self, from: Data(e.payload.utf8))
                try contract.announcePriceChange(p.change, regulationInForceOn: p.regulationInForceOn)
                contract.nextActionOn = p.next
            case .activationFailure:
                let f = try JSONDecoder().decode(ActivationFailureStep.self, from: Data(e.payload.utf8))
                try contract.recordActivationFailure(f.step, on: f.on, until: f.until, amount: f.amount, calendar: nil)
                contract.nextActionOn = f.next
            case .statement:
                let n = try JSONDecoder().decode(NoticeStep.self, from: Data(e.payload.utf8))
                try contract.recordStatementRequest(on: n.on)
                contract.nextActionOn = n.next
            case .paymentSchedule:
                contract.nextActionOn = try JSONDecoder().decode(NoticeStep.self, from: Data(e.payload.utf8)).next
            case .theft:
                let t = try JSONDecoder().decode(TheftStep.self, from: Data(e.payload.utf8))
                try contract.declareTheft(t.theft)
                contract.nextActionOn = t.next
            case .lowBalance:
                let n = try JSONDecoder().decode(LowBalanceStep.self, from: Data(e.payload.utf8))
                contract.recordLowBalanceNotice(n.notice)
                contract.nextActionOn = n.next
            case .topUp:
                let t = try JSONDecoder().decode(TopUpStep.self, from: Data(e.payload.utf8))
                try contract.recordTopUp(t.topUp)
                contract.nextActionOn = t.next
            case .option:
                let o = try JSONDecoder().decode(OptionStep.self, from: Data(e.payload.utf8))
                switch o.step {
                case .requested: try contract.requestOption(o.option, on: o.on, compatibleTV: o.compatibleTV ?? false)
                case .stopped: try contract.stopOption(o.option, on: o.on)
                case .ended: break
                }
                contract.nextActionOn = o.next
            case .documents:
                let d = try JSONDecoder().decode(DocumentsStep.self, from: Data(e.payload.utf8))
                if d.step == .received { try contract.recordDocumentsReceived(on: d.on) }
                contract.nextActionOn = d.next
            case .ordered, nil: continue
            }
        }
        return contract
    }

    package static func fold(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        try contract(from: events).map(row)
    }
}
