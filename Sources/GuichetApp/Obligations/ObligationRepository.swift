import Foundation
import GuichetCore
import GuichetStore

/// Obligations (issue 23): one stream `obligation:<id>` each — scheduled, then settled (done, cancelled, superseded,
/// failed), each event the whole obligation — folded into the `obligations` table the scheduler reads, due first.
package struct ObligationRepository: StateRepository {
    package typealias State = Obligation
    package static let table = StateTable.obligations
    package let store: any EventStore

    package static let prefix = "obligation:"
    package static func stream(_ id: String) -> String { prefix + id }
    package static let scheduledType = "obligation-scheduled"
    package static let settledType = "obligation-settled"

    package init(store: any EventStore) { self.store = store }

    package static func row(_ o: Obligation, body: String? = nil) throws -> StateRow {
        StateRow(table: table, key: o.id, values: ["resource": o.resource, "kind": o.kind.rawValue, "state": o.state.rawValue,
                                                    "due_on": o.dueOn.description, "due_at": o.dueAt.description],
                 search: [], body: body ?? o.json)
    }

    /// The event and row of an obligation scheduled or settled, to append with the change that causes it: both hold the
    /// whole obligation, encoded once.
    package static func stored(_ o: Obligation, at now: Instant) throws -> (event: NewEvent, row: StateRow) {
        let type = o.state == .pending ? scheduledType : settledType
        let body = o.json
        return (try NewEvent(stream: stream(o.id), type: type, payload: body, recordedAt: now), try row(o, body: body))
    }

    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        guard let last = events.last else { return nil }
        return try Self.row(try Self.decode(last.payload))
    }

    /// A resource's obligations, due first (a contract has a handful).
    package func of(_ resource: String) async throws -> [Obligation] {
        var query = StateQuery(equal: ["resource": resource])
        query.totalWanted = false
        return try await page(query).items
    }

    /// The pending obligations due at or before `instant` (or, with `day`, due on or before that day), due first.
    package func due(by instant: Instant?, on day: LocalDate?, offset: Int, limit: Int) async throws -> [Obligation] {
        var query = StateQuery(equal: ["state": Obligation.State.pending.rawValue], offset: offset, limit: limit)
        query.totalWanted = false
        if let instant { query.atMost["due_at"] = instant.description }
        if let day { query.atMost["due_on"] = day.description }
        return try await page(query).items
    }
}
