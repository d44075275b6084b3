import Foundation
import GuichetCore
import GuichetStore

/// Personal data (001 Annex 6, 003 PDP, GDPR): export, rectification, erasure that keeps what the
/// law requires, and the retention sweep that erases it three years after the relationship ends.
public struct PrivacyService: Sendable {
    let contracts: ContractService
    let billing: BillingService
    let support: SupportService
    let accounts: AccountService
    let assistance: RemoteAssistanceService
    var store: any Store { contracts.store }

    /// What an erasure did and what it kept, and why.
    public struct ErasureReport: Sendable, Codable, Hashable {
        public let customerID: String
        public let erasedEvents: Int
        public let erasedAccounts: [String]
        public let kept: [String]
    }

    static let kept = [
        "invoices and credit notes as issued: accounting documents kept 10 years (C. com. L123-22; CGI L102 B)",
        "the customer number and the contracts' dates, states and amounts: no one can be identified by them once the rest is erased",
    ]

    /// GDPR art. 15 and 20: what Guichet holds on the customer.
    public struct Export: Sendable, Encodable {
        let customer: ContractService.Customer
        let contracts: [Contract]
        let invoices: [Invoice]
        let tickets: [Ticket]
        let accounts: [AccountService.User]
        let erasureDue: String?
    }

    public func export(_ id: String) async throws -> Export {
        guard let c = try await contracts.customer(id) else { throw PrivacyError.unknownCustomer(id) }
        let own = try await contracts.contracts().filter { $0.customerID == id }
        return Export(customer: c, contracts: own, invoices: try await billing.invoices(customerID: id).map(\.invoice),
                      tickets: try await support.tickets(owner: id), accounts: try await accounts.users().filter { $0.tenant == id },
                      erasureDue: PersonalDataRetention.erasureDue(own)?.date.description)
    }

    public struct Rectification: Sendable, Codable {
        public let name: String?
        public let address: Address?
        public let contacts: [Contact]?
    }

    /// GDPR art. 16: the customer's record as corrected, kept as a new event (the history shows what it was).
    public func rectify(_ id: String, _ r: Rectification, at now: Instant) async throws -> ContractService.Customer {
        guard let c = try await contracts.customer(id) else { throw PrivacyError.unknownCustomer(id) }
        let name = r.name ?? c.name
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ContractError.invalid(field: "name", reason: "must not be empty") }
        let details = PartyDetails(address: r.address ?? c.details.address, contacts: r.contacts ?? c.details.contacts,
                                   sites: c.details.sites, users: c.details.users)
        try details.validate(kind: c.kind, territories: Set(contracts.territories.keys))
        let updated = ContractService.Customer(id: c.id, customerNumber: c.customerNumber, name: name, kind: c.kind, territoryID: c.territoryID,
                                               billingAccount: c.billingAccount, details: details)
        _ = try await store.append([try contracts.event("customer:\(id)", "customer-rectified", updated, at: now)], idempotency: nil)
        return updated
    }

    /// GDPR art. 17: rewrites every event that holds the customer's personal data (the record, its
    /// tickets, its remote-assistance requests, its people's accounts) and records each rewrite;
    /// invoices stay as issued.
    public func erase(_ id: String, reason: String, at now: Instant) async throws -> ErasureReport {
        guard let c = try await contracts.customer(id) else { throw PrivacyError.unknownCustomer(id) }
        if let refusal = PersonalDataRetention.erasureRefusal(try await contracts.contracts().filter { $0.customerID == id }) {
            throw ContractError.invalid(field: "customer", reason: refusal)
        }
        var streams = ["customer:\(id)"] + (try await support.tickets(owner: id)).map { "ticket:\($0.reference)" }
        streams += try await assistance.requests(customerID: id).map { RemoteAssistanceService.stream($0.id) }
        let people = try await accounts.users().filter { $0.tenant == id }
        streams += people.map { AccountService.userStream($0.login) }
        var rewrites: [Erasure] = []
        for s in streams {
            for e in try await store.events(stream: s, after: 0) {
                let redacted = JSONRedaction.redact(e.payload)
                if redacted != e.payload { rewrites.append(Erasure(sequence: e.sequence, payload: redacted)) }
            }
        }
        try await store.erase(rewrites, reason: reason, at: now)
        let erased = ContractService.Customer(id: c.id, customerNumber: c.customerNumber, name: JSONRedaction.erased, kind: c.kind,
                                              territoryID: c.territoryID, billingAccount: c.billingAccount, details: PartyDetails())
        _ = try await store.append([try contracts.event("customer:\(id)", "customer-erased", erased, at: now)], idempotency: nil)
        return ErasureReport(customerID: id, erasedEvents: rewrites.count, erasedAccounts: people.map(\.login), kept: Self.kept)
    }

    /// The retention sweep: every customer whose relationship ended more than three years ago
    /// (001 Annex 6, 003 PDP) and who is not erased yet is erased now.
    public func sweep(on day: LocalDate, at now: Instant) async throws -> [ErasureReport] {
        let all = try await contracts.contracts()
        var reports: [ErasureReport] = []
        for c in try await contracts.customers() where c.name != JSONRedaction.erased {
            guard let due = PersonalDataRetention.erasureDue(all.filter { $0.customerID == c.id }), due.date <= day else { continue }
            reports.append(try await erase(c.id, reason: "retention: \(due.explanation.rule) (\(due.explanation.source)), due \(due.date)", at: now))
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
