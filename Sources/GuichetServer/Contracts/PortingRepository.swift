import Foundation
import GuichetCore
import GuichetStore

/// Port-in requests: one stream `porting:<id>` each — the request, then each action — folded into the
/// `porting_requests` table the reads and lists come from.
struct PortingRepository: Sendable {
    let store: any Store
    let territories: [String: Territory]

    static let prefix = "porting:"
    static func stream(_ id: String) -> String { prefix + id }
    static let requestedType = "porting-requested"
    static func type(_ action: PortingRequest.Action) -> String { "porting-\(action.rawValue)" }

    struct Created: Codable { let id: String; let territory: String; let number: String; let rio: String; let line: PortingRequest.Line
                              let requestedOn: LocalDate; let desiredDate: LocalDate? }
    struct Applied: Codable { let action: PortingRequest.Action; let on: LocalDate }

    /// The states of requests still under way, which the back office lists.
    static let open: [PortingRequest.State] = [.requested, .accepted]

    func calendar(_ territory: String) throws -> WorkCalendar {
        guard let t = territories[territory] else { throw NumberingError.badNumber(territory, "unknown territory") }
        return WorkCalendar(territory: t)
    }

    static func row(_ s: PortingService.Stored) throws -> StateRow {
        let r = s.request
        let values = ["territory": s.territory, "number": r.number, "line": r.line.rawValue, "state": r.state.rawValue, "requested_on": r.requestedOn.description]
        return StateRow(table: .portingRequests, key: s.id, values: values, search: [s.id, r.number], body: try StoredJSON.text(s))
    }

    func fold(_ events: [StoredEvent]) throws -> PortingService.Stored? {
        guard let first = events.first else { return nil }
        let c = try JSONDecoder().decode(Created.self, from: Data(first.payload.utf8))
        var r = try PortingRequest(number: c.number, rio: c.rio, line: c.line, requestedOn: c.requestedOn, desiredDate: c.desiredDate)
        let cal = try calendar(c.territory)
        for e in events.dropFirst() {
            let a = try JSONDecoder().decode(Applied.self, from: Data(e.payload.utf8))
            try r.apply(a.action, on: a.on, calendar: cal)
        }
        return PortingService.Stored(id: c.id, territory: c.territory, request: r)
    }

    func fold(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? { try fold(events).map(Self.row) }

    func request(_ id: String) async throws -> PortingService.Stored? {
        try await store.stateRow(.portingRequests, key: id).map { try Self.decode($0.body) }
    }

    func page(_ query: StateQuery) async throws -> (requests: [PortingService.Stored], total: Int) {
        let page = try await store.statePage(.portingRequests, query)
        return (try page.bodies.map(Self.decode), page.total)
    }

    static func decode(_ body: String) throws -> PortingService.Stored {
        try JSONDecoder().decode(PortingService.Stored.self, from: Data(body.utf8))
    }
}
