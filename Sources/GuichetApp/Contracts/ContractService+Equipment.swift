import GuichetCore
import GuichetMail
import GuichetStore

/// 001 CG 6.3 and CG 2 on their days: the equipment a Livebox lends is expected back after a termination or withdrawal;
/// not back by the last day, it is claimed by a formal notice; that notice left without effect 7 days, the non-return
/// fees go on the next invoice. Recording the return settles what is pending and confirms it to the customer (D-RUN-11).
extension ContractService {
    /// What `c`'s offering lends, from its specification in the catalog.
    package func lentItems(_ c: Contract, set: CatalogSet) -> [EquipmentReturn.Kind] {
        guard let spec = set.offering(c.offeringID)?.specification, let characteristics = set.specification(spec)?.characteristics else { return [] }
        return EquipmentReturn.items(lent: characteristics)
    }

    /// The claim a termination or withdrawal on `day` schedules: on the day after the return's last day.
    package func scheduledEquipmentClaim(_ c: Contract, after action: ContractAction, on day: LocalDate, set: CatalogSet) -> Obligation? {
        guard let r = c.equipmentReturn(after: action, on: day, items: lentItems(c, set: set)) else { return nil }
        let on = r.dueBy.date.adding(days: 1)
        return due(.equipmentReturn, of: c, on: on, Explanation(rule: "equipment not returned by its last day: claimed by a formal notice the day after",
                                                   source: r.dueBy.explanation.source,
                                                   inputs: ["items": r.items.map(\.rawValue).joined(separator: ", "), "last day": r.dueBy.date.description],
                                                   result: on.description, steps: [r.dueBy.explanation]))
    }

