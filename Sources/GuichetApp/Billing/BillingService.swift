import Foundation
import GuichetCore
import GuichetData
import GuichetStore

/// Bill runs, invoices, credit notes and payments. Charges and licence assignments are kept as
/// append-only event streams (`charges:<customer>`, `licences:<contract>`); invoices are written
/// once by the store, which numbers them.
public struct BillingService: Sendable {
    package let store: any EventStore & BillingStore
    package let contracts: ContractService
    package let usage: UsageService
    package let zones: [String: TaxZone]
    public let seller: Seller

    /// `store` holds the invoices (given by the composition root, not reached through the usage service).
    public init(store: any EventStore & BillingStore, usage: UsageService, zones: [String: TaxZone], seller: Seller) {
        self.store = store; contracts = usage.contracts; self.usage = usage; self.zones = zones; self.seller = seller
    }

    package func zone(of territoryID: String) throws -> TaxZone {
        guard let id = contracts.territories[territoryID]?.taxZoneID, let zone = zones[id] else {
            throw BillingError.invalid(field: "territory", reason: "'\(territoryID)' has no tax zone")
        }
        return zone
    }

    // MARK: recorded charges and licences

    public struct ChargeRequest: Sendable, Codable {
        public let category: ChargeCategory?
        /// A catalog price (its amount, tax basis and source are taken from the catalog on `on`).
        public let priceID: String?
        public let label: String?
        /// For charges without a catalog price (credits, compensations): the unit amount.
        public let unitPrice: Money?
        public let taxIncluded: Bool?
        public let on: LocalDate
        public let quantity: Int?
        public let site: String?
        public let source: String?

        public init(category: ChargeCategory? = nil, priceID: String? = nil, label: String? = nil, unitPrice: Money? = nil, taxIncluded: Bool? = nil,
                    on: LocalDate, quantity: Int? = nil, site: String? = nil, source: String? = nil) {
            self.category = category; self.priceID = priceID; self.label = label; self.unitPrice = unitPrice; self.taxIncluded = taxIncluded
            self.on = on; self.quantity = quantity; self.site = site; self.source = source
        }
    }

    public func recordCharge(customerID: String, _ r: ChargeRequest, at now: Instant) async throws -> RecordedCharge {
        guard let customer = try await contracts.customer(customerID) else { throw BillingError.invalid(field: "customer", reason: "no customer '\(customerID)'") }
        let charge = try await charge(r, territory: customer.territoryID, owned: try await contracts.contracts(of: customerID))
        _ = try await store.append([try contracts.chargeEvent(charge, customerID: customerID, at: now)], idempotency: nil)
        return charge
    }

    /// The charge `r` describes for a customer of `territory`, priced from the catalog when it names a price — the price of
    /// the territory's tax zone when the catalog sets one per zone (001 Annexes 1 et 2); not stored. A fee billed from the
    /// activation is refused on a day before the first of the customer's contracts of its catalog was activated (`owned`).
    package func charge(_ r: ChargeRequest, territory: String, owned: [Contract] = []) async throws -> RecordedCharge {
        let category = r.category ?? .oneTime
        let charge: RecordedCharge
        if let requested = r.priceID {
            let set = await contracts.catalogs.current
            guard let zone = contracts.territories[territory]?.taxZoneID else { throw BillingError.invalid(field: "territory", reason: "'\(territory)' has no tax zone") }
            guard let price = set.prices.price(requested, on: r.on, inZone: zone) else {
                guard let other = set.prices.price(requested, on: r.on)?.taxZone else {
                    throw BillingError.invalid(field: "priceID", reason: "no price '\(requested)' in force on \(r.on)")
                }
                throw BillingError.invalid(field: "priceID", reason: "'\(requested)' is the \(other) price and the catalog has no \(zone) one for a customer in \(territory)")
            }
            if price.fromActivation { try Self.afterActivation(price, on: r.on, owned: owned, set: set) }
            let quote = try set.prices.quote(price.id, on: r.on)
            let zoned = price.id == requested ? "" : "; the \(zone) price, the customer being in \(territory)"
            charge = try RecordedCharge(id: ResourceID.make("chg"), category: category, label: r.label ?? price.name, on: r.on,
                                        quantity: r.quantity ?? 1, unitPrice: category == .credit ? -quote.amount : quote.amount,
                                        taxIncluded: quote.taxIncluded, source: "\(quote.source) (\(quote.priceID) \(quote.version)\(zoned))", site: r.site)
        } else {
            guard let unit = r.unitPrice, let label = r.label, let source = r.source else {
                throw BillingError.invalid(field: "priceID", reason: "give a catalog priceID, or label, unitPrice and source (the rule that owes it)")
            }
            charge = try RecordedCharge(id: ResourceID.make("chg"), category: category, label: label, on: r.on, quantity: r.quantity ?? 1,
                                        unitPrice: unit, taxIncluded: r.taxIncluded ?? true, source: source, site: r.site)
        }
        return charge
    }

