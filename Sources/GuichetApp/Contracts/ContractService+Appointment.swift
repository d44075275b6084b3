import GuichetCore
import GuichetStore

/// 001 CG 5.2 on its days: a Livebox installed by a technician has a visit fixed within three months of the
/// subscription, or the contract ends; a visit the customer misses or cancels within the 4 business hours before it
/// costs the visit's price on the next invoice, unless for a legitimate reason (D-RUN-14).
extension ContractService {
    /// Records a step of the visit that happened at `occurred` (staff's; by now), with what it moves, in one transaction.
    public func appointment(_ id: String, _ step: TechnicianAppointment.Step, slot: Instant?, legitimateReason: String?, occurred: Instant,
                            at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let territory = territories[c.territoryID] else { throw ContractServiceError.notFound(id) }
        guard occurred <= now else { throw ContractError.invalid(field: "at", reason: "\(occurred) is after now: a step is recorded once it happened") }
        let before = c.appointment
        // A missed visit is the one booked: its day is the one Orange missed.
        let slotOn = (step == .missed ? before?.slot : slot).map { territory.zone.local($0).date }
        try c.recordAppointment(step, slot: slot, slotOn: slotOn)
        let pending = try await obligations.of(ContractRepository.stream(id)).filter { $0.state == .pending }
        let deadline = pending.first { $0.kind == .appointmentDeadline }
        var changed: [Obligation] = []
        switch step {
        case .needed, .cancelled, .absent, .missed:
            // A date to fix (again) within the three months.
            if deadline == nil, let end = c.appointmentWindowEnd {
                let due = end.adding(days: 1)
                changed.append(Obligation(id: ResourceID.make("obl"), kind: .appointmentDeadline, resource: ContractRepository.stream(id), dueOn: due,
                                          dueAt: territory.zone.startOfDay(due),
                                          explanation: Explanation(rule: "no date fixed for the technician's visit within three months of the subscription",
                                                                   source: "001 CG 5.2", inputs: ["subscribed": c.orderedOn.description], result: due.description)))
            }
        case .booked:
            if let deadline, let slot, let done = deadline.settled(.done, at: now, outcome: "visit fixed for \(territory.zone.local(slot).iso)") { changed.append(done) }
        case .held:
            break
        }
        var events: [NewEvent] = []
        if legitimateReason == nil, let why = try visitOwed(step, before: before, occurred: occurred, territory: territory) {
            let set = await catalogs.current
            let priceID = "frais-deplacement-technicien-\(territory.taxZoneID.lowercased())"
            guard let price = set.prices.price(priceID, on: territory.zone.local(now).date), let amount = price.amount else {
                throw ContractError.invalid(field: "appointment", reason: "the catalog has no price '\(priceID)' for the visit")
            }
            let charge = try RecordedCharge(id: ResourceID.make("chg"), category: .oneTime,
                                            label: step == .absent ? "Déplacement technicien : absence au rendez-vous" : "Déplacement technicien : annulation tardive",
                                            on: territory.zone.local(now).date, unitPrice: amount, taxIncluded: price.taxIncluded,
                                            source: "\(why.source) (contract \(id), \(why.result))")
            events.append(try chargeEvent(charge, customerID: c.customerID, at: now))
        }
        let changedIDs = Set(changed.map(\.id))
        c.nextActionOn = (pending.filter { !changedIDs.contains($0.id) } + changed.filter { $0.state == .pending }).map(\.dueOn).min()
        let payload = ContractRepository.AppointmentStep(step: step, at: occurred, slot: slot,
                                                         slotOn: step == .missed ? slotOn : c.appointment?.slot.map { territory.zone.local($0).date },
                                                         legitimateReason: legitimateReason, next: c.nextActionOn)
        let key = try IdempotencyKey(scope: "contract-appointment", key: "\(id)#\(step.rawValue)@\(occurred)", fingerprint: step.rawValue)
        _ = try await contractRepository.record(c, .appointment, payload, also: try changed.map { try ObligationRepository.stored($0, at: now) },
                                                events: events, idempotency: key, at: now)
        return c
    }

    /// The customer's claim for the visit Orange missed during a porting or change of provider (001 CG 5.2, "sur demande"):
    /// a fifth of the monthly price per day to `until`, credited on the next invoice, once per missed visit; `refused`: the
    /// exclusion staff found (an external cause, the customer's act, the visit moved 4 hours before or cancelled), when
    /// nothing is owed (D-RUN-21).
    public func claimMissedVisit(_ id: String, until: LocalDate, claimedOn: LocalDate, refused: String?, at now: Instant) async throws -> TerminationQuote.Line {
        guard let c = try await contract(id) else { throw ContractServiceError.notFound(id) }
        let line = try c.missedVisitCompensation(until: until, excluded: refused)
        guard line.amount > .zero, let missed = c.appointment?.missedOn else { return line }
        let credit = try RecordedCharge(id: ResourceID.make("chg"), category: .credit, label: "Indemnité pour rendez-vous technicien non respecté",
                                        on: claimedOn, unitPrice: -line.amount, taxIncluded: c.monthlyFee?.taxIncluded ?? true,
                                        source: "001 CG 5.2 (contract \(id), \(line.explanation.result))")
        let key = try IdempotencyKey(scope: "visit-claim", key: "\(id)@\(missed)", fingerprint: "\(until)")
        do {
            _ = try await store.append([try chargeEvent(credit, customerID: c.customerID, at: now)], idempotency: key)
        } catch StoreError.idempotencyConflict {
            throw ContractError.invalid(field: "appointment", reason: "the visit missed on \(missed) was claimed already")
        }
        return line
    }

    /// Why the visit's price is owed by this step, if it is: the customer absent, or a cancellation within the 4 business
    /// hours before the visit.
    private func visitOwed(_ step: TechnicianAppointment.Step, before: TechnicianAppointment?, occurred: Instant, territory: Territory) throws -> Explanation? {
        guard let slot = before?.slot else { return nil }
        switch step {
        case .absent:
            return Explanation(rule: "the customer was absent at the visit", source: "001 CG 5.2", inputs: ["visit": territory.zone.local(slot).iso],
                               result: "absent at the visit of \(territory.zone.local(slot).iso)")
        case .cancelled:
            return TechnicianAppointment.cancelledLate(at: occurred, slot: slot, calendar: WorkCalendar(territory: territory))
        case .needed, .booked, .held, .missed:
            return nil
        }
    }
}
