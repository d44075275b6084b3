/// A tax zone and how VAT applies in it. Zones and rates are data (`tax-zones.json`),
/// each with the source it was taken from; see docs/decisions.md.
public struct TaxZone: Hashable, Sendable, Codable, Identifiable {
    public enum Treatment: Hashable, Sendable {
        /// VAT applies at this rate (which may be 0 %).
        case vat(VATRate)
        /// VAT does not apply at all; the invoice carries `mention` instead of a rate.
        case notApplicable(mention: String)
    }

    public let id: String
    public let name: String
    public let treatment: Treatment
    public let source: String

    public init(id: String, name: String, treatment: Treatment, source: String) {
        self.id = id; self.name = name; self.treatment = treatment; self.source = source
    }

    /// The rate used in computations: 0 where VAT does not apply.
    public var effectiveRate: VATRate {
        switch treatment {
        case .vat(let rate): rate
        case .notApplicable: try! VATRate(hundredthsOfPercent: 0)
        }
    }

    private enum CodingKeys: String, CodingKey { case id, name, vatRate, vatNotApplicableMention, source }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        source = try c.decode(String.self, forKey: .source)
        if let rate = try c.decodeIfPresent(VATRate.self, forKey: .vatRate) {
            treatment = .vat(rate)
        } else if let mention = try c.decodeIfPresent(String.self, forKey: .vatNotApplicableMention) {
            treatment = .notApplicable(mention: mention)
        } else {
            throw DecodingError.keyNotFound(CodingKeys.vatRate, .init(codingPath: c.codingPath,
                debugDescription: "tax zone '\(id)' needs either vatRate or vatNotApplicableMention"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(source, forKey: .source)
        switch treatment {
        case .vat(let rate): try c.encode(rate, forKey: .vatRate)
        case .notApplicable(let mention): try c.encode(mention, forKey: .vatNotApplicableMention)
        }
    }
}
