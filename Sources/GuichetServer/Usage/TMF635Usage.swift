import Foundation
import GuichetApp
import GuichetCore
import GuichetStore

/// A usage record in the TMF635 shape, as posted and as served.
struct TMF635Usage: Codable, Sendable {
    struct Characteristic: Codable, Sendable {
        let name: String
        let value: Value
    }

    /// TMF characteristics carry strings or numbers.
    enum Value: Codable, Sendable {
        case text(String), number(Int)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .text(try c.decode(String.self)) }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self { case .text(let t): try c.encode(t); case .number(let n): try c.encode(n) }
        }
        var text: String { switch self { case .text(let t): t; case .number(let n): String(n) } }
    }

    struct RatedProductUsage: Codable, Sendable {
        let ratingDate: String
        let usageRatingTag: String
        let isBilled: Bool
        let ratingAmountType: String
        let taxIncludedRatingAmount: TMFAmount?
        let taxExcludedRatingAmount: TMFAmount?
        let tariffId: String
        let tariffName: String
        let rule: String
        let source: String
    }

    struct PartyRef: Codable, Sendable {
        let id: String
        let role: String
        let referredType: String
        enum CodingKeys: String, CodingKey { case id, role, referredType = "@referredType" }
    }

    let id: String
    let href: String?
    let usageDate: String
    let usageType: String
    let status: String?
    let usageCharacteristic: [Characteristic]
    let relatedParty: [PartyRef]?
    let ratedProductUsage: [RatedProductUsage]?
    let type: String?

    enum CodingKeys: String, CodingKey {
        case id, href, usageDate, usageType, status, usageCharacteristic, relatedParty, ratedProductUsage, type = "@type"
    }

    /// The record a posted usage describes; the characteristic names follow the CSV columns.
    func record() throws -> UsageRecord {
        func value(_ name: String) -> String? { usageCharacteristic.first { $0.name == name }?.value.text }
        guard let kind = UsageKind(rawValue: usageType) else { throw UsageError.invalid(field: "usageType", reason: "'\(usageType)' is not voice, sms or data") }
        guard let line = value("line") else { throw UsageError.invalid(field: "usageCharacteristic.line", reason: "missing") }
        guard let q = value("quantity"), let quantity = Int(q) else {
            throw UsageError.invalid(field: "usageCharacteristic.quantity", reason: "missing or not a whole number")
        }
        let start: Instant
        do { start = try Instant(iso: usageDate) } catch { throw UsageError.invalid(field: "usageDate", reason: error.description) }
        let type = value("calledType")
        guard type == nil || type == "fixed" || type == "mobile" else {
            throw UsageError.invalid(field: "usageCharacteristic.calledType", reason: "'\(type!)' is not fixed or mobile")
        }
        let visited = value("visited")
        guard visited.map({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isUppercase } }) ?? true else {
            throw UsageError.invalid(field: "usageCharacteristic.visited", reason: "'\(visited!)' is not a two-letter country code (ISO 3166-1)")
        }
        return UsageRecord(id: id, line: line, kind: kind, called: value("called") ?? "", start: start, quantity: quantity,
                           calledLineIsMobile: type.map { $0 == "mobile" }, visited: visited)
    }

    init(_ s: StoredUsage, taxIncluded: Bool) {
        let r = s.rated
        id = r.id
        href = "/tmf-api/usageManagement/v4/usage/\(r.id)"
        usageDate = r.start.description
        usageType = r.kind.rawValue
        status = "rated"
        var chars = [Characteristic(name: "line", value: .text(r.line)), Characteristic(name: "called", value: .text(r.called)),
                     Characteristic(name: "quantity", value: .number(r.quantity)), Characteristic(name: "period", value: .text(s.period))]
        if let m = s.calledLineIsMobile { chars.append(Characteristic(name: "calledType", value: .text(m ? "mobile" : "fixed"))) }
        usageCharacteristic = chars
        relatedParty = [PartyRef(id: s.customerID, role: "customer", referredType: "Customer")]
        let e = r.explanation
        ratedProductUsage = [RatedProductUsage(ratingDate: r.start.description, usageRatingTag: r.included ? "included" : "usage", isBilled: false,
                                               ratingAmountType: "total", taxIncludedRatingAmount: taxIncluded ? TMFAmount(r.amount) : nil,
                                               taxExcludedRatingAmount: taxIncluded ? nil : TMFAmount(r.amount), tariffId: r.destination,
                                               tariffName: r.destinationName, rule: "\(e.rule): \(e.result)", source: r.source)]
        type = "Usage"
    }
}
