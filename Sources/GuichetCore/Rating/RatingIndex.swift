/// The catalogs' tariffs compiled for rating: one digit trie per document, usage and line type,
/// inclusions as a flat table, rates per zone by index. Built once per catalog change.
public struct RatingIndex: Sendable {
    public let groups: [TariffGroup]
    public let zones: [String]
    public let allowances: [Allowance]
    let offeringIDs: [String]
    private let documentIDs: [String]
    private let offeringDocument: [Int]
    private let offeringAllowance: [Int32]
    /// included[group * offeringCount + offering]
    private let included: [Bool]
    /// rates[group * zoneCount + zone]
    private let rates: [TariffGroup.Rate?]
    /// Keyed by document × 4 + (sms ? 2 : 0) + (mobile ? 1 : 0).
    private let tries: [Int: DigitTrie]
    /// Keyed by allowance × 2 + (mobile ? 1 : 0); the value is the allowance destination.
    private let allowanceTries: [Int: DigitTrie]
    /// Short numbers a document prices, keyed by document × 4 + (sms ? 2 : 0): the number's value, its group << 16 | destination
    /// and the group's validity, in ordinal days.
    private let shortNumbers: [Int: [UInt64: [(value: Int32, from: Int32, to: Int32)]]]

    public init(_ catalog: CatalogSet) {
        var groups: [TariffGroup] = []
        var zoneSet = Set<String>()
        var offerings: [String] = []
        var offeringDocument: [Int] = []
        var tries: [Int: DigitTrie] = [:]
        var shortNumbers: [Int: [UInt64: [(value: Int32, from: Int32, to: Int32)]]] = [:]
        for (docIndex, doc) in catalog.documents.enumerated() {
            for o in doc.offerings { offerings.append(o.id); offeringDocument.append(docIndex) }
            for t in doc.tariffs {
                let g = Int32(groups.count)
                groups.append(t)
                zoneSet.formUnion(t.rates.keys)
                let key = docIndex * 4 + (t.usage == .sms ? 2 : 0) + (t.lineType == .mobile ? 1 : 0)
                let from = Int32(t.validity.from.ordinal), to = Int32(t.validity.to?.ordinal ?? Int(Int32.max))
                for d in t.destinations.indices {
                    for p in t.destinations[d].prefixes {
                        tries[key, default: DigitTrie()].insert(p, value: g << 16 | Int32(d), from: from, to: to)
                    }
                    for n in t.destinations[d].shortNumbers {
                        guard let v = UInt64(n) else { continue }
                        shortNumbers[docIndex * 4 + (t.usage == .sms ? 2 : 0), default: [:]][v, default: []].append((g << 16 | Int32(d), from, to))
                    }
                }
                for p in t.excludedPrefixes {
                    for d in t.destinations.indices { tries[key, default: DigitTrie()].exclude(p, value: g << 16 | Int32(d)) }
                }
            }
        }
        for k in tries.keys { tries[k]!.seal() }
        let zones = zoneSet.sorted()
        let offeringIndex = Dictionary(offerings.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var included = [Bool](repeating: false, count: groups.count * offerings.count)
        var rates = [TariffGroup.Rate?](repeating: nil, count: groups.count * zones.count)
        for (g, t) in groups.enumerated() {
            for o in t.includedIn { if let i = offeringIndex[o] { included[g * offerings.count + i] = true } }
            for (z, zone) in zones.enumerated() { rates[g * zones.count + z] = t.rates[zone] }
        }
        var allowanceTries: [Int: DigitTrie] = [:]
        var offeringAllowance = [Int32](repeating: -1, count: offerings.count)
        let allowances = catalog.allowances
        for (a, allowance) in allowances.enumerated() {
            for o in allowance.offerings { if let i = offeringIndex[o] { offeringAllowance[i] = Int32(a) } }
            for (d, destination) in allowance.destinations.enumerated() {
                for type in destination.lineTypes {
                    for p in destination.prefixes {
                        allowanceTries[a * 2 + (type == .mobile ? 1 : 0), default: DigitTrie()].insert(p, value: Int32(d), from: Int32.min, to: Int32.max)
                    }
                }
            }
        }
        for k in allowanceTries.keys { allowanceTries[k]!.seal() }
        documentIDs = catalog.documents.map(\.info.id)
        self.groups = groups; self.zones = zones; self.allowances = allowances; self.offeringIDs = offerings
        self.offeringDocument = offeringDocument; self.offeringAllowance = offeringAllowance
        self.included = included; self.rates = rates; self.tries = tries; self.allowanceTries = allowanceTries; self.shortNumbers = shortNumbers
    }

    /// How one line is rated: its offering and the tax zone of its territory.
    public struct Profile: Sendable, Hashable {
        public let offering: Int
        public let zone: Int
        let document: Int
        let allowance: Int32
    }

    public func profile(offering: String, zone: String) -> Profile? {
        guard let o = offeringIDs.firstIndex(of: offering) else { return nil }
        // A zone no tariff prices stays valid: included and emergency calls still rate.
        let z = zones.firstIndex(of: zone) ?? -1
        return Profile(offering: o, zone: z, document: offeringDocument[o], allowance: offeringAllowance[o])
    }

    func lookup(_ n: DialledNumber, usage: UsageKind, mobile: Bool, profile p: Profile, day: Int32) -> (group: Int, destination: Int)? {
        if n.length == 0 {
            guard let c = shortNumbers[p.document * 4 + (usage == .sms ? 2 : 0)]?[n.digits]?.first(where: { $0.from <= day && day < $0.to }) else { return nil }
            return (Int(c.value >> 16), Int(c.value & 0xFFFF))
        }
        guard let trie = tries[p.document * 4 + (usage == .sms ? 2 : 0) + (mobile ? 1 : 0)],
              let c = trie.lookup(n, day: day) else { return nil }
        return (Int(c.value >> 16), Int(c.value & 0xFFFF))
    }

    /// The voice tariff group of one catalog that prices a call to `number` (E.164 digits, no "+")
    /// on a line type: the look-up `Rater` makes, for the catalog API and the catalog's tests.
    public func tariff(for number: String, lineType: TariffGroup.LineType, on day: LocalDate, catalog: String) -> (TariffGroup, TariffGroup.Destination)? {
        guard let document = documentIDs.firstIndex(of: catalog), (1...15).contains(number.count), let digits = UInt64(number),
              let trie = tries[document * 4 + (lineType == .mobile ? 1 : 0)],
              let c = trie.lookup(DialledNumber(digits: digits, length: number.count, type: .international), day: Int32(day.ordinal)) else { return nil }
        let group = groups[Int(c.value >> 16)]
        return (group, group.destinations[Int(c.value & 0xFFFF)])
    }

    /// Whether the destination that matched `n` names more than a country code (a prefix beyond 3 digits): a special
    /// number's own range, not the national plan as a whole.
    func namesRange(_ n: DialledNumber, group: Int, destination: Int) -> Bool {
        let digits = String(n.digits)
        return groups[group].destinations[destination].prefixes.contains { $0.count > 3 && digits.hasPrefix($0) }
    }

    func isIncluded(group: Int, _ p: Profile) -> Bool { included[group * offeringIDs.count + p.offering] }

    func rate(group: Int, _ p: Profile) -> TariffGroup.Rate? { p.zone < 0 ? nil : rates[group * zones.count + p.zone] }

    /// The allowance destination a call draws from, if the line's offering has an allowance that covers it.
    func allowanceDestination(_ n: DialledNumber, mobile: Bool, _ p: Profile) -> Int? {
        guard p.allowance >= 0, let trie = allowanceTries[Int(p.allowance) * 2 + (mobile ? 1 : 0)],
              let c = trie.lookup(n, day: 0) else { return nil }
        return Int(c.value)
    }
}
