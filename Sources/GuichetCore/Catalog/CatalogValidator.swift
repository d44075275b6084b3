/// Checks a set of catalogs as a whole: identifiers, references, validity periods, tax
/// zones, and destination prefixes (one prefix, one price per line type).
public struct CatalogValidator: Sendable {
    public let taxZones: Set<String>

    public init(taxZones: Set<String>) { self.taxZones = taxZones }

    public func validate(_ documents: [CatalogDocument]) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        let offerings = documents.flatMap(\.offerings)
        let offeringIDs = Set(offerings.map(\.id))
        let specIDs = Set(documents.flatMap(\.specifications).map(\.id))

        issues += duplicates(documents.map { ($0.info.id, $0.info.at) }, kind: "catalog.id")
        issues += duplicates(offerings.map { ($0.id, $0.at) }, kind: "offerings.id")
        issues += duplicates(documents.flatMap(\.specifications).map { ($0.id, $0.at) }, kind: "specifications.id")
        issues += duplicates(documents.flatMap(\.tariffs).map { ($0.id, $0.at) }, kind: "tariffs.id")
        issues += duplicates(documents.flatMap(\.allowances).map { ($0.id, $0.at) }, kind: "allowances.id")
        issues += duplicates(documents.flatMap(\.parameters).map { ($0.id, $0.at) }, kind: "parameters.id")

