import Crypto
import Foundation
import GuichetCore
import GuichetData
import GuichetMail
import GuichetStore

/// Remote PC assistance (000): requests with identification, the callback and feasibility
/// deadlines, consent and one-time session codes, the outcome with its billing rule, the
/// confirmation e-mail and the charge on the next invoice.
public struct RemoteAssistanceService: Sendable {
    package let store: any EventStore & BillingStore
    package let billing: BillingService
    package let rules: RemoteAssistanceRules
    package let calendar: WorkCalendar

    package var contracts: ContractService { billing.contracts }

    public init(billing: BillingService, table: ReferenceData.SupportTable, territories: [String: Territory]) throws {
        guard let t = territories[table.remoteAssistance.territory] else {
            throw SupportError.invalid(field: "remoteAssistance.territory", reason: "'\(table.remoteAssistance.territory)' is not a known territory")
        }
        store = billing.store; self.billing = billing; rules = table.remoteAssistance; calendar = WorkCalendar(territory: t)
    }

    package static func stream(_ id: String) -> String { AssistanceRepository.stream(id) }
    package var repository: AssistanceRepository { AssistanceRepository(store: store, rules: rules, calendar: calendar) }

    public struct NewRequest: Sendable, Codable {
        public let customerNumber: String
        public let lastName: String
        public let firstName: String
        public let email: String?
        public let os: AssistanceRequest.OperatingSystem
        public let lines: [ForfaitLine]

        public init(customerNumber: String, lastName: String, firstName: String, email: String?, os: AssistanceRequest.OperatingSystem, lines: [ForfaitLine]) {
            self.customerNumber = customerNumber; self.lastName = lastName; self.firstName = firstName; self.email = email; self.os = os; self.lines = lines
        }
    }

    /// 000 art. 3.2: the customer is identified by name and 9-digit customer number; the forfaits
    /// must exist in the catalog (art. 3.3).
    public func request(_ r: NewRequest, at now: Instant) async throws -> AssistanceRequest {
        guard let customer = try await contracts.customerRepository.customer(number: r.customerNumber) else {
            throw SupportError.invalid(field: "customerNumber", reason: "no customer numbered '\(r.customerNumber)' (000 art. 3.2)")
        }
        let offerings = Set(await contracts.catalogs.current.offerings.map(\.id))
        for (i, l) in r.lines.enumerated() where !offerings.contains(l.forfait) || !l.forfait.hasPrefix("forfait-") {
            throw SupportError.invalid(field: "lines[\(i)].forfait", reason: "'\(l.forfait)' is not a forfait of the 000 art. 3.3 table")
        }
        let email = r.email ?? customer.details.noticeAddress ?? ""
        let identification = AssistanceRequest.Identification(customerID: customer.id, customerNumber: r.customerNumber, lastName: r.lastName,
                                                              firstName: r.firstName, email: email, professional: customer.kind != .consumer)
        let request = try AssistanceRequest(id: ResourceID.make("ast"), identification: identification, os: r.os, lines: r.lines, at: now, rules: rules)
        let record = AssistanceRepository.Requested(id: request.id, identification: identification, os: r.os, lines: r.lines, at: now)
        let watches = try feasibilityWatch(request).map { [try ObligationRepository.stored($0, at: now)] } ?? []
        _ = try await store.append([try contracts.event(Self.stream(request.id), AssistanceRepository.requestedType, record, at: now)] + watches.map(\.event),
                                   state: [try AssistanceRepository.row(request)] + watches.map(\.row), idempotency: nil)
        return request
    }

    /// A customer's requests, oldest first (bounded per customer).
    public func requests(customerID: String) async throws -> [AssistanceRequest] {
        try await repository.page(StateQuery(equal: ["customer_id": customerID])).items
    }

    /// A page of requests, oldest first, filtered in SQL.
    public func requests(_ query: StateQuery) async throws -> (requests: [AssistanceRequest], total: Int) {
        let page = try await repository.page(query)
        return (page.items, page.total)
    }

    public func request(_ id: String) async throws -> AssistanceRequest {
        guard let r = try await repository.one(id) else { throw SupportError.notFound("remote-assistance request '\(id)'") }
        return r
    }

    /// A step's event, with the row of the request after it.
    package func step(_ e: AssistanceRequest.Event, of r: AssistanceRequest) throws -> (event: NewEvent, row: StateRow) {
        (try NewEvent(stream: Self.stream(r.id), type: AssistanceRepository.stepType, payload: String(decoding: try JSONEncoder().encode(e), as: UTF8.self),
                      recordedAt: e.at), try AssistanceRepository.row(r))
    }

    /// The request with its deadlines, each with the rule that produced it.
    public struct View: Sendable, Encodable {
        public let request: AssistanceRequest
        public let feasibilityDue: Instant?
        public let callbackDeadline: Deadline?
        public let withdrawalDeadline: Deadline?
    }

    public func view(_ r: AssistanceRequest) -> View {
        View(request: r, feasibilityDue: r.feasibilityDue(rules), callbackDeadline: r.callbackDeadline(rules, calendar: calendar),
             withdrawalDeadline: r.withdrawalDeadline(rules, calendar: calendar))
    }

