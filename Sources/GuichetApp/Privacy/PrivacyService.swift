import Foundation
import GuichetCore
import GuichetMail
import GuichetStore

/// Personal data (001 Annex 6, 003 PDP, GDPR): export, rectification, erasure that keeps what the
/// law requires, and the retention sweep that erases it three years after the relationship ends.
public struct PrivacyService: Sendable {
    package let contracts: ContractService
    package let billing: BillingService
    package let support: SupportService
    package let accounts: AccountService
    package let assistance: RemoteAssistanceService
    package var store: any EventStore { billing.store }

    /// What an erasure did and what it kept, and why.
    public struct ErasureReport: Sendable, Codable, Hashable {
        public let customerID: String
        public let erasedEvents: Int
        public let erasedAccounts: [String]
        public let kept: [String]
    }

    package static let kept = [
        "invoices and credit notes as issued: accounting documents kept 10 years (C. com. L123-22; CGI L102 B)",
        "the customer number and the contracts' dates, states and amounts: no one can be identified by them once the rest is erased",
    ]

    /// GDPR art. 15 and 20: what Guichet holds on the customer.
    public struct Export: Sendable, Encodable {
        package let customer: ContractService.Customer
        package let contracts: [Contract]
        package let invoices: [Invoice]
        package let tickets: [Ticket]
        package let accounts: [AccountService.User]
        package let erasureDue: String?
    }

    public func export(_ id: String) async throws -> Export {
        guard let c = try await contracts.customer(id) else { throw PrivacyError.unknownCustomer(id) }
        let own = try await contracts.contracts(of: id)
        return Export(customer: c, contracts: own, invoices: try await billing.invoices(customerID: id).map(\.invoice),
                      tickets: try await support.tickets(owner: id), accounts: try await accounts.users(tenant: id),
                      erasureDue: PersonalDataRetention.erasureDue(own)?.date.description)
    }

    public struct Rectification: Sendable, Codable {
        public let name: String?
        public let address: Address?
        public let contacts: [Contact]?

        public init(name: String?, address: Address?, contacts: [Contact]?) { self.name = name; self.address = address; self.contacts = contacts }
    }