        for o in offerings {
            if let spec = o.specification, !specIDs.contains(spec) {
                issues.append(.init(.error, at: o.at, field: "offerings[\(o.id)].specification", "unknown specification '\(spec)'"))
            }
            issues += validity(o.validity, at: o.at, field: "offerings[\(o.id)]")
        }
        let prices = documents.flatMap(\.prices)
        for p in prices { issues += check(p, offerings: offeringIDs) }
        issues += overlappingVersions(prices)
        for t in documents.flatMap(\.tariffs) { issues += check(t, offerings: offeringIDs) }
        for a in documents.flatMap(\.allowances) {
            for o in a.offerings where !offeringIDs.contains(o) {
                issues.append(.init(.error, at: a.at, field: "allowances[\(a.id)].offerings", "unknown offering '\(o)'"))
            }
            for d in a.destinations { issues += prefixSyntax(d.prefixes, at: d.at, field: "allowances[\(a.id)].destinations[\(d.name)]") }
        }
        // Each document prices its own offerings' calls, so prefixes may repeat across documents.
        for d in documents { issues += conflictingPrefixes(d.tariffs) }
        return issues.sorted { ($0.at.file, $0.at.line, $0.field) < ($1.at.file, $1.at.line, $1.field) }
    }

    private func duplicates(_ ids: [(String, SourceLocation)], kind: String) -> [CatalogIssue] {
        var firstSeen: [String: SourceLocation] = [:]
        var issues: [CatalogIssue] = []
        for (id, at) in ids {
            if let first = firstSeen[id] {
                issues.append(.init(.error, at: at, field: kind, "'\(id)' is already defined at \(first)"))
            } else { firstSeen[id] = at }
        }
        return issues
    }

    private func validity(_ v: Validity, at: SourceLocation, field: String) -> [CatalogIssue] {
        guard let to = v.to, to <= v.from else { return [] }
        return [.init(.error, at: at, field: "\(field).validTo", "\(to) is not after validFrom \(v.from)")]
    }

    private func check(_ p: OfferingPrice, offerings: Set<String>) -> [CatalogIssue] {
        let field = "prices[\(p.id)]"
        var issues = validity(p.validity, at: p.at, field: field)
        if let o = p.offering, !offerings.contains(o) {
            issues.append(.init(.error, at: p.at, field: "\(field).offering", "unknown offering '\(o)'"))
        }
        if p.amount == nil && !p.missing {
            issues.append(.init(.error, at: p.at, field: "\(field).amount", "no amount; write `missing: true` where the document leaves the price blank"))
        }
        if p.amount != nil && p.missing {
            issues.append(.init(.error, at: p.at, field: "\(field).missing", "a price marked missing must not have an amount"))
        }
        switch p.taxZone {
        case nil: issues.append(.init(.error, at: p.at, field: "\(field).taxZone", "a price needs a tax zone (a zone id or 'customer')"))
        case let zone? where zone != "customer" && !taxZones.contains(zone):
            issues.append(.init(.error, at: p.at, field: "\(field).taxZone", "unknown tax zone '\(zone)'"))
        default: break
        }
        return issues
    }

    private func overlappingVersions(_ prices: [OfferingPrice]) -> [CatalogIssue] {
        var issues: [CatalogIssue] = []
        for (_, versions) in Dictionary(grouping: prices, by: \.id) where versions.count > 1 {
            let sorted = versions.sorted { $0.validity.from < $1.validity.from }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.validity.overlaps(b.validity) {
                issues.append(.init(.error, at: b.at, field: "prices[\(b.id)].validFrom",
                                    "version from \(b.validity.from) overlaps the version from \(a.validity.from) (\(a.at))"))
            }
        }
        return issues
    }

    private func check(_ t: TariffGroup, offerings: Set<String>) -> [CatalogIssue] {
        let field = "tariffs[\(t.id)]"
        var issues = validity(t.validity, at: t.at, field: field)
        for o in t.includedIn where !offerings.contains(o) {
            issues.append(.init(.error, at: t.at, field: "\(field).includedIn", "unknown offering '\(o)'"))
        }
        for zone in t.rates.keys.sorted() where !taxZones.contains(zone) {
            issues.append(.init(.error, at: t.at, field: "\(field).rates.\(zone)", "unknown tax zone '\(zone)'"))
        }
        for d in t.destinations {
            issues += prefixSyntax(d.prefixes, at: d.at, field: "\(field).destinations[\(d.name)]")
            // Emergency numbers are always free and carrier prefixes are no destination: only service numbers are priced.
            for n in d.shortNumbers where ![.shortService, .directoryEnquiries].contains(NumberingPlan.shortNumberType(n)) {
                issues.append(.init(.error, at: d.at, field: "\(field).destinations[\(d.name)].shortNumbers",
                                    "'\(n)' is not a short service number (3BPQ) or a directory enquiry number (118XYZ)"))
            }
        }
        issues += prefixSyntax(t.excludedPrefixes, at: t.at, field: "\(field).excludedPrefixes")
        if t.taxIncluded, let dom1 = t.rates["DOM1"], let dom2 = t.rates["DOM2"] {
            // 001 Annex 4: DOM 2 TTC prices are the DOM 1 prices without the 8.5 % VAT, to the tenth of a cent
            // (HT rates are the same in both zones).
            for (what, a, b) in [("connection", dom1.connection, dom2.connection), ("perMinute", dom1.perMinute, dom2.perMinute)] {
                let expected = a.multiplied(by: 10_000, dividedBy: 10_850, roundedTo: .tenthOfCent, .halfUp)
                if b != expected {
                    issues.append(.init(.warning, at: t.at, field: "\(field).rates.DOM2.\(what)",
                                        "\(b) € is not DOM 1's \(a) € without 8.5 % VAT (\(expected) €)"))
                }
            }
        }
        return issues
    }

    private func prefixSyntax(_ prefixes: [String], at: SourceLocation, field: String) -> [CatalogIssue] {
        prefixes.filter { $0.isEmpty || $0.count > 15 || !$0.allSatisfy(\.isASCIIDigit) }.map {
            .init(.error, at: at, field: field, "'\($0)' is not an E.164 prefix (1 to 15 digits, no '+')")
        }
    }

    /// One prefix of one line type must lead to one treatment: the same rates and the same inclusions.
    private func conflictingPrefixes(_ tariffs: [TariffGroup]) -> [CatalogIssue] {
        struct Entry { let group: TariffGroup; let destination: TariffGroup.Destination }
        var byKey: [String: [Entry]] = [:]
        for t in tariffs {
            for d in t.destinations {
                for p in d.prefixes { byKey["\(t.usage == .sms ? "sms " : "")\(t.lineType.rawValue) +\(p)", default: []].append(Entry(group: t, destination: d)) }
            }
        }
        var issues: [CatalogIssue] = []
        for key in byKey.keys.sorted() {
            let entries = byKey[key]!
            guard entries.count > 1 else { continue }
            for other in entries.dropFirst() {
                let first = entries[0]
                let same = first.group.rates == other.group.rates && Set(first.group.includedIn) == Set(other.group.includedIn)
                    && first.group.validity.overlaps(other.group.validity)
                let place = first.group.id == other.group.id ? "again in \(first.group.id)" : "in \(first.group.id) '\(first.destination.name)' (\(first.destination.at)) and in \(other.group.id)"
                if first.group.validity.overlaps(other.group.validity) {
                    issues.append(.init(same ? .warning : .error, at: other.destination.at, field: "tariffs[\(other.group.id)].destinations[\(other.destination.name)]",
                                        "\(key) is listed \(place)" + (same ? " at the same price" : " with a different price or inclusion: \(describe(first.group)) vs \(describe(other.group))")))
                }
            }
        }
        return issues
    }

    private func describe(_ t: TariffGroup) -> String {
        var parts = t.rates.keys.sorted().map { "\($0) \(t.rates[$0]!.connection) + \(t.rates[$0]!.perMinute)/min" }
        if !t.includedIn.isEmpty { parts.append("included in \(t.includedIn.joined(separator: ", "))") }
        return parts.isEmpty ? "no rate" : parts.joined(separator: "; ")
    }
}