    /// Executes a claim: the formal notice e-mailed (or a letter for staff to send) on the day it runs, and the fees
    /// scheduled for the day after the notice's 7 days, in one transaction. Nil when another executor got there first.
    package func claimEquipment(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id), let zone = territories[c.territoryID]?.zone else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        if let returned = c.equipmentReturnedOn { return try await settle(o, as: .superseded, outcome: "returned on \(returned)", at: now) }
        // Sent the day the run takes it, never dated back (D-RUN-7); presented that day.
        let day = max(o.dueOn, zone.local(now).date)
        let items = lentItems(c, set: await catalogs.current)
        let notice = try await notice(c, on: day, at: now) { MailTemplates.equipmentNotice(c, items: items, on: day, to: $0) }
        let feesOn = day.adding(days: 8)
        let fees = due(.equipmentFees, of: c, on: feesOn, Explanation(rule: "a formal notice to return the equipment, without effect for 7 days from its presentation",
                                                       source: "001 CG 6.3", inputs: ["notice presented": day.description], result: feesOn.description))
        guard let done = o.settled(.done, at: now, outcome: "formal notice \(notice.sent) on \(day)") else { return nil }
        return try await step(&c, .notice, on: day, settling: [done], scheduling: [fees].compactMap { $0 }, events: notice.mail, letters: notice.letter, at: now) ? done : nil
    }

    /// Executes the fees: the catalog's non-return amounts for the items still out, on the next invoice, in one transaction.
    package func chargeEquipment(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id) else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        if let returned = c.equipmentReturnedOn { return try await settle(o, as: .superseded, outcome: "returned on \(returned)", at: now) }
        let set = await catalogs.current
        guard let amounts = Self.equipmentAmounts(on: o.dueOn, set: set) else {
            return try await settle(o, as: .failed, outcome: "the catalog has no non-return amounts on \(o.dueOn) (\(Self.equipmentPriceIDs))", at: now)
        }
        let items = lentItems(c, set: set)
        let fees = EquipmentReturn(items: items, trigger: o.dueOn, afterWithdrawal: false)
            .nonReturnFees(noticePresented: o.dueOn.adding(days: -8), box: amounts.box, decoder: amounts.decoder)
        let charge = try RecordedCharge(id: ResourceID.make("chg"), category: .oneTime, label: "Non-restitution des équipements (\(Self.frenchItems(items)))",
                                        on: o.dueOn, unitPrice: fees.line.amount, taxIncluded: amounts.taxIncluded,
                                        source: "\(fees.line.explanation.source) (contract \(c.id), \(fees.line.explanation.result))")
        let setOff = try decoderDepositSetOff(&c, decoderCharge: items.contains(.decoder) ? amounts.decoder : nil, on: o.dueOn, taxIncluded: amounts.taxIncluded, at: now)
        guard let done = o.settled(.done, at: now, outcome: "charged \(fees.line.amount) on \(o.dueOn)") else { return nil }
        return try await step(&c, .fees, on: o.dueOn, settling: [done], events: [try chargeEvent(charge, customerID: c.customerID, at: now)] + setOff.events,
                              decoderDepositKept: setOff.kept, at: now) ? done : nil
    }

    /// Records the lent equipment's return on `day` (received by then): the claim and fees still pending are settled, and the
    /// customer gets the confirmation CG 6.3 promises. Fees already charged stay (a credit is staff's decision). Items returned
    /// damaged or incomplete (`faulty`) owe their CG 6.3 amounts, on the next invoice.
    public func equipmentReturned(_ id: String, on day: LocalDate, faulty: [FaultyItem] = [], at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let zone = territories[c.territoryID]?.zone else { throw ContractServiceError.notFound(id) }
        let set = await catalogs.current
        guard c.state == .terminated || c.state == .withdrawn, let trigger = c.history.last?.on,
              let expected = c.equipmentReturn(after: c.state == .withdrawn ? .withdraw : .terminate, on: trigger, items: lentItems(c, set: set))
        else {
            if let returned = c.equipmentReturnedOn { throw ContractError.invalid(field: "equipment", reason: "returned already, on \(returned)") }
            throw ContractError.invalid(field: "equipment", reason: "the contract lends no equipment to return, or is not terminated or withdrawn (001 CG 6.3)")
        }
        guard day >= trigger, day <= zone.local(now).date else {
            throw ContractError.invalid(field: "on", reason: "\(day) is not between the \(c.state.rawValue) day, \(trigger), and today")
        }
        let pending = try await obligations.of(ContractRepository.stream(id)).filter { $0.state == .pending && [.equipmentReturn, .equipmentFees].contains($0.kind) }
        let settled = pending.compactMap { o in
            o.kind == .equipmentReturn ? o.settled(.done, at: now, outcome: "returned on \(day)") : o.settled(.cancelled, at: now, outcome: "returned on \(day)")
        }
        let notice = try await notice(c, on: zone.local(now).date, at: now) { MailTemplates.equipmentReturned(c, on: day, to: $0) }
        let charges = try faultyReturnCharge(c, expected, faulty, on: day, set: set, at: now)
        // 001 CG 6.3: the decoder's deposit, kept against a damaged or incomplete decoder's charge, else paid back.
        let decoderFaulty = faulty.contains { $0.item == .decoder }
        let amounts = decoderFaulty ? Self.equipmentAmounts(on: day, set: set) : nil
        let setOff = try decoderDepositSetOff(&c, decoderCharge: amounts?.decoder, on: day, taxIncluded: amounts?.taxIncluded ?? true, at: now)
        let refund = decoderFaulty ? nil : scheduledDecoderDepositRefund(c, returnedOn: day)
        guard try await step(&c, .returned, on: day, settling: settled, scheduling: [refund].compactMap { $0 }, events: notice.mail + charges + setOff.events,
                             letters: notice.letter, decoderDepositKept: setOff.kept, at: now) else {
            return try await contract(id) ?? c
        }
        return c
    }

    /// 001 CG 6.3: the charge of the items returned damaged or incomplete, with the catalog's amounts of the return day.
    private func faultyReturnCharge(_ c: Contract, _ expected: EquipmentReturn, _ faulty: [FaultyItem], on day: LocalDate, set: CatalogSet,
                                    at now: Instant) throws -> [NewEvent] {
        guard !faulty.isEmpty else { return [] }
        guard let amounts = Self.equipmentAmounts(on: day, set: set) else {
            throw ContractError.invalid(field: "faulty", reason: "the catalog has no CG 6.3 amounts on \(day) (\(Self.equipmentPriceIDs))")
        }
        guard let line = try expected.faultyReturnCharge(faulty, boxCap: amounts.box, decoder: amounts.decoder) else { return [] }
        let charge = try RecordedCharge(id: ResourceID.make("chg"), category: .oneTime,
                                        label: "Équipements restitués en mauvais état ou incomplets (\(Self.frenchItems(faulty.map(\.item))))",
                                        on: day, unitPrice: line.amount, taxIncluded: amounts.taxIncluded,
                                        source: "\(line.explanation.source) (contract \(c.id), \(line.explanation.result))")
        return [try chargeEvent(charge, customerID: c.customerID, at: now)]
    }

    private static let equipmentPriceIDs = "non-restitution-livebox, non-restitution-decodeur"

    /// The catalog's CG 6.3 amounts on `day`: per box item (not returned, or the cap of a faulty one's repair) and per decoder.
    package static func equipmentAmounts(on day: LocalDate, set: CatalogSet) -> (box: Money, decoder: Money, taxIncluded: Bool)? {
        guard let box = set.prices.price("non-restitution-livebox", on: day), let decoder = set.prices.price("non-restitution-decodeur", on: day),
              let boxAmount = box.amount, let decoderAmount = decoder.amount else { return nil }
        return (boxAmount, decoderAmount, box.taxIncluded)
    }

    /// Appends an equipment step of `c` with the obligations it settles and schedules; false when it was stored already.
    private func step(_ c: inout Contract, _ step: ContractRepository.EquipmentStep.Step, on day: LocalDate, settling: [Obligation], scheduling: [Obligation] = [],
                      events: [NewEvent], letters: [(event: NewEvent, row: StateRow)] = [], decoderDepositKept: Money? = nil, at now: Instant) async throws -> Bool {
        if step == .returned { try c.recordEquipmentReturned(on: day) }
        let key = try IdempotencyKey(scope: "contract-equipment", key: "\(c.id)#\(step.rawValue)", fingerprint: step.rawValue)
        return try await record(&c, .equipment, key: key, settling: settling, scheduling: scheduling, events: events, rows: letters, at: now) {
            ContractRepository.EquipmentStep(step: step, on: day, next: $0, decoderDepositKept: decoderDepositKept)
        }
    }

    package static func frenchItems(_ items: [EquipmentReturn.Kind]) -> String {
        items.map { $0 == .box ? "Livebox" : "décodeur TV" }.joined(separator: ", ")
    }
}