    /// GDPR art. 16: the customer's record as corrected, kept as a new event (the history shows what it was).
    public func rectify(_ id: String, _ r: Rectification, at now: Instant) async throws -> ContractService.Customer {
        guard let c = try await contracts.customer(id) else { throw PrivacyError.unknownCustomer(id) }
        let name = r.name ?? c.name
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ContractError.invalid(field: "name", reason: "must not be empty") }
        let details = PartyDetails(address: r.address ?? c.details.address, contacts: r.contacts ?? c.details.contacts,
                                   sites: c.details.sites, users: c.details.users)
        try details.validate(kind: c.kind, territories: Set(contracts.territories.keys))
        var updated = c
        updated.name = name
        updated.details = details
        try await contracts.customerRepository.save(updated, as: .rectified, at: now)
        return updated
    }

    /// GDPR art. 17: rewrites every event that holds the customer's personal data (the record, its
    /// tickets, its remote-assistance requests, its people's accounts) and records each rewrite;
    /// invoices stay as issued.
    public func erase(_ id: String, reason: String, at now: Instant) async throws -> ErasureReport {
        guard let c = try await contracts.customer(id) else { throw PrivacyError.unknownCustomer(id) }
        if let refusal = PersonalDataRetention.erasureRefusal(try await contracts.contracts(of: id)) {
            throw ContractError.invalid(field: "customer", reason: refusal)
        }
        let tickets = try await support.tickets(owner: id).map(\.reference)
        var streams = [CustomerRepository.stream(id)] + tickets.map(TicketRepository.stream)
        let assistanceIDs = try await assistance.requests(customerID: id).map(\.id)
        streams += assistanceIDs.map(RemoteAssistanceService.stream)
        let people = try await accounts.users(tenant: id)
        streams += people.map { AccountService.userStream($0.login) }
        let letters = try await LetterRepository(store: store).of(customer: id).map(\.id)
        streams += letters.map(LetterRepository.stream)
        // The requests' own words go too; the requests stay (their dates answer for the operator).
        streams.append(Self.requestStream(id))
        var rewrites: [Erasure] = []
        var addresses: Set<String> = []
        for s in streams {
            for e in try await store.events(stream: s, after: 0) {
                addresses.formUnion(Self.addresses(in: e.payload))
                let redacted = JSONRedaction.redact(e.payload)
                if redacted != e.payload { rewrites.append(Erasure(sequence: e.sequence, payload: redacted)) }
            }
        }
        rewrites += try await outboxRewrites(to: addresses)
        rewrites += try await auditRewrites(people: Set(people.map(\.login)), addresses: addresses)
        try await store.erase(rewrites, reason: reason, at: now)
        var erased = c
        erased.name = JSONRedaction.erased
        erased.details = PartyDetails()
        erased.payer = nil
        // Open erasure requests are answered by the erasure itself; the row keeps no one's words.
        let before = try await requests(customerID: id).map { r -> PersonalDataRequest in
            var kept = r; kept.text = r.text.map { _ in JSONRedaction.erased }; kept.answer = r.answer.map { _ in JSONRedaction.erased }; return kept
        }
        let answered = before.filter { $0.kind == .erasure && $0.answeredOn == nil }.map { r -> PersonalDataRequest in
            var done = r; done.answeredOn = now.utcDate; return done
        }
        // The rows of its tickets, requests and accounts, folded again from their rewritten events, go with the erased record.
        var rows = try await support.repository.refolded(tickets) + assistance.repository.refolded(assistanceIDs) + accounts.userRepository.refolded(people.map(\.login))
            + LetterRepository(store: store).refolded(letters)
        if !before.isEmpty { rows.append(try PrivacyRequestRepository.row(customerID: id, answered.reduce(before, PrivacyRequestRepository.merged))) }
        try await contracts.customerRepository.save(erased, as: .erased,
                                                    with: try answered.map { try contracts.event(Self.requestStream(id), PrivacyRequestRepository.answeredType, $0, at: now) },
                                                    rows: rows, at: now)
        return ErasureReport(customerID: id, erasedEvents: rewrites.count, erasedAccounts: people.map(\.login), kept: Self.kept)
    }

    package static func requestStream(_ customerID: String) -> String { PrivacyRequestRepository.stream(customerID) }
    package var requestRepository: PrivacyRequestRepository { PrivacyRequestRepository(store: store) }

    /// A customer's request received on `day` (today or before, in their territory), its requester identified as
    /// `identifiedBy` says (001 Annexe 6: a copy of an identity document; the customer space's sign-in, D-PRIV-9); the same
    /// kind still open is the request already made. An erasure is answered when it is done; the others by staff (`answer`).
    public func file(_ kind: PersonalDataRequest.Kind, customerID: String, on day: LocalDate, text: String? = nil, identifiedBy: PersonalDataRequest.Identification,
                     at now: Instant) async throws -> PersonalDataRequest {
        guard let customer = try await contracts.customer(customerID) else { throw PrivacyError.unknownCustomer(customerID) }
        guard day <= contracts.today(of: customer, at: now) else { throw ContractError.invalid(field: "receivedOn", reason: "\(day) is after today") }
        if [.objection, .limitation, .postMortemDirectives, .rectification].contains(kind), (text ?? "").allSatisfy(\.isWhitespace) {
            throw ContractError.invalid(field: "text", reason: "say what the \(kind.rawValue) request is about, in the customer's words")
        }
        if let open = try await requests(customerID: customerID).first(where: { $0.kind == kind && $0.answeredOn == nil }) { return open }
        let r = PersonalDataRequest(id: ResourceID.make("rgpd"), customerID: customerID, kind: kind, receivedOn: day, text: text, identifiedBy: identifiedBy)
        let all = PrivacyRequestRepository.merged(try await requests(customerID: customerID), r)
        _ = try await store.append([try contracts.event(Self.requestStream(customerID), PrivacyRequestRepository.receivedType, r, at: now)],
                                   state: [try PrivacyRequestRepository.row(customerID: customerID, all)], idempotency: nil)
        return r
    }

    /// Staff's answer to a request on `day` (not before it was received, not after today); an erasure is answered by the
    /// erasure, or refused here with why.
    public func answer(_ requestID: String, customerID: String, on day: LocalDate, answer: String, at now: Instant) async throws -> PersonalDataRequest {
        guard let customer = try await contracts.customer(customerID) else { throw PrivacyError.unknownCustomer(customerID) }
        let all = try await requests(customerID: customerID)
        guard var r = all.first(where: { $0.id == requestID }) else { throw PrivacyError.unknownCustomer("\(customerID)'s request \(requestID)") }
        guard r.answeredOn == nil else { throw ContractError.invalid(field: "request", reason: "answered already, on \(r.answeredOn!)") }
        guard day >= r.receivedOn, day <= contracts.today(of: customer, at: now) else {
            throw ContractError.invalid(field: "on", reason: "\(day) is not between the request's receipt, \(r.receivedOn), and today")
        }
        guard !answer.allSatisfy(\.isWhitespace) else { throw ContractError.invalid(field: "answer", reason: "must not be empty") }
        r.answeredOn = day; r.answer = answer
        _ = try await store.append([try contracts.event(Self.requestStream(customerID), PrivacyRequestRepository.answeredType, r, at: now)],
                                   state: [try PrivacyRequestRepository.row(customerID: customerID, PrivacyRequestRepository.merged(all, r))], idempotency: nil)
        return r
    }

    /// A customer's requests, each with its answer date once answered.
    public func requests(customerID: String) async throws -> [PersonalDataRequest] {
        try await requestRepository.one(customerID) ?? []
    }

    /// The requests not answered yet of the first `customers` customers by urgency, the most urgent first (the back
    /// office's list), and how many customers have one open.
    public func openRequests(customers: Int = 50) async throws -> (requests: [PersonalDataRequest], customers: Int) {
        let page = try await requestRepository.page(StateQuery(equal: ["status": "open"], limit: customers))
        return (page.items.flatMap { $0.filter { $0.answeredOn == nil } }.sorted { ($0.dueOn, $0.id) < ($1.dueOn, $1.id) }, page.total)
    }

    /// The e-mails sent to the customer's addresses keep their shape but lose their recipient, subject and body.
    package func outboxRewrites(to addresses: Set<String>) async throws -> [Erasure] {
        guard !addresses.isEmpty else { return [] }
        var rewrites: [Erasure] = []
        for e in try await store.events(stream: MailStream.outbox, after: 0) {
            guard let mail = try? JSONDecoder().decode(OutgoingMail.self, from: Data(e.payload.utf8)),
                  mail.to.contains(where: { addresses.contains($0.lowercased()) }) else { continue }
            let erased = OutgoingMail(to: [JSONRedaction.erasedAddress], subject: JSONRedaction.erased, body: JSONRedaction.erased,
                                      receiptRequested: mail.receiptRequested, inReplyTo: mail.inReplyTo)
            rewrites.append(Erasure(sequence: e.sequence, payload: String(decoding: try JSONEncoder().encode(erased), as: UTF8.self)))
        }
        return rewrites
    }

    /// The audit log keeps what was changed and the role of who changed it, but not the customer's
    /// personal data: entries made by their people, or whose form names one of their addresses or
    /// logins (a sign-in), lose the form and the author's login.
    package func auditRewrites(people: Set<String>, addresses: Set<String>) async throws -> [Erasure] {
        var rewrites: [Erasure] = []
        for e in try await store.events(stream: AuditContext.stream, after: 0) {
            guard let entry = try? JSONDecoder().decode(AuditEntry.self, from: Data(e.payload.utf8)) else { continue }
            let author = entry.actor.split(separator: ":").dropFirst().first.map { people.contains(String($0)) } ?? false
            let form = entry.what?.lowercased() ?? ""
            let fields = Set(form.split(separator: "&").map(String.init))
            guard author || addresses.contains(where: { form.contains($0) }) || people.contains(where: { fields.contains("login=\($0)") }) else { continue }
            let erased = entry.erasingPersonalData(author: author, placeholder: JSONRedaction.erased)
            rewrites.append(Erasure(sequence: e.sequence, payload: String(decoding: try JSONEncoder().encode(erased), as: UTF8.self)))
        }
        return rewrites
    }

    /// The e-mail addresses a payload holds, lower-cased.
    package static func addresses(in payload: String) -> Set<String> {
        var found: Set<String> = []
        var rest = payload[...]
        while let r = rest.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, options: .regularExpression) {
            found.insert(rest[r].lowercased())
            rest = rest[r.upperBound...]
        }
        return found
    }

    /// The retention sweep: every customer whose relationship ended more than three years ago
    /// (001 Annex 6, 003 PDP) and who is not erased yet is erased now.
    public func sweep(on day: LocalDate, at now: Instant) async throws -> [ErasureReport] {
        // Only a customer with an ended contract can be due: their contracts are read a page at a time, and each such
        // customer's own contracts once, instead of every contract of the base.
        var ended = StateQuery(limit: 1000)
        ended.oneOf = ["state": ContractState.allCases.filter(\.isFinal).map(\.rawValue)]
        var seen: Set<String> = [], due: [(customer: ContractService.Customer, date: LocalDate, explanation: Explanation)] = []
        while true {
            let page = try await contracts.contracts(ended).contracts
            for id in page.map(\.customerID) where seen.insert(id).inserted {
                guard let d = PersonalDataRetention.erasureDue(try await contracts.contracts(of: id)), d.date <= day,
                      let c = try await contracts.customer(id), c.name != JSONRedaction.erased else { continue }
                due.append((c, d.date, d.explanation))
            }
            guard page.count == ended.limit else { break }
            ended.offset += page.count
        }
        var reports: [ErasureReport] = []
        for d in due.sorted(by: { $0.customer.id < $1.customer.id }) {
            reports.append(try await erase(d.customer.id, reason: "retention: \(d.explanation.rule) (\(d.explanation.source)), due \(d.date)", at: now))
        }
        return reports
    }
}

public enum PrivacyError: Error, Equatable, CustomStringConvertible {
    case unknownCustomer(String)
    public var description: String {
        switch self { case .unknownCustomer(let id): "no customer '\(id)'" }
    }
}
