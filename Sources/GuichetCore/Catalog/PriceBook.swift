/// The prices in force, by version: a price id has one version per validity period, and a
/// lookup on a day returns the version valid that day. Documents that used a version (quotes,
/// invoices) keep its `version` key and amount, so a later revision never changes them.
public struct PriceBook: Sendable {
    private let versions: [String: [OfferingPrice]]

    public init(_ prices: [OfferingPrice]) {
        versions = Dictionary(grouping: prices, by: \.id).mapValues { $0.sorted { $0.validity.from < $1.validity.from } }
    }

    public var ids: [String] { versions.keys.sorted() }

    public func versions(of id: String) -> [OfferingPrice] { versions[id] ?? [] }

    public func price(_ id: String, on day: LocalDate) -> OfferingPrice? {
        versions[id]?.last { $0.validity.contains(day) }
    }

    /// All prices in force on `day`, one version per id.
    public func prices(on day: LocalDate) -> [OfferingPrice] {
        ids.compactMap { price($0, on: day) }
    }

    /// The price `id` stands for in a customer's tax zone. A fee the catalog prices once per zone (001 Annexes 1 et 2: a DOM1
    /// and a DOM2 amount, same name) is the customer's zone's, whichever of them was named: the territory chooses, never
    /// staff; nil when the catalog has none for that zone. Any other price is itself.
    public func price(_ id: String, on day: LocalDate, inZone zone: String) -> OfferingPrice? {
        guard let p = price(id, on: day) else { return nil }
        guard let own = p.taxZone, own != "customer", own != zone else { return p }
        let perZone = prices(on: day).filter { $0.id != p.id && $0.name == p.name && $0.offering == p.offering && $0.kind == p.kind && $0.taxZone != nil }
        return perZone.isEmpty ? p : perZone.first { $0.taxZone == zone }
    }

    /// A quote of a price on a day: what a contract or an invoice line records.
    public func quote(_ id: String, on day: LocalDate) throws(CatalogError) -> PriceQuote {
        guard let p = price(id, on: day) else { throw .noPriceInForce(id: id, day: day) }
        guard let amount = p.amount else { throw .priceMissing(id: id, source: p.source) }
        return PriceQuote(priceID: id, version: p.version, amount: amount, taxIncluded: p.taxIncluded, on: day, source: p.source)
    }
}

/// A price as it was used on a day, frozen.
public struct PriceQuote: Sendable, Hashable, Codable {
    public let priceID: String
    public let version: String
    public let amount: Money
    public let taxIncluded: Bool
    public let on: LocalDate
    public let source: String

    public init(priceID: String, version: String, amount: Money, taxIncluded: Bool, on: LocalDate, source: String) {
        self.priceID = priceID; self.version = version; self.amount = amount; self.taxIncluded = taxIncluded; self.on = on; self.source = source
    }
}

public enum CatalogError: Error, Equatable, CustomStringConvertible {
    case noPriceInForce(id: String, day: LocalDate)
    case priceMissing(id: String, source: String)
    case revisionDateNotFirstOfMonth(LocalDate)
    case indexMissing(series: String, onOrBefore: LocalDate)
    case indexNotPositive(series: String, published: LocalDate)

    public var description: String {
        switch self {
        case .noPriceInForce(let id, let day): "no version of price '\(id)' is in force on \(day)"
        case .priceMissing(let id, let source): "price '\(id)' has no amount (\(source) leaves it blank); set one before billing it"
        case .revisionDateNotFirstOfMonth(let d): "\(d): a revision applies on the first day of a month (004 §15.1)"
        case .indexMissing(let s, let d): "index '\(s)' has no value published on or before \(d)"
        case .indexNotPositive(let s, let d): "index '\(s)' published \(d) is not positive"
        }
    }
}
