/// The operator's SDA (DID) numbers (004 §2.4.1): ranges in stock, allocation to a customer's site
/// and user, return to stock with a 40-day quarantine before reuse (ARCEP), and kept numbers (NDI)
/// brought by a customer. A value: every operation returns the new inventory or throws, unchanged.
public struct SDAInventory: Sendable, Hashable, Codable {
    public static let quarantineDays = 40

    public enum Origin: String, Sendable, Codable { case stock, kept }

    public struct Entry: Sendable, Hashable, Codable {
        public let e164: String
        public let origin: Origin
        public var customer: String?
        public var site: String?
        public var user: String?
        /// Returned numbers may be allocated again from this day.
        public var availableFrom: LocalDate?
    }

    public private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// The part of an inventory that holds these entries: an operation on some numbers needs only theirs.
    public init(entries: [Entry]) {
        self.entries = Dictionary(entries.map { ($0.e164, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The E.164 numbers of a range of `count` from `first`, checked as `addRange` checks them.
    public static func range(first: String, count: Int, plan: NumberingPlan) throws(NumberingError) -> [String] {
        let c = try plan.classify(first)
        guard let e164 = c.e164, c.territory != nil, [.fixedGeographic, .voip].contains(c.type) else {
            throw .badNumber(first, "an SDA range starts at a geographic or VoIP number of the French plan")
        }
        guard (1...10_000).contains(count) else { throw .badNumber(first, "a range has 1 to 10 000 numbers, not \(count)") }
        let cc = c.countryCode!, start = Int(e164.dropFirst(1 + cc.count))!
        let numbers = (0..<count).map { "+\(cc)\(start + $0)" }
        guard numbers.allSatisfy({ $0.count == e164.count }) else { throw .badNumber(first, "the range runs past the end of its block") }
        return numbers
    }

    /// Adds `count` consecutive numbers from `first` (E.164) to the stock.
    public mutating func addRange(first: String, count: Int, plan: NumberingPlan) throws(NumberingError) {
        let numbers = try Self.range(first: first, count: count, plan: plan)
        if let taken = numbers.first(where: { entries[$0] != nil }) { throw .badNumber(taken, "already in the inventory") }
        for n in numbers { entries[n] = Entry(e164: n, origin: .stock) }
    }

    /// A number the customer keeps (NDI or SDA ported in), attached to its site.
    public mutating func importKept(_ number: String, customer: String, site: String, plan: NumberingPlan) throws(NumberingError) {
        let c = try plan.classify(number)
        guard let e164 = c.e164 else { throw .badNumber(number, "not a number of the French plan") }
        guard entries[e164] == nil else { throw .badNumber(e164, "already in the inventory") }
        entries[e164] = Entry(e164: e164, origin: .kept, customer: customer, site: site)
    }

    public mutating func allocate(_ e164: String, customer: String, site: String, user: String?, on day: LocalDate) throws(NumberingError) {
        guard var e = entries[e164] else { throw .badNumber(e164, "not in the inventory") }
        if let owner = e.customer, owner != customer { throw .badNumber(e164, "allocated to another customer") }
        if let from = e.availableFrom, day < from { throw .badNumber(e164, "in quarantine until \(from.adding(days: -1)) (40 days)") }
        e.customer = customer; e.site = site; e.user = user; e.availableFrom = nil
        entries[e164] = e
    }

    /// "Restituer les SDA" (004 §4.4): back to stock after 40 days of quarantine; a kept number leaves the inventory.
    public mutating func release(_ e164: String, on day: LocalDate) throws(NumberingError) {
        guard var e = entries[e164], e.customer != nil else { throw .badNumber(e164, "not allocated") }
        if e.origin == .kept { entries[e164] = nil; return }
        e.customer = nil; e.site = nil; e.user = nil
        e.availableFrom = day.adding(days: Self.quarantineDays)
        entries[e164] = e
    }

    /// Numbers that can be allocated on `day`.
    public func available(on day: LocalDate) -> [String] {
        entries.values.filter { $0.customer == nil && ($0.availableFrom.map { day >= $0 } ?? true) }.map(\.e164).sorted()
    }
}
