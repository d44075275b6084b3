import Foundation
import GuichetCore
import GuichetStore

/// A repository whose aggregates each have a stream and a state row: the row read by key or a page at a time, and
/// folded again from its stream once an erasure has rewritten the events.
package protocol StateRepository: Sendable {
    /// The aggregate as its row holds it (the row's body).
    associatedtype State: Decodable
    var store: any EventStore { get }
    static var table: StateTable { get }
    static func stream(_ key: String) -> String
    /// The row an aggregate's events leave, nil when they hold none.
    func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow?
}

extension StateRepository {
    package static func decode(_ body: String) throws -> State { try JSONDecoder().decode(State.self, from: Data(body.utf8)) }

    package func one(_ key: String) async throws -> State? {
        try await store.stateRow(Self.table, key: key).map { try Self.decode($0.body) }
    }

    package func page(_ query: StateQuery) async throws -> (items: [State], total: Int) {
        let page = try await store.statePage(Self.table, query)
        return (try page.bodies.map(Self.decode), page.total)
    }

    /// The rows of the aggregates whose events were just rewritten (an erasure), folded from the rewritten streams.
    package func refolded(_ keys: [String]) async throws -> [StateRow] {
        var rows: [StateRow] = []
        for key in keys {
            let events = try await store.events(stream: Self.stream(key), after: 0).map(TerritoryID.upgraded)
            if let row = try folded(Self.stream(key), events) { rows.append(row) }
        }
        return rows
    }
}

extension TerritoryID {
    /// The event as it reads under the current territory ids.
    package static func upgraded(_ e: StoredEvent) -> StoredEvent {
        let payload = upgraded(payload: e.payload)
        return payload == e.payload ? e : StoredEvent(sequence: e.sequence, stream: e.stream, type: e.type, payload: payload, recordedAt: e.recordedAt)
    }
}
