import Foundation
import GuichetCore
import GuichetStore

/// Port-in requests (`PortingRepository`): created, then accepted, rejected, cancelled or completed.
public struct PortingService: Sendable {
    package let store: any EventStore
    package let territories: [String: Territory]
    package let plan: NumberingPlan
    /// The operator's code in its fixed lines' RIO (portability.json).
    package let rioOperatorCode: String

    public init(store: any EventStore, territories: [String: Territory], plan: NumberingPlan, rioOperatorCode: String) {
        self.store = store; self.territories = territories; self.plan = plan; self.rioOperatorCode = rioOperatorCode
    }

    /// What a customer leaving with a fixed number needs (001 Annexe 3 art. 3.1): its RIO, and the end of the engagement
    /// the number's contract still runs.
    public struct FixedRIO: Sendable, Codable, Hashable {
        public let number: String
        public let rio: String
        public let contractID: String
        public let engagementEnd: LocalDate?
        public let source: String
    }

    /// The RIO of a line still serving its contract, when the line is fixed (a mobile's is given by its own document).
    public func rio(of line: ServiceLine) async throws -> FixedRIO {
        let c = try plan.classify(line.number)
        guard let national = c.national, [.fixedGeographic, .voip].contains(c.type) else {
            throw NumberingError.badNumber(line.number, "a fixed RIO is given for a fixed or VoIP number only")
        }
        guard line.endedOn == nil, let contract = try await ContractRepository(store: store).contract(line.contractID), !contract.state.isFinal else {
            throw NumberingError.badNumber(line.number, "the number no longer serves a running contract")
        }
        let rio = try RIO.fixed(operatorCode: rioOperatorCode, contractID: contract.id, nationalNumber: national)
        return FixedRIO(number: line.number, rio: rio.description, contractID: contract.id, engagementEnd: contract.engagementMonths > 0 ? contract.termEnd : nil,
                        source: "001 Annexe 3 art. 3.1")
    }

    public struct Stored: Sendable, Codable {
        public let id: String
        public let territory: String
        public var request: PortingRequest
        /// The compensations claimed for it (001 Annexe 3 art. 4, 003 CG 19.2); absent until the first.
        public var claims: [CompensationClaim]? = nil
        /// The contract the number is ported for, when the request names it.
        public var contractID: String? = nil
        /// 001 Annexe 3 art. 2.4: the day that contract was withdrawn while the porting was pending.
        public var contractWithdrawnOn: LocalDate? = nil
        /// …and the porting went on all the same (the donor refused the cancellation): the number in quarantine from its
        /// porting day, assigned to no one.
        public var quarantinedFrom: LocalDate? = nil

        /// An action applied, as the request's history stores it.
        package mutating func apply(_ a: PortingRepository.Applied, calendar: WorkCalendar) throws(NumberingError) {
            try request.apply(a.action, on: a.on, calendar: calendar, contractWithdrawn: contractWithdrawnOn != nil)
            if a.action == .complete, contractWithdrawnOn != nil { quarantinedFrom = a.on }
        }
    }

    /// A customer's claim of the compensation a porting owes, as recorded: credited on the next invoice, or refused
    /// with the document's exclusion staff found.
    public struct CompensationClaim: Sendable, Codable, Hashable {
        public enum Kind: String, Sendable, Codable, CaseIterable { case delay, lostNumber }
        public let kind: Kind
        public let contractID: String
        public let claimedOn: LocalDate
        public let amount: Money
        public let refused: String?
        public let explanation: Explanation
    }

    package var repository: PortingRepository { PortingRepository(store: store, territories: territories) }

    /// A port-in request, for the contract `contractID` names when it does (one of a document that ports this kind of line,
    /// still running).
    public func create(number: String, rio: String, requestedOn: LocalDate, desiredDate: LocalDate?, contractID: String? = nil,
                       at now: Instant) async throws -> Stored {
        let c = try plan.classify(number)
        guard let national = c.national, let territory = c.territory, [.mobile, .fixedGeographic, .voip].contains(c.type) else {
            throw NumberingError.badNumber(number, "only fixed, VoIP and mobile numbers of the French plan can be ported")
        }
        let line: PortingRequest.Line = c.type == .mobile ? .mobile : .fixed
        if let contractID {
            guard let contract = try await ContractRepository(store: store).contract(contractID), !contract.state.isFinal,
                  contract.family.terms.portedLine == line else {
                throw NumberingError.badNumber(contractID, "no running contract '\(contractID)' takes a \(line.rawValue) number ported in")
            }
        }
        let request = try PortingRequest(number: national, rio: rio, line: line, requestedOn: requestedOn, desiredDate: desiredDate)
        let id = ResourceID.make("prt")
        let created = PortingRepository.Created(id: id, territory: territory, number: national, rio: request.rio, line: line, requestedOn: requestedOn,
                                                desiredDate: desiredDate, contractID: contractID)
        let stored = Stored(id: id, territory: territory, request: request, contractID: contractID)
        _ = try await store.append([try NewEvent(stream: PortingRepository.stream(id), type: PortingRepository.requestedType,
                                                 payload: String(decoding: try JSONEncoder().encode(created), as: UTF8.self), recordedAt: now)],
                                   state: [try PortingRepository.row(stored)], idempotency: nil)
        return stored
    }

    public func get(_ id: String) async throws -> Stored? { try await repository.one(id) }

    /// A page of requests in the order they were made, filtered in SQL (the back office's list: those under way).
    public func requests(_ query: StateQuery) async throws -> (requests: [Stored], total: Int) {
        let page = try await repository.page(query)
        return (page.items, page.total)
    }

    public func apply(_ action: PortingRequest.Action, to id: String, on day: LocalDate, at now: Instant) async throws -> Stored {
        guard var s = try await get(id) else { throw NumberingError.badNumber(id, "no porting request") }
        let position = try await store.events(stream: PortingRepository.stream(id), after: 0).count
        let applied = PortingRepository.Applied(action: action, on: day)
        try s.apply(applied, calendar: try repository.calendar(s.territory))
        let key = try IdempotencyKey(scope: "porting-history", key: "\(id)#\(position)", fingerprint: "\(action.rawValue)|\(day)")
        _ = try await store.append([try NewEvent(stream: PortingRepository.stream(id), type: PortingRepository.type(action),
                                                 payload: String(decoding: try JSONEncoder().encode(applied), as: UTF8.self), recordedAt: now)],
                                   state: [try PortingRepository.row(s)], idempotency: key)
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
        public let claims: [CompensationClaim]?
        public let contractID: String?
        public let contractWithdrawnOn: LocalDate?
        public let quarantinedFrom: LocalDate?
    }

    public func view(_ s: Stored) throws -> View {
        let cal = try repository.calendar(s.territory)
        return View(id: s.id, territory: s.territory, request: s.request,
                    committedPortingDate: try? s.request.committedPortingDate(calendar: cal),
                    cancellationDeadline: s.request.line == .fixed ? s.request.cancellationDeadline(calendar: cal) : nil,
                    temporaryNumberFrom: (try? s.request.temporaryNumberFrom(calendar: cal)) ?? nil, claims: s.claims, contractID: s.contractID,
                    contractWithdrawnOn: s.contractWithdrawnOn, quarantinedFrom: s.quarantinedFrom)
    }
}