    /// 001 CG 7: « les frais de raccordement sont facturés à compter de la mise en Service ».
    private static func afterActivation(_ price: OfferingPrice, on day: LocalDate, owned: [Contract], set: CatalogSet) throws {
        let offerings = Set(set.documents.first { $0.prices.contains { $0.id == price.id } }?.offerings.map(\.id) ?? [])
        let first = owned.filter { offerings.contains($0.offeringID) }.compactMap(\.activatedOn).min()
        guard let first, first <= day else {
            throw BillingError.invalid(field: "on", reason: "'\(price.id)' is billed from the service's activation (001 CG 7): "
                                       + (first.map { "the first was activated on \($0), after \(day)" } ?? "no contract of this catalog is activated"))
        }
    }

    public func charges(customerID: String) async throws -> [RecordedCharge] {
        try await store.events(stream: "charges:\(customerID)", after: 0).map { try JSONDecoder().decode(RecordedCharge.self, from: Data($0.payload.utf8)) }
    }

    package struct LicenceEvent: Codable { let user: String; package let site: String?; package let on: LocalDate; package let removed: Bool }

    /// 004 §15 BIL-4/BIL-6: assignments and removals of pack licences, as the platform reports them.
    public func changeLicence(contractID: String, user: String, site: String?, on day: LocalDate, removed: Bool, at now: Instant) async throws -> [Licence] {
        guard let contract = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        guard contract.family.terms.packs else { throw BillingError.invalid(field: "contract", reason: "licences are Workplace Together Essentials packs (004 §15)") }
        let current = try await licences(contractID: contractID)
        let active = current.filter { $0.user == user && $0.removedOn == nil }
        if removed && active.isEmpty { throw BillingError.invalid(field: "user", reason: "'\(user)' has no licence to remove") }
        if !removed && !active.isEmpty { throw BillingError.invalid(field: "user", reason: "'\(user)' already has a licence") }
        _ = try await store.append([try contracts.event("licences:\(contractID)", removed ? "licence-removed" : "licence-assigned",
                                                        LicenceEvent(user: user, site: site, on: day, removed: removed), at: now)], idempotency: nil)
        return try await licences(contractID: contractID)
    }

    public func licences(contractID: String) async throws -> [Licence] {
        var result: [Licence] = []
        for e in try await store.events(stream: "licences:\(contractID)", after: 0) {
            let l = try JSONDecoder().decode(LicenceEvent.self, from: Data(e.payload.utf8))
            if l.removed, let i = result.lastIndex(where: { $0.user == l.user && $0.removedOn == nil }) {
                result[i] = Licence(user: result[i].user, site: result[i].site, assignedOn: result[i].assignedOn, removedOn: l.on)
            } else if !l.removed {
                result.append(Licence(user: l.user, site: l.site, assignedOn: l.on))
            }
        }
        return result
    }
}
