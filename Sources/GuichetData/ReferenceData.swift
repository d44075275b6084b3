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
    /// The operator's code in its fixed lines' RIO (001 Annexe 3 art. 3.1); the shipped file is a marked sample.
    public struct Portability: Sendable, Codable {
        public let sample: Bool
        public let rioOperatorCode: String
    }

    public static func portability() throws -> Portability { try load("portability", as: Portability.self) }
}

extension ReferenceData {
    public struct DunningTable: Sendable, Codable {
        public let policies: [DunningPolicy]
        public let legalInterestRates: [LegalInterestRate]
    }

    /// Dunning days per contract family and the legal interest rates (D-BILL-7); samples are marked.
    public static func dunning() throws -> DunningTable { try load("dunning", as: DunningTable.self) }
}

extension ReferenceData {
    /// The support configuration: SLA policies per ticket family, the remote-assistance rules
    /// and e-soutien's fallback mailbox (samples marked in the file).
    public struct SupportTable: Sendable {
        public let policies: [SLAPolicy]
        public let remoteAssistance: RemoteAssistanceRules
        public let fallbackAddress: String
        /// Where customers' e-mailed reports and complaints arrive (sample address).
        public let supportAddress: String
    }

    struct SupportFile: Decodable {
        struct Policy: Decodable {
            let family: TicketFamily
            let territory: String?
            let days: String?
            let opens: String?
            let closes: String?
            let firstResponseMinutes: Int64?
            let resolutionMinutes: Int64?
            let resolutionMonths: Int?
            let sample: Bool
            let source: String
            let forTerritories: Set<String>?
        }
        struct ESoutien: Decodable { let fallbackAddress: String }
        let slaPolicies: [Policy]
        let remoteAssistance: RemoteAssistanceRules
        let eSoutien: ESoutien
        let supportAddress: String
    }

    public static func support() throws -> SupportTable {
        let file = try load("support", as: SupportFile.self)
        var policies: [SLAPolicy] = []
        for p in file.slaPolicies {
            var hours: BusinessHours?
            if let days = p.days, let opens = p.opens, let closes = p.closes {
                let set: Set<Weekday> = switch days {
                case "mon-fri": BusinessHours.weekdays
                case "mon-sat": BusinessHours.weekdays.union([.saturday])
                case "every-day": BusinessHours.everyDay
                default: throw ReferenceDataError(file: "support.json", reason: "\(p.family.rawValue): days '\(days)' is not mon-fri, mon-sat or every-day")
                }
                hours = try BusinessHours(days: set, opens: opens, closes: closes)
            }
            policies.append(SLAPolicy(family: p.family, territory: p.territory, hours: hours, firstResponseMinutes: p.firstResponseMinutes,
                                      resolutionMinutes: p.resolutionMinutes, resolutionMonths: p.resolutionMonths, sample: p.sample, source: p.source,
                                      forTerritories: p.forTerritories ?? []))
        }
        return SupportTable(policies: policies, remoteAssistance: file.remoteAssistance, fallbackAddress: file.eSoutien.fallbackAddress,
                            supportAddress: file.supportAddress)
    }
}
