import Foundation
import GuichetCore
import Yams

/// Reads a catalog file (YAML, schema in Catalogs/README.md) into a `CatalogDocument`.
public enum CatalogFile {
    public static func read(path: String) throws -> CatalogDocument {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CatalogFileError(file: path, line: 0, field: "", "cannot be read as UTF-8 text: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(CatalogFileError) -> CatalogDocument {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw CatalogFileError(file: file, line: 1, field: "", "the file is empty") }
            root = node
        } catch let error as CatalogFileError {
            throw error
        } catch let error as YamlError {
            throw CatalogFileError(file: file, line: error.line, field: "", "not valid YAML: \(error.problem)")
        } catch {
            throw CatalogFileError(file: file, line: 0, field: "", "not valid YAML: \(error)")
        }
        let top = try YAMLFields(root, file: file, path: "")
        try top.only(["catalog", "specifications", "offerings", "prices", "tariffs", "allowances", "parameters"])
        guard let c = try top.mapping("catalog") else { throw top.fail("catalog", "missing") }
        try c.only(["id", "name", "document", "description"])
        let info = CatalogInfo(id: try c.string("id"), name: try c.string("name"), document: try c.string("document"),
                               description: try c.optionalString("description"), at: c.at)
        var doc = CatalogDocument(info: info)
        for s in try top.list("specifications") { doc.specifications.append(try specification(s)) }
        for o in try top.list("offerings") { doc.offerings.append(try offering(o)) }
        for p in try top.list("prices") { doc.prices.append(try price(p)) }
        for t in try top.list("tariffs") { doc.tariffs.append(try tariff(t)) }
        for a in try top.list("allowances") { doc.allowances.append(try allowance(a)) }
        for p in try top.list("parameters") {
            try p.only(["id", "name", "value", "unit", "source"])
            doc.parameters.append(ContractParameter(id: try p.string("id"), name: try p.string("name"), value: try p.string("value"),
                                                    unit: try p.string("unit"), source: try p.string("source"), at: p.at))
        }
        return doc
    }

    static func specification(_ s: YAMLFields) throws(CatalogFileError) -> ProductSpecification {
        try s.only(["id", "name", "characteristics", "source"])
        var characteristics: [ProductSpecification.Characteristic] = []
        if let c = try s.mapping("characteristics") {
            for key in c.keys { characteristics.append(.init(name: key, value: try c.string(key))) }
        }
        return ProductSpecification(id: try s.string("id"), name: try s.string("name"), characteristics: characteristics,
                                    source: try s.string("source"), at: s.at)
    }

    static func validity(_ f: YAMLFields) throws(CatalogFileError) -> Validity {
        guard let from = try f.date("validFrom") else { throw f.fail("validFrom", "missing") }
        return Validity(from: from, to: try f.date("validTo"))
    }

