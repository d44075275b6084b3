import Foundation
import GuichetApp
import GuichetCore

/// Catalog values in the TMF620 v5 shapes (productCatalogManagement).
enum TMF620 {
    static let base = "/tmf-api/productCatalogManagement/v5"

    struct Ref: Encodable {
        let id: String
        let href: String
        let name: String?
    }

    struct TimePeriod: Encodable {
        let startDateTime: String
        let endDateTime: String?
        init(_ v: Validity) { startDateTime = "\(v.from)T00:00:00Z"; endDateTime = v.to.map { "\($0)T00:00:00Z" } }
    }

    struct Quantity: Encodable { let amount: Int; let units: String }
    struct Term: Encodable { let name: String; let duration: Quantity }
    struct MoneyValue: Encodable { let unit: String; let value: Decimal }

    struct ProductOffering: Encodable {
        let id, href, name, description, lifecycleStatus, source: String
        let validFor: TimePeriod
        let isBundle = false, isSellable = true
        let category: [Ref]
        let productSpecification: Ref?
        let productOfferingPrice: [Ref]
        let productOfferingTerm: [Term]
        let includes: [String]
        let eligibility: [String]
        let catalog: Ref?
        let type = "ProductOffering"

        enum CodingKeys: String, CodingKey {
            case id, href, name, description, lifecycleStatus, source, validFor, isBundle, isSellable, category
            case productSpecification, productOfferingPrice, productOfferingTerm, includes, eligibility, catalog
            case type = "@type"
        }
    }

    struct ProductOfferingPrice: Encodable {
        let id, href, name, priceType, lifecycleStatus, version, source: String
        let recurringChargePeriodType: String?
        let recurringChargePeriodLength: Int?
        let unitOfMeasure: Quantity
        let price: MoneyValue?
        let taxIncluded: Bool
        let taxZone: String?
        let sample, missing: Bool
        let note: String?
        let validFor: TimePeriod
        let productOffering: Ref?
        let type = "ProductOfferingPrice"

        enum CodingKeys: String, CodingKey {
            case id, href, name, priceType, lifecycleStatus, version, source, recurringChargePeriodType, recurringChargePeriodLength
            case unitOfMeasure, price, taxIncluded, taxZone, sample, missing, note, validFor, productOffering
            case type = "@type"
        }
    }

    struct CharacteristicValue: Encodable { let value: String }
    struct Characteristic: Encodable {
        let name: String
        let valueType = "string"
        let productSpecCharacteristicValue: [CharacteristicValue]
    }

    struct ProductSpecification: Encodable {
        let id, href, name, lifecycleStatus, source: String
        let productSpecCharacteristic: [Characteristic]
        let type = "ProductSpecification"
        enum CodingKeys: String, CodingKey {
            case id, href, name, lifecycleStatus, source, productSpecCharacteristic
            case type = "@type"
        }
    }

    struct Catalog: Encodable {
        let id, href, name, lifecycleStatus, document: String
        let description: String?
        let catalogType = "productCatalog"
        let category: [Ref]
        let type = "Catalog"
        enum CodingKeys: String, CodingKey {
            case id, href, name, lifecycleStatus, document, description, catalogType, category
            case type = "@type"
        }
    }

    struct Category: Encodable {
        let id, href, name, lifecycleStatus: String
        let isRoot: Bool
        let parent: Ref?
        let productOffering: [Ref]
        let type = "Category"
        enum CodingKeys: String, CodingKey {
            case id, href, name, lifecycleStatus, isRoot, parent, productOffering
            case type = "@type"
        }
    }

    static func categoryID(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        return String(folded.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static func offering(_ o: GuichetCore.ProductOffering, in set: CatalogSet, on day: LocalDate) -> ProductOffering {
        let prices = set.prices.prices(on: day).filter { $0.offering == o.id }
        let catalog = set.catalog(of: o)
        return ProductOffering(
            id: o.id, href: "\(base)/productOffering/\(o.id)", name: o.name, description: o.includes.joined(separator: "; "),
            lifecycleStatus: o.status.rawValue, source: o.source, validFor: TimePeriod(o.validity),
            category: [Ref(id: categoryID(o.category), href: "\(base)/category/\(categoryID(o.category))", name: o.category)],
            productSpecification: o.specification.map { s in Ref(id: s, href: "\(base)/productSpecification/\(s)", name: set.specifications.first { $0.id == s }?.name) },
            productOfferingPrice: prices.map { Ref(id: $0.version, href: "\(base)/productOfferingPrice/\($0.version)", name: $0.name) },
            productOfferingTerm: o.engagementMonths.map { Term(name: $0 == 0 ? "no commitment" : "commitment", duration: Quantity(amount: $0, units: "month")) },
            includes: o.includes, eligibility: o.eligibility,
            catalog: catalog.map { Ref(id: $0.id, href: "\(base)/catalog/\($0.id)", name: $0.name) })
    }

    static func price(_ p: OfferingPrice, in set: CatalogSet) -> ProductOfferingPrice {
        ProductOfferingPrice(
            id: p.version, href: "\(base)/productOfferingPrice/\(p.version)", name: p.name,
            priceType: p.kind == .compensation ? "oneTime" : p.kind.rawValue, lifecycleStatus: "Active", version: p.version, source: p.source,
            recurringChargePeriodType: p.kind == .recurring ? p.unit : nil, recurringChargePeriodLength: p.kind == .recurring ? 1 : nil,
            unitOfMeasure: Quantity(amount: 1, units: p.unit), price: p.amount.flatMap { Decimal(string: $0.description).map { MoneyValue(unit: "EUR", value: $0) } },
            taxIncluded: p.taxIncluded, taxZone: p.taxZone, sample: p.sample, missing: p.missing, note: p.note, validFor: TimePeriod(p.validity),
            productOffering: p.offering.map { o in Ref(id: o, href: "\(base)/productOffering/\(o)", name: set.offerings.first { $0.id == o }?.name) })
    }

    static func specification(_ s: GuichetCore.ProductSpecification) -> ProductSpecification {
        ProductSpecification(id: s.id, href: "\(base)/productSpecification/\(s.id)", name: s.name, lifecycleStatus: "Active", source: s.source,
                             productSpecCharacteristic: s.characteristics.map { Characteristic(name: $0.name, productSpecCharacteristicValue: [.init(value: $0.value)]) })
    }

    static func catalog(_ d: CatalogDocument) -> Catalog {
        let categories = Set(d.offerings.map(\.category)).sorted()
        return Catalog(id: d.info.id, href: "\(base)/catalog/\(d.info.id)", name: d.info.name, lifecycleStatus: "Active", document: d.info.document,
                       description: d.info.description,
                       category: categories.map { Ref(id: categoryID($0), href: "\(base)/category/\(categoryID($0))", name: $0) })
    }

    static func category(_ name: String, in set: CatalogSet) -> Category {
        let parentName = name.contains("/") ? String(name[..<name.lastIndex(of: "/")!]) : nil
        return Category(id: categoryID(name), href: "\(base)/category/\(categoryID(name))", name: name, lifecycleStatus: "Active",
                        isRoot: parentName == nil, parent: parentName.map { Ref(id: categoryID($0), href: "\(base)/category/\(categoryID($0))", name: $0) },
                        productOffering: set.offerings.filter { $0.category == name }.map { Ref(id: $0.id, href: "\(base)/productOffering/\($0.id)", name: $0.name) })
    }
}
