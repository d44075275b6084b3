/// A remote-assistance request (000): identification, forfaits, callback, consent and
/// session codes, outcome and billing, as an append-only history.
public struct AssistanceRequest: Codable, Sendable, Hashable {
    public enum OperatingSystem: String, Codable, Sendable { case windows, mac }

    public enum Status: String, Codable, Sendable {
        /// A Mac: feasibility is answered within 4 hours before anything is offered (000 art. 4.1).
        case awaitingFeasibility
        case offered, accepted, scheduled, inSession
        case completed, failed, escalatedToHomeVisit, notFeasible, withdrawn

        public var isFinal: Bool { [.completed, .failed, .escalatedToHomeVisit, .notFeasible, .withdrawn].contains(self) }
    }

    /// 000 art. 3.2: name and the 9-digit customer number printed on invoices.
    public struct Identification: Codable, Sendable, Hashable {
        public let customerID: String
        public let customerNumber: String
        public let lastName: String
        public let firstName: String
        public let email: String
        public let professional: Bool

        public init(customerID: String, customerNumber: String, lastName: String, firstName: String, email: String, professional: Bool) {
            self.customerID = customerID; self.customerNumber = customerNumber; self.lastName = lastName
            self.firstName = firstName; self.email = email; self.professional = professional
        }

