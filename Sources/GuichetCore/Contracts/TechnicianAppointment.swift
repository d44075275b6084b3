/// A technician's visit to install a Livebox (001 CG 5.2): held within three months of the subscription; missed or
/// cancelled late by the customer, the visit's price is owed unless for a legitimate reason.
public struct TechnicianAppointment: Sendable, Codable, Hashable {
    public enum Step: String, Sendable, Codable, CaseIterable {
        /// The installation needs a technician: a date must be fixed within three months.
        case needed
        /// A date fixed, or moved.
        case booked
        /// Cancelled by the customer.
        case cancelled
        /// The customer was not there.
        case absent
        /// The visit took place.
        case held
        /// Orange's technician did not come: a new date is fixed, and during a porting or change of provider the customer
        /// may claim a compensation.
        case missed
    }

    /// The visit's instant, once a date is fixed.
    public var slot: Instant?
    public var last: Step
    /// The day of the last visit Orange missed, once one is.
    public var missedOn: LocalDate?

    public init(slot: Instant?, last: Step, missedOn: LocalDate? = nil) { self.slot = slot; self.last = last; self.missedOn = missedOn }

    /// "Du lundi au vendredi de 8h00 à 18h00" (the clause names no holiday).
    public static let businessHours = try! BusinessHours(days: BusinessHours.weekdays, opens: "08:00", closes: "18:00", openOnHolidays: true)

    /// Whether a cancellation at `at` falls within the 4 business hours before the visit (001 CG 5.2): late.
    public static func cancelledLate(at: Instant, slot: Instant, calendar: WorkCalendar) -> Explanation? {
        let clock = BusinessHoursClock(calendar: calendar, hours: businessHours)
        let elapsed = clock.elapsed(from: at, to: slot)
        guard elapsed < 4 * 3_600 else { return nil }
        return Explanation(rule: "cancelled within the 4 business hours (Monday to Friday, 08:00–18:00) before the visit", source: "001 CG 5.2",
                           inputs: ["cancelled at": calendar.zone.local(at).iso, "visit": calendar.zone.local(slot).iso, "territory": calendar.territory.id],
                           result: "\(elapsed / 60) business minutes before: the visit's price is owed")
    }
}

extension Contract {
    /// 001 CG 5.2: the last day a visit may be fixed for, three months from the subscription; past it without a date,
    /// the contract ends de plein droit. Nil for the contracts without a technician's installation.
    public var appointmentWindowEnd: LocalDate? { family.terms.technicianVisit ? orderedOn.adding(months: 3) : nil }

    /// Records a step of the installation visit (`slotOn`: the booked visit's day in the contract's territory), refusing
    /// what the clause or the visit's state does not allow.
    public mutating func recordAppointment(_ step: TechnicianAppointment.Step, slot: Instant?, slotOn: LocalDate?) throws(ContractError) {
        guard let windowEnd = appointmentWindowEnd else { throw .invalid(field: "appointment", reason: "only a Livebox is installed by a technician (001 CG 5.2)") }
        guard state == .pendingActivation else { throw .invalid(field: "appointment", reason: "the contract is \(state.rawValue): its installation is over") }
        switch step {
        case .needed:
            guard appointment == nil else { throw .invalid(field: "step", reason: "a technician's visit is already planned") }
            appointment = TechnicianAppointment(slot: nil, last: .needed)
        case .booked:
            guard let slot, let slotOn else { throw .invalid(field: "slot", reason: "a date is fixed with the visit's instant") }
            guard slotOn <= windowEnd else {
                throw .invalid(field: "slot", reason: "the visit is held within three months of the subscription, by \(windowEnd) (001 CG 5.2)")
            }
            appointment = TechnicianAppointment(slot: slot, last: .booked, missedOn: appointment?.missedOn)
        case .cancelled, .absent, .held, .missed:
            guard let current = appointment, current.last == .booked else { throw .invalid(field: "step", reason: "no visit is booked") }
            appointment = TechnicianAppointment(slot: step == .held ? current.slot : nil, last: step, missedOn: step == .missed ? slotOn : current.missedOn)
        }
    }

    /// 001 CG 5.2: Orange not keeping the visit of a porting or change of provider owes the customer, on request, a fifth of
    /// the monthly price per day of delay, from the missed visit to `until` — the new visit, the customer's cancellation, or
    /// Orange telling them the connection cannot be made. The exclusions (an external cause, the customer's act, a visit
    /// moved at least 4 hours before, or cancelled beforehand) are staff's to judge (D-RUN-21).
    public func missedVisitCompensation(until: LocalDate, excluded: String? = nil) throws(ContractError) -> TerminationQuote.Line {
        guard let missed = appointment?.missedOn else { throw .invalid(field: "appointment", reason: "Orange has missed no visit of this contract") }
        guard until > missed else { throw .invalid(field: "until", reason: "\(until) is not after the missed visit, \(missed)") }
        if let excluded {
            return .init(label: "missed visit compensation", amount: .zero, explanation: Explanation(
                rule: "excluded: \(excluded)", source: "001 CG 5.2", inputs: ["missed visit": missed.description], result: "0.00"))
        }
        let f = try fee()
        let days = until.ordinal - missed.ordinal
        let amount = f.multiplied(by: Int64(days), dividedBy: 5, roundedTo: .cent, .halfUp)
        return .init(label: "missed visit compensation", amount: amount, explanation: Explanation(
            rule: "a fifth of the monthly price per day of delay, until the new visit, the customer's cancellation or the notice that the connection cannot be made",
            source: "001 CG 5.2", inputs: ["F": f.description, "missed visit": missed.description, "until": until.description, "days": "\(days)"],
            result: "\(f) / 5 × \(days) = \(amount)"))
    }
}
