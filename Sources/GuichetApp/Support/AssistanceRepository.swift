import Foundation
import GuichetCore
import GuichetStore

/// Remote-assistance requests (000): one stream `assistance:<id>` each — the request, then each step — folded into
/// the `assistance_requests` table that reads and a customer's list come from.
package struct AssistanceRepository: StateRepository {
    package typealias State = AssistanceRequest
    package static let table = StateTable.assistanceRequests
    package let store: any EventStore
    package let rules: RemoteAssistanceRules
    package let calendar: WorkCalendar

    package init(store: any EventStore, rules: RemoteAssistanceRules, calendar: WorkCalendar) { self.store = store; self.rules = rules; self.calendar = calendar }

    package static let prefix = "assistance:"
    package static func stream(_ id: String) -> String { prefix + id }
    package static let requestedType = "assistance-requested"
    package static let stepType = "assistance-event"

    package struct Requested: Codable {
        package let id: String
        package let identification: AssistanceRequest.Identification
        package let os: AssistanceRequest.OperatingSystem
        package let lines: [ForfaitLine]
        package let at: Instant
    }

    package static func row(_ r: AssistanceRequest) throws -> StateRow {
        let i = r.identification
        let values = ["customer_id": i.customerID, "status": r.status.rawValue, "requested_at": r.requestedAt.description]
        return StateRow(table: .assistanceRequests, key: r.id, values: values, search: [r.id, i.customerNumber, i.lastName, i.firstName, i.email],
                        body: try StoredJSON.text(r))
    }

    package func fold(_ events: [StoredEvent]) throws -> AssistanceRequest? {
        guard let first = events.first, first.type == Self.requestedType else { return nil }
        let r = try JSONDecoder().decode(Requested.self, from: Data(first.payload.utf8))
        let history = try [AssistanceRequest.Event(.requested, at: r.at)]
            + events.dropFirst().filter { $0.type == Self.stepType }.map { try JSONDecoder().decode(AssistanceRequest.Event.self, from: Data($0.payload.utf8)) }
        return try AssistanceRequest(id: r.id, identification: r.identification, os: r.os, lines: r.lines, history: history, rules: rules, calendar: calendar)
    }

    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? { try fold(events).map(Self.row) }


}