        public func validate() throws(SupportError) {
            guard customerNumber.count == 9, customerNumber.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalid(field: "customerNumber", reason: "the 9-digit customer number printed on invoices (000 art. 3.2)")
            }
            guard !lastName.allSatisfy(\.isWhitespace) else { throw .invalid(field: "lastName", reason: "must not be empty (000 art. 3.2)") }
            guard !firstName.allSatisfy(\.isWhitespace) else { throw .invalid(field: "firstName", reason: "must not be empty (000 art. 3.2)") }
            guard EmailAddress.isValid(email) else { throw .invalid(field: "email", reason: "'\(email)' is not an e-mail address (000 art. 4.7)") }
        }
    }

    public struct Event: Codable, Sendable, Hashable {
        public enum Kind: String, Codable, Sendable {
            case requested, feasibilityAnswered, accepted, callbackBooked, withdrawn, sharingConsented, codeIssued, codeRedeemed, outcome
            /// A commitment not met by its time (the callback, 000 art. 3.2; the Mac answer, art. 4.1), recorded by the
            /// scheduler, `text` saying which and by when.
            case commitmentMissed
        }
        public let kind: Kind
        public let at: Instant
        public let feasible: Bool?
        public let slotStart: Instant?
        /// For `callbackBooked`: the customer asked for a slot after the 72-hour deadline.
        public let customerAskedLater: Bool?
        /// For `sharingConsented`: the clause the customer accepted (000 art. 2.2); for `commitmentMissed`, what was missed.
        public let text: String?
        public let expiresAt: Instant?
        public let outcome: AssistanceOutcome?

        public init(_ kind: Kind, at: Instant, feasible: Bool? = nil, slotStart: Instant? = nil, customerAskedLater: Bool? = nil,
                    text: String? = nil, expiresAt: Instant? = nil, outcome: AssistanceOutcome? = nil) {
            self.kind = kind; self.at = at; self.feasible = feasible; self.slotStart = slotStart
            self.customerAskedLater = customerAskedLater; self.text = text; self.expiresAt = expiresAt; self.outcome = outcome
        }
    }

    public let id: String
    public let identification: Identification
    public let os: OperatingSystem
    public let lines: [ForfaitLine]
    public let requestedAt: Instant
    public private(set) var status: Status
    public private(set) var events: [Event]
    public private(set) var acceptedAt: Instant?
    /// When the 72-hour clock started: acceptance, or the feasibility answer for a Mac (D-SUP-6).
    public private(set) var callbackClockStart: Instant?
    public private(set) var slotStart: Instant?
    /// A consent not yet used by a code: every new remote control needs a new one (000 art. 4.6).
    public private(set) var unusedConsent: Bool = false
    public private(set) var outcome: AssistanceOutcome?

    public init(id: String, identification: Identification, os: OperatingSystem, lines: [ForfaitLine], at: Instant,
                rules: RemoteAssistanceRules) throws(SupportError) {
        try identification.validate()
        try rules.validate(lines, professional: identification.professional)
        self.id = id; self.identification = identification; self.os = os; self.lines = lines; requestedAt = at
        status = os == .mac ? .awaitingFeasibility : .offered
        events = [Event(.requested, at: at)]
    }

    /// 000 art. 4.1: for a Mac, the feasibility answer is due 4 hours after the request.
    public func feasibilityDue(_ rules: RemoteAssistanceRules) -> Instant? {
        os == .mac ? rules.feasibilityDue(from: requestedAt) : nil
    }

    /// 000 art. 3.2: the callback deadline, once the clock has started.
    public func callbackDeadline(_ rules: RemoteAssistanceRules, calendar: WorkCalendar) -> Deadline? {
        callbackClockStart.map { calendar.callbackDeadline(hours: rules.callbackHours, from: $0) }
    }

    /// 000 art. 10: withdrawal within 7 jours francs of acceptance, for a consumer.
    public func withdrawalDeadline(_ rules: RemoteAssistanceRules, calendar: WorkCalendar) -> Deadline? {
        guard let acceptedAt, !identification.professional else { return nil }
        return calendar.joursFrancs(rules.withdrawalJoursFrancs, after: calendar.zone.local(acceptedAt).date,
                                    rule: "withdrawal within \(rules.withdrawalJoursFrancs) jours francs of accepting the offer", source: "000 art. 10")
    }

    public mutating func apply(_ e: Event, rules: RemoteAssistanceRules, calendar: WorkCalendar) throws(SupportError) {
        func refuse(_ why: String) -> SupportError { .notAllowed(action: e.kind.rawValue, state: status.rawValue, reason: why) }
        guard e.at >= events[events.count - 1].at else { throw .invalid(field: "at", reason: "before the request's last event") }
        switch e.kind {
        case .requested:
            throw refuse("a request is made once")
        case .feasibilityAnswered:
            guard status == .awaitingFeasibility, let feasible = e.feasible else { throw refuse("only a Mac request awaits a feasibility answer") }
            status = feasible ? .offered : .notFeasible
        case .accepted:
            guard status == .offered else { throw refuse("the offer is accepted once it is made") }
            acceptedAt = e.at
            // The clock starts when Orange can schedule: at acceptance, after any feasibility answer.
            callbackClockStart = e.at
            status = .accepted
        case .callbackBooked:
            guard status == .accepted || status == .scheduled, let slot = e.slotStart else { throw refuse("a callback is booked for an accepted offer") }
            try rules.slotFits(slot, zone: calendar.zone)
            // Once the callback was missed (T12), the slot agreed again is after the deadline, which is not computed again.
            if let deadline = callbackDeadline(rules, calendar: calendar), !deadline.isMet(by: slot), e.customerAskedLater != true, missed.isEmpty {
                throw .invalid(field: "slot", reason: "starts after the callback deadline \(deadline.endsAtLocal) local (000 art. 3.2); set customerAskedLater if the customer chose it")
            }
            slotStart = slot
            status = .scheduled
        case .withdrawn:
            guard status == .accepted || status == .scheduled else { throw refuse("withdrawal is possible before the service is carried out (000 art. 10)") }
            guard let deadline = withdrawalDeadline(rules, calendar: calendar) else {
                throw refuse("the right of withdrawal is a consumer's (000 art. 10)")
            }
            guard deadline.isMet(by: e.at) else { throw refuse("the withdrawal period ended \(deadline.endsAtLocal) local (000 art. 10)") }
            status = .withdrawn
        case .sharingConsented:
            guard status == .scheduled || status == .inSession else { throw refuse("screen sharing is proposed during the callback") }
            guard os == .windows else { throw refuse("no screen sharing on a Mac (000 art. 4.1)") }
            guard e.text?.isEmpty == false else { throw .invalid(field: "text", reason: "the clause the customer accepted (000 art. 2.2)") }
            // Accepting the execution waives withdrawal (000 art. 10).
            status = .inSession
            unusedConsent = true
        case .codeIssued:
            guard status == .inSession, unusedConsent else { throw refuse("each code needs the customer's express consent first (000 art. 2.2, 4.6)") }
            guard let expires = e.expiresAt, expires > e.at else { throw .invalid(field: "expiresAt", reason: "after issue") }
            unusedConsent = false
        case .codeRedeemed:
            guard status == .inSession else { throw refuse("no session is open") }
        case .outcome:
            guard status == .scheduled || status == .inSession, let o = e.outcome else { throw refuse("the outcome follows the callback") }
            outcome = o
            status = switch o { case .done: .completed; case .failed: .failed; case .escalatedToHomeVisit: .escalatedToHomeVisit }
        case .commitmentMissed:
            // The request goes on (T12: a new slot is agreed, the deadline is not computed again); the miss stays in its history.
            guard e.text?.isEmpty == false else { throw .invalid(field: "text", reason: "which commitment was missed") }
        }
        events.append(e)
    }

    /// When Orange called back: the first step taken during the callback (screen sharing consented, or the outcome).
    public var calledBackAt: Instant? { events.first { $0.kind == .sharingConsented || $0.kind == .outcome }?.at }

    /// When the Mac feasibility was answered (000 art. 4.1).
    public var feasibilityAnsweredAt: Instant? { events.first { $0.kind == .feasibilityAnswered }?.at }

    /// The commitments missed, as the scheduler recorded them.
    public var missed: [Event] { events.filter { $0.kind == .commitmentMissed } }

    /// Rebuilds a request from its stored history.
    public init(id: String, identification: Identification, os: OperatingSystem, lines: [ForfaitLine], history: [Event],
                rules: RemoteAssistanceRules, calendar: WorkCalendar) throws(SupportError) {
        guard let first = history.first, first.kind == .requested else { throw .invalid(field: "history", reason: "must start with the request") }
        try self.init(id: id, identification: identification, os: os, lines: lines, at: first.at, rules: rules)
        for e in history.dropFirst() { try apply(e, rules: rules, calendar: calendar) }
    }
}
