import Foundation
import GuichetCore
import GuichetData
import GuichetStore

/// Customers and contracts, kept as append-only event streams (`customer:<id>`,
/// `contract:<id>`): the current state is the fold of the history. A state change is stored
/// with an idempotency key on the contract's history length, so two concurrent changes of one
/// contract cannot both apply.
public struct ContractService: Sendable {
    public let store: any Store
    let catalogs: CatalogRegistry
    let territories: [String: Territory]

    public init(store: any Store, catalogs: CatalogRegistry, territories: [String: Territory]) {
        self.store = store; self.catalogs = catalogs; self.territories = territories
    }

    public typealias PartyKind = GuichetCore.PartyKind

    public struct Customer: Sendable, Codable, Hashable {
        public let id: String
        /// The 9-digit customer number (000 art. 3.2 asks for it at intake).
        public let customerNumber: String
        public let name: String
        public let kind: PartyKind
        public let territoryID: String
        /// The account invoices are addressed to (one per customer for now).
        public let billingAccount: String
        public let details: PartyDetails
    }

    public func createCustomer(name: String, kind: PartyKind, territoryID: String, details: PartyDetails = PartyDetails(), at now: Instant) async throws -> Customer {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ContractError.invalid(field: "name", reason: "must not be empty") }
        guard territories[territoryID] != nil else {
            throw ContractError.invalid(field: "territory", reason: "'\(territoryID)' is not one of \(territories.keys.sorted().joined(separator: ", "))")
        }
        try details.validate(kind: kind, territories: Set(territories.keys))
        // Customer numbers are taken in order; the idempotency key makes each number taken once.
        var n = try await store.streams(withPrefix: "customer:").count + 1
        while true {
            let id = Self.token()
            let customer = Customer(id: "cus_\(id)", customerNumber: String(format: "%09d", n), name: name, kind: kind, territoryID: territoryID,
                                    billingAccount: "ba_\(id)", details: details)
            let key = try IdempotencyKey(scope: "customer-number", key: customer.customerNumber, fingerprint: customer.id)
            do {
                _ = try await store.append([try event("customer:\(customer.id)", "customer-created", customer, at: now)], idempotency: key)
                return customer
            } catch StoreError.idempotencyConflict {
                n += 1
            }
        }
    }

    /// Every event of a customer's stream (created, rectified, erased) holds the whole record: the last one is current.
    public func customer(_ id: String) async throws -> Customer? {
        guard let e = try await store.events(stream: "customer:\(id)", after: 0).last else { return nil }
        return try JSONDecoder().decode(Customer.self, from: Data(e.payload.utf8))
    }

    /// 004 §4.4 réassort: a site added to a business customer (a new version of its record).
    public func addSite(_ customerID: String, _ site: Site, at now: Instant) async throws -> Customer {
        guard let c = try await customer(customerID) else { throw ContractError.invalid(field: "customer", reason: "no customer '\(customerID)'") }
        guard !c.details.sites.contains(where: { $0.id == site.id }) else { throw ContractError.invalid(field: "site", reason: "'\(site.id)' exists already") }
        let details = PartyDetails(address: c.details.address, contacts: c.details.contacts, sites: c.details.sites + [site], users: c.details.users)
        try details.validate(kind: c.kind, territories: Set(territories.keys))
        let updated = Customer(id: c.id, customerNumber: c.customerNumber, name: c.name, kind: c.kind, territoryID: c.territoryID,
                               billingAccount: c.billingAccount, details: details)
        _ = try await store.append([try event("customer:\(c.id)", "customer-site-added", updated, at: now)], idempotency: nil)
        return updated
    }

    /// Every customer, in creation order of their streams.
    public func customers() async throws -> [Customer] {
        var result: [Customer] = []
        for stream in try await store.streams(withPrefix: "customer:") {
            if let c = try await customer(String(stream.dropFirst("customer:".count))) { result.append(c) }
        }
        return result
    }

    public struct Order: Sendable, Codable {
        public let customer: String
        public let offering: String
        public let engagementMonths: Int?
        public let quantity: Int?
        public let orderedOn: LocalDate
        public let distanceSale: Bool?
        public let chosenActivationDate: LocalDate?
        /// Equipment only: rented (the default) or bought (004 §2.5).
        public let equipment: EquipmentMode?

        public init(customer: String, offering: String, engagementMonths: Int? = nil, quantity: Int? = nil, orderedOn: LocalDate,
                    distanceSale: Bool? = nil, chosenActivationDate: LocalDate? = nil, equipment: EquipmentMode? = nil) {
            self.customer = customer; self.offering = offering; self.engagementMonths = engagementMonths; self.quantity = quantity
            self.orderedOn = orderedOn; self.distanceSale = distanceSale; self.chosenActivationDate = chosenActivationDate; self.equipment = equipment
        }
    }

    /// An order creates a contract on the offering's version in force on the order date.
    public func order(_ o: Order, at now: Instant) async throws -> Contract {
        guard let customer = try await customer(o.customer) else { throw ContractError.invalid(field: "customer", reason: "no customer '\(o.customer)'") }
        let set = await catalogs.current
        guard let offering = set.offerings.first(where: { $0.id == o.offering }), offering.validity.contains(o.orderedOn) else {
            throw ContractError.invalid(field: "offering", reason: "no offering '\(o.offering)' on sale on \(o.orderedOn)")
        }
        guard let document = set.catalog(of: offering)?.document, let family = ContractFamily.allCases.first(where: { $0.document == document }) else {
            throw ContractError.invalid(field: "offering", reason: "'\(o.offering)' belongs to no contract family")
        }
        let months = o.engagementMonths ?? offering.engagementMonths.first ?? 0
        guard offering.engagementMonths.isEmpty || offering.engagementMonths.contains(months) else {
            throw ContractError.invalid(field: "engagementMonths", reason: "\(months) is not offered (\(offering.engagementMonths.map(String.init).joined(separator: ", ")))")
        }
        guard o.equipment == nil || offering.isEquipment else {
            throw ContractError.invalid(field: "equipment", reason: "'\(o.offering)' is not equipment: only equipment is rented or bought")
        }
        // Equipment is rented unless bought: the rental is its monthly fee, the purchase price is billed at reception (004 §2.5, §15).
        let bought = offering.isEquipment && o.equipment == .purchase
        let contract = try Contract(id: "ctr_\(Self.token())", customerID: customer.id, family: family, offeringID: offering.id,
                                    territoryID: customer.territoryID, monthlyFee: bought ? nil : try Self.monthlyFee(offering, set: set, on: o.orderedOn),
                                    quantity: o.quantity ?? 1, engagementMonths: months, orderedOn: o.orderedOn,
                                    distanceSale: o.distanceSale ?? false, chosenActivationDate: o.chosenActivationDate,
                                    purchasePrice: bought ? try Self.purchasePrice(offering, set: set, on: o.orderedOn) : nil)
        _ = try await store.append([try event("contract:\(contract.id)", "contract-ordered", contract, at: now)], idempotency: nil)
        return contract
    }

    /// F: the offering's monthly fees in force on the order date, frozen in the contract (D-CTR-2).
    static func monthlyFee(_ offering: ProductOffering, set: CatalogSet, on day: LocalDate) throws -> PriceQuote? {
        let monthly = set.prices.prices(on: day).filter { $0.offering == offering.id && $0.kind == .recurring && $0.unit == "month" }
        guard !monthly.isEmpty else { return nil }
        let quotes = try monthly.map { try set.prices.quote($0.id, on: day) }
        return PriceQuote(priceID: quotes.map(\.priceID).joined(separator: "+"), version: quotes.map(\.version).joined(separator: "+"),
                          amount: quotes.reduce(.zero) { $0 + $1.amount }, taxIncluded: quotes[0].taxIncluded, on: day,
                          source: quotes.map(\.source).joined(separator: "; "))
    }

    /// The one-time price of bought equipment in force on the order date (004 §4.4: the fiche tarifaire of the réassort's day).
    static func purchasePrice(_ offering: ProductOffering, set: CatalogSet, on day: LocalDate) throws -> PriceQuote {
        guard let price = set.prices.prices(on: day).first(where: { $0.offering == offering.id && $0.kind == .oneTime }) else {
            throw ContractError.invalid(field: "equipment", reason: "'\(offering.id)' has no purchase price on \(day)")
        }
        return try set.prices.quote(price.id, on: day)
    }

    struct Transition: Codable { let action: ContractAction; let on: LocalDate; let note: String? }

    public func contract(_ id: String) async throws -> Contract? {
        try Self.contract(from: try await store.events(stream: "contract:\(id)", after: 0))
    }

    /// Every contract, by stream name: all their events in one read.
    public func contracts() async throws -> [Contract] {
        try await store.eventsByStream(withPrefix: "contract:").compactMap { try Self.contract(from: $0.events) }
    }

    /// A contract as its stream's events leave it: ordered, then each transition applied.
    private static func contract(from events: [StoredEvent]) throws -> Contract? {
        guard let first = events.first, first.type == "contract-ordered" else { return nil }
        var contract = try JSONDecoder().decode(Contract.self, from: Data(first.payload.utf8))
        for e in events.dropFirst() where e.type == "contract-transition" {
            let t = try JSONDecoder().decode(Transition.self, from: Data(e.payload.utf8))
            try contract.apply(t.action, on: t.on, note: t.note)
        }
        return contract
    }

    /// Applies an action; an action the state does not allow throws and stores nothing.
    public func apply(_ action: ContractAction, to id: String, on day: LocalDate, note: String? = nil, at now: Instant) async throws -> Contract {
        guard var contract = try await contract(id) else { throw ContractServiceError.notFound(id) }
        let position = contract.history.count
        try contract.apply(action, on: day, note: note)
        let key = try IdempotencyKey(scope: "contract-history", key: "\(id)#\(position)", fingerprint: "\(action.rawValue)|\(day)")
        let result = try await store.append([try event("contract:\(id)", "contract-transition", Transition(action: action, on: day, note: note), at: now)],
                                            idempotency: key)
        if result.replayed { return try await self.contract(id)! }
        return contract
    }

    public func terminationQuote(_ id: String, request: TerminationRequest) async throws -> TerminationQuote {
        guard let contract = try await contract(id) else { throw ContractServiceError.notFound(id) }
        let set = await catalogs.current
        let fee = set.prices.price("frais-resiliation-livebox", on: request.receivedOn)?.amount
        return try contract.terminationQuote(request, fees: TerminationFees(liveboxTerminationFee: fee))
    }

    public func deadlines(_ id: String, on day: LocalDate) async throws -> ContractDeadlines {
        guard let contract = try await contract(id) else { throw ContractServiceError.notFound(id) }
        guard let territory = territories[contract.territoryID] else { throw ContractError.invalid(field: "territory", reason: contract.territoryID) }
        return contract.deadlines(calendar: WorkCalendar(territory: territory), on: day)
    }

    func event(_ stream: String, _ type: String, _ value: some Encodable, at now: Instant) throws -> NewEvent {
        try NewEvent(stream: stream, type: type, payload: String(decoding: try JSONEncoder().encode(value), as: UTF8.self), recordedAt: now)
    }

    static func token() -> String { String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased() }
}

public enum ContractServiceError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    public var description: String {
        switch self { case .notFound(let id): "no contract '\(id)'" }
    }
}
