import Foundation
import GuichetCore

/// The reference tables Guichet ships as data files (territories with their holidays, tax
/// zones), decoded into core values. The files live in this target's Resources folder.
public enum ReferenceData {
    public static func territories() throws -> [String: Territory] {
        try load("territories", as: TerritoryTable.self).resolve()
    }

    public static func taxZones() throws -> [String: TaxZone] {
        Dictionary(uniqueKeysWithValues: try load("tax-zones", as: [TaxZone].self).map { ($0.id, $0) })
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw ReferenceDataError(file: "\(name).json", reason: "missing from the bundle")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw ReferenceDataError(file: "\(name).json", reason: error.readable)
        }
    }
}

public struct ReferenceDataError: Error, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "\(file): \(reason)" }
}

extension DecodingError {
    /// "territories[3].holidays[0].month: …" rather than Foundation's debug dump.
    public var readable: String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch self {
        case .dataCorrupted(let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath + [k])): missing"
        case .typeMismatch(let t, let c): return "\(path(c.codingPath)): expected \(t)"
        case .valueNotFound(let t, let c): return "\(path(c.codingPath)): expected \(t), found null"
        @unknown default: return "\(self)"
        }
    }
}

extension ReferenceData {
    public static func numberingPlan() throws -> NumberingPlan {
        NumberingPlan(try load("numbering-ranges", as: NumberingPlan.Table.self))
    }
}

extension ReferenceData {
    /// The operator's identity printed on invoices; the shipped file is a marked sample (D-BILL-4).
    public static func seller() throws -> Seller { try load("seller", as: Seller.self) }
}

extension ReferenceData {
    public struct DunningTable: Sendable, Codable {
        public let policies: [DunningPolicy]
        public let legalInterestRates: [LegalInterestRate]
    }

    /// Dunning days per contract family and the legal interest rates (D-BILL-7); samples are marked.
    public static func dunning() throws -> DunningTable { try load("dunning", as: DunningTable.self) }
}
