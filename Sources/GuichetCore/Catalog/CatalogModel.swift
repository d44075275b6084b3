/// One catalog as an operator edits it: one file per contract document. Elements keep
/// the place they were read from (`at`) for error messages; it is not part of their identity.
public struct CatalogDocument: Sendable {
    public var info: CatalogInfo
    public var specifications: [ProductSpecification]
    public var offerings: [ProductOffering]
    public var prices: [OfferingPrice]
    public var tariffs: [TariffGroup]
    public var allowances: [Allowance]
    public var parameters: [ContractParameter]

    public init(info: CatalogInfo, specifications: [ProductSpecification] = [], offerings: [ProductOffering] = [],
                prices: [OfferingPrice] = [], tariffs: [TariffGroup] = [], allowances: [Allowance] = [],
                parameters: [ContractParameter] = []) {
        self.info = info; self.specifications = specifications; self.offerings = offerings; self.prices = prices
        self.tariffs = tariffs; self.allowances = allowances; self.parameters = parameters
    }
}

public struct CatalogInfo: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    /// The seed document it transcribes: "000"…"004".
    public let document: String
    public let description: String?
    public let at: SourceLocation

    public init(id: String, name: String, document: String, description: String?, at: SourceLocation) {
        self.id = id; self.name = name; self.document = document; self.description = description; self.at = at
    }
}

/// TMF620 lifecycle statuses Guichet uses.
public enum LifecycleStatus: String, Sendable, Codable, CaseIterable {
    case inDesign = "In design", active = "Active", retired = "Retired", obsolete = "Obsolete"
}

/// A validity period: from a day (included) to a day (excluded), open-ended when `to` is nil.
public struct Validity: Hashable, Sendable, Codable {
    public let from: LocalDate
    public let to: LocalDate?

    public init(from: LocalDate, to: LocalDate? = nil) { self.from = from; self.to = to }

    public func contains(_ day: LocalDate) -> Bool { day >= from && (to.map { day < $0 } ?? true) }

    public func overlaps(_ other: Validity) -> Bool {
        (to.map { other.from < $0 } ?? true) && (other.to.map { from < $0 } ?? true)
    }
}

public struct ProductSpecification: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    public let characteristics: [Characteristic]
    public let source: String
    public let at: SourceLocation

    public struct Characteristic: Sendable, Hashable, Codable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name; self.value = value
        }
    }

    public init(id: String, name: String, characteristics: [Characteristic], source: String, at: SourceLocation) {
        self.id = id; self.name = name; self.characteristics = characteristics; self.source = source; self.at = at
    }
}

public struct ProductOffering: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    public let category: String
    public let specification: String?
    public let status: LifecycleStatus
    public let validity: Validity
    /// Engagement periods the customer can choose, in months (0 = none).
    public let engagementMonths: [Int]
    /// What the offering includes, in words (services, equipment, options).
    public let includes: [String]
    /// Restrictions on who may buy it (e.g. "professional").
    public let eligibility: [String]
    public let source: String
    public let at: SourceLocation

    public init(id: String, name: String, category: String, specification: String?, status: LifecycleStatus, validity: Validity, engagementMonths: [Int], includes: [String], eligibility: [String], source: String, at: SourceLocation) {
        self.id = id; self.name = name; self.category = category; self.specification = specification; self.status = status; self.validity = validity; self.engagementMonths = engagementMonths; self.includes = includes; self.eligibility = eligibility; self.source = source; self.at = at
    }

    /// 003 CS-FB: a capped plan (« forfait bloqué »), its outgoing communications paid from a prepaid credit.
    public var isCappedPlan: Bool { category.hasPrefix("mobile/forfait-bloque") }
}

public enum PriceKind: String, Sendable, Codable, CaseIterable { case recurring, oneTime, usage, compensation }

/// One price of the catalog in one validity period. A price change is a new entry with the
/// same `id` and the next validity period: issued invoices and quotes keep the version they used.
public struct OfferingPrice: Sendable, Hashable {
    public let id: String
    public let name: String
    /// The offering it belongs to; nil for catalog-wide fees.
    public let offering: String?
    public let kind: PriceKind
    /// "month" for recurring prices; the unit a quantity counts for others ("service", "account", "computer", "day", "call").
    public let unit: String
    /// nil only when `missing`: the document leaves the price blank.
    public let amount: Money?
    public let taxIncluded: Bool
    /// A tax zone id, or "customer" when the customer's territory decides.
    public let taxZone: String?
    public let validity: Validity
    /// An operator-set sample value, not a price from the document.
    public let sample: Bool
    public let missing: Bool
    /// A fee billed from the service's activation, never dated before it (001 CG 7: « les frais de raccordement sont
    /// facturés à compter de la mise en Service »).
    public let fromActivation: Bool
    public let note: String?
    public let source: String
    public let at: SourceLocation

