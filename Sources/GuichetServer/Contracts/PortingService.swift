import Foundation
import GuichetCore
import GuichetStore

/// Port-in requests, kept as event streams (`porting:<id>`); the request is the fold of its history.
public struct PortingService: Sendable {
    let store: any Store
    let territories: [String: Territory]
    let plan: NumberingPlan

    public struct Stored: Sendable, Codable {
        public let id: String
        public let territory: String
        public var request: PortingRequest
    }

    struct Created: Codable { let id: String; let territory: String; let number: String; let rio: String; let line: PortingRequest.Line
                              let requestedOn: LocalDate; let desiredDate: LocalDate? }
    struct Applied: Codable { let action: PortingRequest.Action; let on: LocalDate }

    func calendar(_ territory: String) throws -> WorkCalendar {
        guard let t = territories[territory] else { throw NumberingError.badNumber(territory, "unknown territory") }
        return WorkCalendar(territory: t)
    }

    public func create(number: String, rio: String, requestedOn: LocalDate, desiredDate: LocalDate?, at now: Instant) async throws -> Stored {
        let c = try plan.classify(number)
        guard let national = c.national, let territory = c.territory, [.mobile, .fixedGeographic, .voip].contains(c.type) else {
            throw NumberingError.badNumber(number, "only fixed, VoIP and mobile numbers of the French plan can be ported")
        }
        let line: PortingRequest.Line = c.type == .mobile ? .mobile : .fixed
        let request = try PortingRequest(number: national, rio: rio, line: line, requestedOn: requestedOn, desiredDate: desiredDate)
        let id = "prt_\(ContractService.token())"
        let created = Created(id: id, territory: territory, number: national, rio: request.rio, line: line, requestedOn: requestedOn, desiredDate: desiredDate)
        _ = try await store.append([try NewEvent(stream: "porting:\(id)", type: "porting-requested",
                                                 payload: String(decoding: try JSONEncoder().encode(created), as: UTF8.self), recordedAt: now)], idempotency: nil)
        return Stored(id: id, territory: territory, request: request)
    }

    public func get(_ id: String) async throws -> Stored? {
        let events = try await store.events(stream: "porting:\(id)", after: 0)
        guard let first = events.first else { return nil }
        let c = try JSONDecoder().decode(Created.self, from: Data(first.payload.utf8))
        var r = try PortingRequest(number: c.number, rio: c.rio, line: c.line, requestedOn: c.requestedOn, desiredDate: c.desiredDate)
        let cal = try calendar(c.territory)
        for e in events.dropFirst() {
            let a = try JSONDecoder().decode(Applied.self, from: Data(e.payload.utf8))
            try r.apply(a.action, on: a.on, calendar: cal)
        }
        return Stored(id: c.id, territory: c.territory, request: r)
    }

    /// Every request, in the order of their streams (the back office's list).
    public func all() async throws -> [Stored] {
        var result: [Stored] = []
        for s in try await store.streams(withPrefix: "porting:") {
            if let r = try await get(String(s.dropFirst("porting:".count))) { result.append(r) }
        }
        return result
    }

    public func apply(_ action: PortingRequest.Action, to id: String, on day: LocalDate, at now: Instant) async throws -> Stored {
        guard var s = try await get(id) else { throw NumberingError.badNumber(id, "no porting request") }
        let position = try await store.events(stream: "porting:\(id)", after: 0).count
        try s.request.apply(action, on: day, calendar: try calendar(s.territory))
        let key = try IdempotencyKey(scope: "porting-history", key: "\(id)#\(position)", fingerprint: "\(action.rawValue)|\(day)")
        _ = try await store.append([try NewEvent(stream: "porting:\(id)", type: "porting-\(action.rawValue)",
                                                 payload: String(decoding: try JSONEncoder().encode(Applied(action: action, on: day)), as: UTF8.self),
                                                 recordedAt: now)], idempotency: key)
        return s
    }

    /// The request with its dates: committed porting date, cancellation deadline, temporary number.
    public struct View: Sendable, Encodable {
        public let id: String
        public let territory: String
        public let request: PortingRequest
        public let committedPortingDate: ContractDeadlines.Dated?
        public let cancellationDeadline: Deadline?
        public let temporaryNumberFrom: LocalDate?
    }

    public func view(_ s: Stored) throws -> View {
        let cal = try calendar(s.territory)
        return View(id: s.id, territory: s.territory, request: s.request,
                    committedPortingDate: try? s.request.committedPortingDate(calendar: cal),
                    cancellationDeadline: s.request.line == .fixed ? s.request.cancellationDeadline(calendar: cal) : nil,
                    temporaryNumberFrom: (try? s.request.temporaryNumberFrom(calendar: cal)) ?? nil)
    }
}