    /// Records a step. Accepting checks that every forfait has a price (000 art. 3.3: two cells
    /// are empty, D-CAT-6); the outcome puts the billed forfaits on the next invoice and queues
    /// the confirmation e-mail (000 art. 4.7, 4.9), all in one transaction, once.
    public func record(_ id: String, _ e: AssistanceRequest.Event) async throws -> AssistanceRequest {
        guard e.kind != .commitmentMissed else {
            throw SupportError.notAllowed(action: e.kind.rawValue, state: "any", reason: "a missed commitment is recorded by the scheduler when its time comes")
        }
        var r = try await request(id)
        let position = r.events.count
        try r.apply(e, rules: rules, calendar: calendar)
        let pending = try await obligations.of(Self.stream(id)).filter { $0.state == .pending }
        let watches = try watchChanges(r, after: e, pending: pending).map { try ObligationRepository.stored($0, at: e.at) }
        var extra: [NewEvent] = []
        if e.kind == .accepted {
            for l in r.lines { _ = try await billing.charge(chargeRequest(l, on: calendar.zone.local(e.at).date), territory: calendar.territory.id) }
        }
        if e.kind == .outcome, let outcome = e.outcome {
            let day = calendar.zone.local(e.at).date
            var total = Money.zero, described: [String] = []
            for (line, billed, why) in rules.billedLines(r.lines, outcome: outcome) {
                let charge = try await billing.charge(chargeRequest(line, on: day), territory: calendar.territory.id)
                let amount = billed ? charge.unitPrice * Int64(line.quantity) : .zero
                described.append("\(charge.label) × \(line.quantity) : \(amount) € — \(why.result) (\(why.source))")
                if billed {
                    extra.append(try contracts.chargeEvent(charge, customerID: r.identification.customerID, at: e.at))
                    total = total + amount
                }
            }
            extra.append(try Outbox.event(MailTemplates.assistanceConfirmation(r, amount: total, lines: described, zone: calendar.zone, at: e.at), at: e.at))
        }
        let step = try step(e, of: r)
        let key = try IdempotencyKey(scope: "assistance-history", key: "\(id)#\(position)", fingerprint: step.event.payload)
        do {
            _ = try await store.append([step.event] + extra + watches.map(\.event), state: [step.row] + watches.map(\.row), idempotency: key)
        } catch StoreError.idempotencyConflict {
            throw SupportError.notAllowed(action: e.kind.rawValue, state: "changed", reason: "the request changed meanwhile; read it again")
        }
        return r
    }

    package func chargeRequest(_ l: ForfaitLine, on day: LocalDate) -> BillingService.ChargeRequest {
        BillingService.ChargeRequest(priceID: "\(l.forfait)-price", on: day, quantity: l.quantity)
    }

    // MARK: session codes (000 art. 4.6)

    package static func codeStream(_ code: String) -> String {
        "session-code:" + SHA256.hash(data: Data(code.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Issues a one-time code after the customer's consent; only its hash is stored.
    public func issueCode(_ id: String, at now: Instant) async throws -> (code: String, expiresAt: Instant) {
        var rng = SystemRandomNumberGenerator()
        let expires = now.adding(seconds: rules.sessionCodeMinutes * 60)
        for _ in 0..<5 {
            let code = SessionCode.make(using: &rng)
            let grant = SessionCodeGrant(requestID: id, issuedAt: now, expiresAt: expires)
            var r = try await request(id)
            let event = AssistanceRequest.Event(.codeIssued, at: now, expiresAt: expires)
            try r.apply(event, rules: rules, calendar: calendar)
            // Unique among all codes ever issued (R-CODE-1): the hash is an idempotency key.
            let unique = try IdempotencyKey(scope: "session-code", key: Self.codeStream(code), fingerprint: id + "\(now)")
            do {
                let step = try step(event, of: r)
                _ = try await store.append([step.event, try contracts.event(Self.codeStream(code), "session-code-issued", grant, at: now)],
                                           state: [step.row], idempotency: unique)
                return (code, expires)
            } catch StoreError.idempotencyConflict {
                continue
            }
        }
        throw SupportError.invalid(field: "code", reason: "no free code after 5 draws")
    }

    /// Opens a session with a code typed by the customer: once, before expiry (000 art. 4.6).
    public func redeem(_ typed: String, at now: Instant) async throws -> AssistanceRequest {
        guard let code = SessionCode.normalised(typed) else { throw SupportError.invalid(field: "code", reason: "a session code has 8 letters and digits (XXXX-XXXX)") }
        let events = try await store.events(stream: Self.codeStream(code), after: 0)
        guard let issued = events.first else { throw SupportError.notFound("session code") }
        let grant = try JSONDecoder().decode(SessionCodeGrant.self, from: Data(issued.payload.utf8))
        try grant.checkRedeemable(at: now, alreadyUsed: events.count > 1)
        // The first redemption takes the key; any other, even concurrent, is refused.
        let once = try IdempotencyKey(scope: "session-code-redeemed", key: Self.codeStream(code), fingerprint: "\(now)|\(UUID())")
        var r = try await request(grant.requestID)
        let event = AssistanceRequest.Event(.codeRedeemed, at: now)
        try r.apply(event, rules: rules, calendar: calendar)
        do {
            let step = try step(event, of: r)
            _ = try await store.append([try NewEvent(stream: Self.codeStream(code), type: "session-code-redeemed", payload: "", recordedAt: now), step.event],
                                       state: [step.row], idempotency: once)
        } catch StoreError.idempotencyConflict {
            try grant.checkRedeemable(at: now, alreadyUsed: true)
        }
        return r
    }
}
