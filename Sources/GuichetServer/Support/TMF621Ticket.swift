import GuichetApp
import GuichetCore

/// A ticket in the TMF621 TroubleTicket shape, with Guichet's fields (reference, e-service,
/// responsibility domain, complaint level, SLA clocks) beside the standard ones.
struct TMF621Ticket: Encodable {
    static let base = "/tmf-api/troubleTicket/v4"

    struct Party: Encodable {
        let id: String
        let role: String
        enum CodingKeys: String, CodingKey { case id, role, referredType = "@referredType" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(role, forKey: .role); try c.encode("Customer", forKey: .referredType)
        }
    }
    struct Note: Encodable { let date: Instant; let author: String; let text: String; let kind: String }
    struct StatusChange: Encodable { let status: TicketStatus; let changeDate: Instant }
    struct Channel: Encodable { let name: TicketChannel }

    let id: String
    let href: String
    let reference: String
    let name: String
    let description: String
    let status: TicketStatus
    let ticketType: TicketFamily
    let creationDate: Instant
    let lastUpdate: Instant
    let channel: Channel
    let relatedParty: [Party]
    let note: [Note]
    let statusChange: [StatusChange]
    let eService: EService?
    let eSoutienKind: ESoutienKind?
    let responsibilityDomain: ResponsibilityDomain?
    let complaintLevel: ComplaintLevel?
    let appealOf: String?
    let escalations: [SLATargetKind]
    let sla: [SLAClock]

    init(_ t: Ticket, sla: [SLAClock]) {
        id = t.reference; href = "\(Self.base)/troubleTicket/\(t.reference)"; reference = t.reference
        name = t.filing.subject; description = t.filing.description; status = t.status; ticketType = t.filing.family
        creationDate = t.filedAt; lastUpdate = t.events.last!.at; channel = Channel(name: t.filing.channel)
        relatedParty = [Party(id: t.filing.owner, role: "reporter")]
        note = t.events.compactMap { e in e.text.map { Note(date: e.at, author: e.actor, text: $0, kind: e.kind.rawValue) } }
        // Replay the history to list each status change.
        var changes: [StatusChange] = [StatusChange(status: .acknowledged, changeDate: t.filedAt)]
        var replay = try? Ticket(id: t.id, reference: t.reference, filing: t.filing, at: t.filedAt, actor: t.events[0].actor)
        for e in t.events.dropFirst() {
            try? replay?.apply(e)
            if let s = replay?.status, s != changes.last?.status { changes.append(StatusChange(status: s, changeDate: e.at)) }
        }
        statusChange = changes
        eService = t.filing.eService; eSoutienKind = t.filing.eSoutienKind; responsibilityDomain = t.domain
        complaintLevel = t.filing.complaintLevel; appealOf = t.filing.appealOf; escalations = t.escalations; self.sla = sla
    }

    enum CodingKeys: String, CodingKey {
        case id, href, reference, name, description, status, ticketType, creationDate, lastUpdate, channel, relatedParty, note, statusChange
        case eService, eSoutienKind, responsibilityDomain, complaintLevel, appealOf, escalations, sla, type = "@type"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(href, forKey: .href); try c.encode(reference, forKey: .reference)
        try c.encode(name, forKey: .name); try c.encode(description, forKey: .description); try c.encode(status, forKey: .status)
        try c.encode(ticketType, forKey: .ticketType); try c.encode(creationDate, forKey: .creationDate); try c.encode(lastUpdate, forKey: .lastUpdate)
        try c.encode(channel, forKey: .channel); try c.encode(relatedParty, forKey: .relatedParty); try c.encode(note, forKey: .note)
        try c.encode(statusChange, forKey: .statusChange); try c.encodeIfPresent(eService, forKey: .eService)
        try c.encodeIfPresent(eSoutienKind, forKey: .eSoutienKind); try c.encodeIfPresent(responsibilityDomain, forKey: .responsibilityDomain)
        try c.encodeIfPresent(complaintLevel, forKey: .complaintLevel); try c.encodeIfPresent(appealOf, forKey: .appealOf)
        try c.encode(escalations, forKey: .escalations); try c.encode(sla, forKey: .sla); try c.encode("TroubleTicket", forKey: .type)
    }
}
