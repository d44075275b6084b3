/// What a ticket is filed with.
public struct TicketFiling: Codable, Sendable, Hashable {
    public let family: TicketFamily
    /// The customer or wholesale operator it belongs to; only they (and staff) may read it.
    public let owner: String
    public let subject: String
    public let description: String
    /// Where acknowledgements, questions and the resolution report go (002 §1.a: the address
    /// given when filing).
    public let contactEmail: String
    public let channel: TicketChannel
    /// The territory whose calendar the SLA clocks use.
    public let territory: String
    public let eService: EService?
    public let eSoutienKind: ESoutienKind?
    /// 004 §12 (SUP-3): service number or site head number, and the on-site contact's phone.
    public let serviceNumber: String?
    public let siteContactPhone: String?
    public let complaintLevel: ComplaintLevel?
    /// A level 2 complaint names the level 1 ticket it appeals (001 CG 21: same grounds).
    public let appealOf: String?

    public init(family: TicketFamily, owner: String, subject: String, description: String, contactEmail: String,
                channel: TicketChannel, territory: String, eService: EService? = nil, eSoutienKind: ESoutienKind? = nil,
                serviceNumber: String? = nil, siteContactPhone: String? = nil, complaintLevel: ComplaintLevel? = nil,
                appealOf: String? = nil) {
        self.family = family; self.owner = owner; self.subject = subject; self.description = description
        self.contactEmail = contactEmail; self.channel = channel; self.territory = territory; self.eService = eService
        self.eSoutienKind = eSoutienKind; self.serviceNumber = serviceNumber; self.siteContactPhone = siteContactPhone
        self.complaintLevel = complaintLevel; self.appealOf = appealOf
    }

    /// The fields each family requires (002 §1.a, 004 §12 SUP-3, 001 CG 21).
    public func validate() throws(SupportError) {
        guard !subject.allSatisfy(\.isWhitespace) else { throw .invalid(field: "subject", reason: "must not be empty") }
        guard !description.allSatisfy(\.isWhitespace) else { throw .invalid(field: "description", reason: "must not be empty") }
        guard EmailAddress.isValid(contactEmail) else {
            throw .invalid(field: "contactEmail", reason: "'\(contactEmail)' is not an e-mail address (002 §1.a: answers go to it)")
        }
        switch family {
        case .eSoutien:
            guard eService != nil else { throw .invalid(field: "eService", reason: "one of \(EService.allCases.map(\.rawValue)) (002 §1)") }
            guard eSoutienKind != nil else { throw .invalid(field: "kind", reason: "dysfonctionnement or demandeDeSoutien (002 §1.a)") }
        case .supportCentre:
            guard let s = serviceNumber, !s.isEmpty else {
                throw .invalid(field: "serviceNumber", reason: "the service number or the site head number is required (004 §12)")
            }
            guard let p = siteContactPhone, !p.isEmpty else {
                throw .invalid(field: "siteContactPhone", reason: "the on-site contact's phone number is required (004 §12)")
            }
        case .complaint:
            guard let level = complaintLevel else { throw .invalid(field: "complaintLevel", reason: "1, 2 or 3 (001 CG 21, 003 CG 22.1)") }
            if level > .customerService && appealOf == nil {
                throw .invalid(field: "appealOf", reason: "a level \(level.rawValue) complaint names the ticket it appeals (001 CG 21)")
            }
        case .afterSales: break
        }
    }
}

/// A trouble ticket: its filing and its history, with the state derived from the history.
public struct Ticket: Codable, Sendable, Hashable {
    public let id: String
    /// The number the reporter quotes ("numéro du ticket", 002 §1.b).
    public let reference: String
    public let filing: TicketFiling
    public private(set) var events: [TicketEvent]
    public private(set) var status: TicketStatus
    public private(set) var domain: ResponsibilityDomain?
    public private(set) var escalations: [SLATargetKind]

    public var filedAt: Instant { events[0].at }

    public init(id: String, reference: String, filing: TicketFiling, at: Instant, actor: String) throws(SupportError) {
        try filing.validate()
        self.id = id; self.reference = reference; self.filing = filing
        events = [TicketEvent(.filed, at: at, actor: actor, text: filing.description, channel: filing.channel)]
        status = .acknowledged
        escalations = []
    }