    static func offering(_ o: YAMLFields) throws(CatalogFileError) -> ProductOffering {
        try o.only(["id", "name", "category", "specification", "status", "validFrom", "validTo", "engagementMonths", "includes", "eligibility", "source"])
        let statusText = try o.optionalString("status") ?? LifecycleStatus.active.rawValue
        guard let status = LifecycleStatus(rawValue: statusText) else {
            throw o.fail("status", "'\(statusText)' is not one of \(LifecycleStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return ProductOffering(id: try o.string("id"), name: try o.string("name"), category: try o.string("category"),
                               specification: try o.optionalString("specification"), status: status, validity: try validity(o),
                               engagementMonths: try o.ints("engagementMonths"), includes: try o.strings("includes"),
                               eligibility: try o.strings("eligibility"), source: try o.string("source"), at: o.at)
    }

    static func price(_ p: YAMLFields) throws(CatalogFileError) -> OfferingPrice {
        try p.only(["id", "name", "offering", "kind", "unit", "amount", "taxIncluded", "taxZone", "validFrom", "validTo", "sample", "missing", "fromActivation", "note", "source"])
        let kindText = try p.string("kind")
        guard let kind = PriceKind(rawValue: kindText) else {
            throw p.fail("kind", "'\(kindText)' is not one of \(PriceKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard p.has("taxIncluded") else { throw p.fail("taxIncluded", "missing: say whether the amount includes VAT (TTC) or not (HT)") }
        return OfferingPrice(id: try p.string("id"), name: try p.string("name"), offering: try p.optionalString("offering"), kind: kind,
                             unit: try p.string("unit"), amount: try p.money("amount"), taxIncluded: try p.bool("taxIncluded"),
                             taxZone: try p.optionalString("taxZone"), validity: try validity(p), sample: try p.bool("sample"),
                             missing: try p.bool("missing"), fromActivation: try p.bool("fromActivation"), note: try p.optionalString("note"),
                             source: try p.string("source"), at: p.at)
    }

    static func tariff(_ t: YAMLFields) throws(CatalogFileError) -> TariffGroup {
        try t.only(["id", "name", "lineType", "usage", "destinations", "excludedPrefixes", "includedIn", "rates", "taxIncluded", "validFrom", "validTo", "sample", "resolution", "source"])
        let lineText = try t.string("lineType")
        guard let lineType = TariffGroup.LineType(rawValue: lineText) else { throw t.fail("lineType", "'\(lineText)' is not fixed or mobile") }
        let usageText = try t.optionalString("usage") ?? "voice"
        guard let usage = UsageKind(rawValue: usageText), usage != .data else { throw t.fail("usage", "'\(usageText)' is not voice or sms") }
        var rates: [String: TariffGroup.Rate] = [:]
        if let r = try t.mapping("rates") {
            for zone in r.keys {
                guard let z = try r.mapping(zone) else { continue }
                try z.only(["connection", "perMinute"])
                guard let connection = try z.money("connection") else { throw z.fail("connection", "missing") }
                guard let perMinute = try z.money("perMinute") else { throw z.fail("perMinute", "missing") }
                rates[zone] = .init(connection: connection, perMinute: perMinute)
            }
        }
        var destinations: [TariffGroup.Destination] = []
        for d in try t.list("destinations") {
            try d.only(["name", "prefixes", "shortNumbers"])
            destinations.append(.init(name: try d.string("name"), prefixes: try d.strings("prefixes"), shortNumbers: try d.strings("shortNumbers"), at: d.at))
        }
        if rates.isEmpty && !t.has("includedIn") { throw t.fail("rates", "a group needs rates, or includedIn for destinations that are always included") }
        return TariffGroup(id: try t.string("id"), name: try t.string("name"), lineType: lineType, usage: usage, destinations: destinations,
                           excludedPrefixes: try t.strings("excludedPrefixes"), includedIn: try t.strings("includedIn"), rates: rates,
                           taxIncluded: try t.bool("taxIncluded", default: true), validity: try validity(t),
                           sample: try t.bool("sample", default: false), resolution: try t.optionalString("resolution"), source: try t.string("source"), at: t.at)
    }

    static func allowance(_ a: YAMLFields) throws(CatalogFileError) -> Allowance {
        try a.only(["id", "name", "offerings", "minutes", "per", "pooledBy", "period", "rollover", "destinations", "source"])
        var destinations: [Allowance.AllowanceDestination] = []
        for d in try a.list("destinations") {
            try d.only(["name", "prefixes", "lineTypes"])
            var types: [TariffGroup.LineType] = []
            for text in try d.strings("lineTypes") {
                guard let t = TariffGroup.LineType(rawValue: text) else { throw d.fail("lineTypes", "'\(text)' is not fixed or mobile") }
                types.append(t)
            }
            destinations.append(.init(name: try d.string("name"), prefixes: try d.strings("prefixes"), lineTypes: types, at: d.at))
        }
        return Allowance(id: try a.string("id"), name: try a.string("name"), offerings: try a.strings("offerings"), minutes: try a.int("minutes"),
                         per: try a.string("per"), pooledBy: try a.optionalString("pooledBy"), period: try a.string("period"),
                         rollover: try a.bool("rollover"), destinations: destinations, source: try a.string("source"), at: a.at)
    }
}

extension YamlError {
    var line: Int {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    var problem: String {
        switch self {
        case .scanner(_, let p, _, _), .parser(_, let p, _, _), .composer(_, let p, _, _): p
        case .duplicatedKeysInMapping(let d, _): "duplicated keys \(d.joined(separator: ", "))"
        default: "\(self)"
        }
    }
}