    public var version: String { "\(id)@\(validity.from)" }

    public init(id: String, name: String, offering: String?, kind: PriceKind, unit: String, amount: Money?, taxIncluded: Bool, taxZone: String?, validity: Validity, sample: Bool, missing: Bool, fromActivation: Bool = false, note: String?, source: String, at: SourceLocation) {
        self.id = id; self.name = name; self.offering = offering; self.kind = kind; self.unit = unit; self.amount = amount; self.taxIncluded = taxIncluded; self.taxZone = taxZone; self.validity = validity; self.sample = sample; self.missing = missing; self.fromActivation = fromActivation; self.note = note; self.source = source; self.at = at
    }
}

/// A group of destinations priced alike for calls (e.g. Annex 4 "F6 Maghreb: Algérie, Tunisie").
public struct TariffGroup: Sendable, Hashable, Identifiable {
    public enum LineType: String, Sendable, Codable, CaseIterable { case fixed, mobile }

    public struct Destination: Sendable, Hashable {
        public let name: String
        /// E.164 prefixes without "+": "213", "1473", "590590".
        public let prefixes: [String]
        /// French short numbers, whole: "3900" (001 Préambule: « service gratuit + prix appel »).
        public let shortNumbers: [String]
        public let at: SourceLocation

        public init(name: String, prefixes: [String], shortNumbers: [String] = [], at: SourceLocation) {
            self.name = name; self.prefixes = prefixes; self.shortNumbers = shortNumbers; self.at = at
        }
    }

    public struct Rate: Sendable, Hashable {
        /// Per-call connection fee (CMR).
        public let connection: Money
        public let perMinute: Money

        public init(connection: Money, perMinute: Money) {
            self.connection = connection; self.perMinute = perMinute
        }
    }

    public let id: String
    public let name: String
    public let lineType: LineType
    /// Voice groups price per minute; SMS groups price each message at `connection`.
    public let usage: UsageKind
    public let destinations: [Destination]
    /// Prefixes inside the group that are excluded from it (priced elsewhere or not at all).
    public let excludedPrefixes: [String]
    /// Offerings in which calls to this group cost nothing.
    public let includedIn: [String]
    /// Rates per tax zone, TTC; empty when the group is always included.
    public let rates: [String: Rate]
    public let taxIncluded: Bool
    public let validity: Validity
    /// Operator-set sample rates, not prices from the document.
    public let sample: Bool
    public let resolution: String?
    public let source: String
    public let at: SourceLocation

    public init(id: String, name: String, lineType: LineType, usage: UsageKind = .voice, destinations: [Destination], excludedPrefixes: [String], includedIn: [String], rates: [String: Rate], taxIncluded: Bool, validity: Validity, sample: Bool = false, resolution: String?, source: String, at: SourceLocation) {
        self.sample = sample
        self.id = id; self.name = name; self.lineType = lineType; self.usage = usage; self.destinations = destinations; self.excludedPrefixes = excludedPrefixes; self.includedIn = includedIn; self.rates = rates; self.taxIncluded = taxIncluded; self.validity = validity; self.resolution = resolution; self.source = source; self.at = at
    }
}

/// Minutes included with an offering (e.g. 004 §2.6.1: 500 minutes per user, pooled per site).
public struct Allowance: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    public let offerings: [String]
    public let minutes: Int
    public let per: String
    public let pooledBy: String?
    public let period: String
    public let rollover: Bool
    public let destinations: [AllowanceDestination]
    public let source: String
    public let at: SourceLocation

    public struct AllowanceDestination: Sendable, Hashable {
        public let name: String
        public let prefixes: [String]
        public let lineTypes: [TariffGroup.LineType]
        public let at: SourceLocation

        public init(name: String, prefixes: [String], lineTypes: [TariffGroup.LineType], at: SourceLocation) {
            self.name = name; self.prefixes = prefixes; self.lineTypes = lineTypes; self.at = at
        }
    }

    public init(id: String, name: String, offerings: [String], minutes: Int, per: String, pooledBy: String?, period: String, rollover: Bool, destinations: [AllowanceDestination], source: String, at: SourceLocation) {
        self.id = id; self.name = name; self.offerings = offerings; self.minutes = minutes; self.per = per; self.pooledBy = pooledBy; self.period = period; self.rollover = rollover; self.destinations = destinations; self.source = source; self.at = at
    }
}

/// A fixed value of the contract that is not a price of an offering: thresholds, caps,
/// compensations, lead times (e.g. 003 CG 8: 45 € out-of-bundle spend before an advance).
public struct ContractParameter: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    public let value: String
    public let unit: String
    public let source: String
    public let at: SourceLocation

    public init(id: String, name: String, value: String, unit: String, source: String, at: SourceLocation) {
        self.id = id; self.name = name; self.value = value; self.unit = unit; self.source = source; self.at = at
    }
}
