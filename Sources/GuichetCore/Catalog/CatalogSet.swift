/// The catalogs in service, merged: what the API serves and what contracts and bills read.
public struct CatalogSet: Sendable {
    public let documents: [CatalogDocument]
    public let prices: PriceBook

    public init(_ documents: [CatalogDocument], revisions: [RevisedPrice] = []) {
        self.documents = documents.sorted { $0.info.id < $1.info.id }
        var all = documents.flatMap(\.prices)
        for r in revisions.sorted(by: { $0.from < $1.from }) {
            // The version in force on the revision date ends there; the revised one starts there.
            guard let i = all.firstIndex(where: { $0.id == r.priceID && $0.validity.contains(r.from) }) else { continue }
            let old = all[i]
            all[i] = old.with(validity: Validity(from: old.validity.from, to: r.from))
            all.append(old.with(validity: Validity(from: r.from, to: old.validity.to), amount: r.amount, source: r.source))
        }
        prices = PriceBook(all)
    }

    public var offerings: [ProductOffering] { documents.flatMap(\.offerings) }
    public var specifications: [ProductSpecification] { documents.flatMap(\.specifications) }
    public var tariffs: [TariffGroup] { documents.flatMap(\.tariffs) }
    public var allowances: [Allowance] { documents.flatMap(\.allowances) }
    public var parameters: [ContractParameter] { documents.flatMap(\.parameters) }

    /// The offering `id`, looked up without `offerings`' copy of them all (an import orders thousands).
    public func offering(_ id: String) -> ProductOffering? {
        for d in documents { if let o = d.offerings.first(where: { $0.id == id }) { return o } }
        return nil
    }

    /// The specification `id`, likewise without copying them all (each termination looks up what its offering lends).
    public func specification(_ id: String) -> ProductSpecification? {
        for d in documents { if let s = d.specifications.first(where: { $0.id == id }) { return s } }
        return nil
    }

    public func catalog(of offering: ProductOffering) -> CatalogInfo? {
        documents.first { $0.offerings.contains { $0.id == offering.id } }?.info
    }

    /// Categories, from the offerings' category paths ("assistance/Réseau").
    public var categories: [String] { Array(Set(offerings.map(\.category))).sorted() }

    /// Every version of every price (revisions included), in id then date order.
    public var allPriceVersions: [OfferingPrice] { prices.ids.flatMap { prices.versions(of: $0) } }
}

/// A new amount for a price from a day on (a revision under 004 §15.1, or an operator's change).
public struct RevisedPrice: Sendable, Hashable, Codable {
    public let priceID: String
    public let from: LocalDate
    public let amount: Money
    public let source: String

    public init(priceID: String, from: LocalDate, amount: Money, source: String) {
        self.priceID = priceID; self.from = from; self.amount = amount; self.source = source
    }
}

extension OfferingPrice {
    func with(validity: Validity, amount: Money? = nil, source: String? = nil) -> OfferingPrice {
        OfferingPrice(id: id, name: name, offering: offering, kind: kind, unit: unit, amount: amount ?? self.amount,
                      taxIncluded: taxIncluded, taxZone: taxZone, validity: validity, sample: sample, missing: missing,
                      fromActivation: fromActivation, note: note, source: source ?? self.source, at: at)
    }
}
