import Foundation
import GuichetCore
import GuichetStore

/// Port-in requests: one stream `porting:<id>` each — the request, then each action — folded into the
/// `porting_requests` table the reads and lists come from.
package struct PortingRepository: StateRepository {
    package typealias State = PortingService.Stored
    package static let table = StateTable.portingRequests
    package let store: any EventStore
    package let territories: [String: Territory]

    package init(store: any EventStore, territories: [String: Territory]) { self.store = store; self.territories = territories }

    package static let prefix = "porting:"
    package static func stream(_ id: String) -> String { prefix + id }
    package static let requestedType = "porting-requested"
    package static func type(_ action: PortingRequest.Action) -> String { "porting-\(action.rawValue)" }
    package static let claimedType = "porting-compensation-claimed"

    package struct Created: Codable { let id: String; package let territory: String; package let number: String; package let rio: String; package let line: PortingRequest.Line
                              package let requestedOn: LocalDate; package let desiredDate: LocalDate?
                              /// The contract the number is ported for (absent from requests made without one).
                              package var contractID: String? }
    package struct Applied: Codable { let action: PortingRequest.Action; package let on: LocalDate }
    /// 001 Annexe 3 art. 2.4: the contract withdrawn while the porting was pending.
    package static let withdrawnType = "porting-contract-withdrawn"
    package struct Withdrawn: Codable { let on: LocalDate }

    /// The states of requests still under way, which the back office lists.
    package static let open: [PortingRequest.State] = [.requested, .accepted]

    package func calendar(_ territory: String) throws -> WorkCalendar {
        guard let t = territories[territory] else { throw NumberingError.badNumber(territory, "unknown territory") }
        return WorkCalendar(territory: t)
    }

    package static func row(_ s: PortingService.Stored) throws -> StateRow {
        let r = s.request
        let values = ["territory": s.territory, "number": r.number, "line": r.line.rawValue, "state": r.state.rawValue, "requested_on": r.requestedOn.description]
        return StateRow(table: .portingRequests, key: s.id, values: values, search: [s.id, r.number, s.contractID], body: try StoredJSON.text(s))
    }

    package func fold(_ events: [StoredEvent]) throws -> PortingService.Stored? {
        guard let first = events.first else { return nil }
        let c = try JSONDecoder().decode(Created.self, from: Data(first.payload.utf8))
        let r = try PortingRequest(number: c.number, rio: c.rio, line: c.line, requestedOn: c.requestedOn, desiredDate: c.desiredDate)
        let cal = try calendar(c.territory)
        var stored = PortingService.Stored(id: c.id, territory: c.territory, request: r, contractID: c.contractID)
        var claims: [PortingService.CompensationClaim] = []
        for e in events.dropFirst() {
            switch e.type {
            case Self.claimedType: claims.append(try JSONDecoder().decode(PortingService.CompensationClaim.self, from: Data(e.payload.utf8)))
            case Self.withdrawnType: stored.contractWithdrawnOn = try JSONDecoder().decode(Withdrawn.self, from: Data(e.payload.utf8)).on
            default: try stored.apply(try JSONDecoder().decode(Applied.self, from: Data(e.payload.utf8)), calendar: cal)
            }
        }
        stored.claims = claims.isEmpty ? nil : claims
        return stored
    }

    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? { try fold(events).map(Self.row) }

}
