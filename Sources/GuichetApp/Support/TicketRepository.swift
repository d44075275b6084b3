import Foundation
import GuichetCore
import GuichetStore

/// Trouble tickets: one stream `ticket:<reference>` each — the filing, then each step — folded into the
/// `tickets` state table the reads, queues and lists come from.
package struct TicketRepository: StateRepository {
    package typealias State = Ticket
    package static let table = StateTable.tickets
    package let store: any EventStore

    /// The first event of a ticket's stream: who it is and how it was filed.
    package struct Filed: Codable { let id: String; package let reference: String; package let filing: TicketFiling; package let event: TicketEvent }

    package static let prefix = "ticket:"
    package static func stream(_ reference: String) -> String { prefix + reference }
    package static let filedType = "ticket-filed"
    package static func type(_ kind: TicketEvent.Kind) -> String { "ticket-\(kind.rawValue)" }

    /// The list's query parameters and the columns they filter (TMF621 names).
    package static let filters = ["relatedParty.id": "owner", "ticketType": "family", "status": "status", "territory": "territory"]

    package static func row(_ t: Ticket) throws -> StateRow {
        let values = ["owner": t.filing.owner, "family": t.filing.family.rawValue, "status": t.status.rawValue, "territory": t.filing.territory,
                      "filed_at": t.filedAt.description]
        return StateRow(table: .tickets, key: t.reference, values: values,
                        search: [t.reference, t.filing.subject, t.filing.serviceNumber, t.filing.contactEmail], body: try StoredJSON.text(t))
    }

    /// The filing's event and row.
    package static func filed(_ t: Ticket, at now: Instant) throws -> (event: NewEvent, row: StateRow) {
        let payload = try StoredJSON.text(Filed(id: t.id, reference: t.reference, filing: t.filing, event: t.events[0]))
        return (try NewEvent(stream: stream(t.reference), type: filedType, payload: payload, recordedAt: now), try row(t))
    }

    /// A step's event (its payload, the step as given) and the row of the ticket after it.
    package static func step(_ event: TicketEvent, payload: String, after t: Ticket) throws -> (event: NewEvent, row: StateRow) {
        (try NewEvent(stream: stream(t.reference), type: type(event.kind), payload: payload, recordedAt: event.at), try row(t))
    }

    /// A ticket as its stream's events leave it.
    package static func ticket(from events: [StoredEvent]) throws -> Ticket? {
        guard let first = events.first, first.type == filedType else { return nil }
        let filed = try JSONDecoder().decode(Filed.self, from: Data(first.payload.utf8))
        let history = try [filed.event] + events.dropFirst().map { try JSONDecoder().decode(TicketEvent.self, from: Data($0.payload.utf8)) }
        return try Ticket(id: filed.id, reference: filed.reference, filing: filed.filing, history: history)
    }

    package static func fold(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        try ticket(from: events).map(row)
    }

    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? { try Self.fold(stream, events) }

}