    /// Rebuilds a ticket from its stored history.
    public init(id: String, reference: String, filing: TicketFiling, history: [TicketEvent]) throws(SupportError) {
        guard let first = history.first, first.kind == .filed else { throw .invalid(field: "history", reason: "must start with the filing") }
        try self.init(id: id, reference: reference, filing: filing, at: first.at, actor: first.actor)
        for e in history.dropFirst() { try apply(e) }
    }

    /// Appends `event` if the ticket's state allows it.
    public mutating func apply(_ event: TicketEvent) throws(SupportError) {
        guard event.at >= events[events.count - 1].at else {
            throw .invalid(field: "at", reason: "an event cannot precede the ticket's last one (\(events[events.count - 1].at))")
        }
        let next = try transition(event)
        events.append(event)
        status = next
        if event.kind == .diagnosed { domain = event.domain }
        if event.kind == .escalated, let t = event.target { escalations.append(t) }
    }

    private func transition(_ e: TicketEvent) throws(SupportError) -> TicketStatus {
        func refuse(_ why: String) -> SupportError { .notAllowed(action: e.kind.rawValue, state: status.rawValue, reason: why) }
        switch e.kind {
        case .filed:
            throw refuse("a ticket is filed once")
        case .started:
            guard status == .acknowledged else { throw refuse("work starts on an acknowledged ticket") }
            return .inProgress
        case .infoRequested:
            guard status == .acknowledged || status == .inProgress else { throw refuse("questions are asked on a ticket being handled") }
            guard e.text?.isEmpty == false else { throw .invalid(field: "text", reason: "the questions to ask") }
            return .pending
        case .reporterAnswered, .complementAdded:
            guard status.isOpen else { throw refuse("the ticket is no longer open: file a new one (002 §1.b)") }
            guard e.text?.isEmpty == false else { throw .invalid(field: "text", reason: "must not be empty") }
            // An answer, or a complement through the menu, ends the wait (002 §1.a, D-SUP-3).
            return status == .pending ? .inProgress : status
        case .statusQueried:
            guard status.isOpen else { throw refuse("the ticket is no longer open (002 §1.b)") }
            return status
        case .diagnosed:
            guard status == .acknowledged || status == .inProgress else { throw refuse("diagnosis happens while the ticket is handled") }
            guard let domain = e.domain else { throw .invalid(field: "domain", reason: "provider or customer (004 §12)") }
            // 004 §12 (SUP-6): on the customer's side, the customer is told and the ticket closed.
            return domain == .customer ? .closed : .inProgress
        case .escalated:
            guard status.isOpen else { throw refuse("only open tickets are escalated") }
            guard let t = e.target else { throw .invalid(field: "target", reason: "the missed target") }
            guard !escalations.contains(t) else { throw refuse("already escalated for its \(t.rawValue) target") }
            return status
        case .resolved:
            guard status == .acknowledged || status == .inProgress else {
                throw refuse(status == .pending ? "the ticket waits for the reporter's answer" : "the ticket is not being handled")
            }
            guard e.text?.isEmpty == false else { throw .invalid(field: "text", reason: "the resolution report (002 §1.a)") }
            return .resolved
        case .closed:
            guard status == .resolved else { throw refuse("a ticket is closed once resolved") }
            return .closed
        case .noted:
            return status
        }
    }

    /// When the provider first responded: started, asked, diagnosed or resolved.
    public var firstResponseAt: Instant? {
        events.first { [.started, .infoRequested, .diagnosed, .resolved].contains($0.kind) }?.at
    }

    /// When the ticket stopped needing work: resolved, or closed as the customer's (SUP-6).
    public var resolvedAt: Instant? {
        events.first { $0.kind == .resolved || ($0.kind == .diagnosed && $0.domain == .customer) }?.at
    }

    /// The spans spent waiting on the reporter, the last one open while the ticket still waits.
    public func waitingSpans(until now: Instant) -> [Pause] {
        var spans: [Pause] = []
        var since: Instant?
        for e in events {
            if e.kind == .infoRequested { since = e.at }
            else if let s = since, e.kind == .reporterAnswered || e.kind == .complementAdded || e.kind == .resolved || e.kind == .closed {
                spans.append(Pause(start: s, end: e.at)); since = nil
            }
        }
        if let s = since, now > s { spans.append(Pause(start: s, end: now)) }
        return spans
    }
}

/// A syntactic check of an e-mail address: local part, one @, a dotted domain, no spaces.
public enum EmailAddress {
    public static func isValid(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              s.count <= 254 else { return false }
        return !s.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0.asciiValue == nil }
    }
}
