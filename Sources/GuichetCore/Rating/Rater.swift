public enum RatingError: Error, Equatable, CustomStringConvertible {
    case negativeQuantity(String)
    case badNumber(id: String, number: String)
    case unknownDestination(id: String, number: String)
    case noRate(id: String, tariff: String, zone: String)
    case unknownOffering(id: String, offering: String)

    public var description: String {
        switch self {
        case .negativeQuantity(let id): "\(id): negative duration or quantity"
        case .badNumber(let id, let n): "\(id): '\(n)' is not a number of the numbering plan"
        case .unknownDestination(let id, let n): "\(id): no tariff prices a call to \(n)"
        case .noRate(let id, let t, let z): "\(id): tariff \(t) has no \(z) rate"
        case .unknownOffering(let id, let o): "\(id): offering '\(o)' is not in the catalog"
        }
    }
}

/// What the rater decides for one record, in integers only (the hot path allocates nothing).
public struct Price: Sendable, Hashable {
    /// A tariff group index, or `Price.emergency` / `Price.data`.
    public let group: Int
    public let destination: Int
    /// Charged: zero when included.
    public let amount: Money
    /// At the tariff's rate, even when included (the value of an included call; fair-use evidence).
    public let list: Money
    public let included: Bool
    /// The destination of the offering's allowance the record may draw from, or -1.
    public let allowanceDestination: Int
    public let rate: TariffGroup.Rate?

    public static let emergency = -1
    public static let data = -2

    public init(group: Int, destination: Int, amount: Money, list: Money, included: Bool, allowanceDestination: Int, rate: TariffGroup.Rate?) {
        self.group = group; self.destination = destination; self.amount = amount; self.list = list; self.included = included
        self.allowanceDestination = allowanceDestination; self.rate = rate
    }
}

/// Prices usage the way 001 Annexe 4 says: connection fee (CMR) + price per minute, billed per
/// second from the first second, in the tax zone of the subscriber's line; SMS at a price per
/// message; destinations the offering includes cost nothing; emergency numbers are always free.
/// Each offering is priced by the tariffs of its own catalog document.
public struct Rater: Sendable {
    public let index: RatingIndex
    public let plan: NumberingPlan

    public init(catalog: CatalogSet, plan: NumberingPlan) { self.init(index: RatingIndex(catalog), plan: plan) }

    public init(index: RatingIndex, plan: NumberingPlan) { self.index = index; self.plan = plan }

    public func price(_ n: DialledNumber, kind: UsageKind, quantity: Int, calledLineIsMobile: Bool?,
                      profile p: RatingIndex.Profile, day: Int32, id: @autoclosure () -> String) throws(RatingError) -> Price {
        guard quantity >= 0 else { throw .negativeQuantity(id()) }
        if kind == .data {
            return Price(group: Price.data, destination: 0, amount: .zero, list: .zero, included: true, allowanceDestination: -1, rate: nil)
        }
        if n.type == .emergency {
            return Price(group: Price.emergency, destination: 0, amount: .zero, list: .zero, included: true, allowanceDestination: -1, rate: nil)
        }
        let mobile = n.type == .international ? (calledLineIsMobile ?? false) : n.type == .mobile
        // 001 CG 9.4, 003 CG 11.2.1: special numbers and services are outside the unlimited calls, at the price of the
        // operator's sheet: a destination that is a whole country's prefix never prices them, only one naming their range.
        guard let (g, d) = index.lookup(n, usage: kind, mobile: mobile, profile: p, day: day),
              !n.type.isSpecial || index.namesRange(n, group: g, destination: d) else {
            let why = "special numbers are priced by the operator's sheet, not by the offer"
            throw .unknownDestination(id: id(), number: n.length == 0 ? "the short number \(n.digits) (\(why))" : n.type.isSpecial ? "the special number \(n.e164) (\(why))" : n.e164)
        }
        let included = index.isIncluded(group: g, p)
        let rate = index.rate(group: g, p)
        guard included || rate != nil else { throw .noRate(id: id(), tariff: index.groups[g].id, zone: p.zone < 0 ? "this" : index.zones[p.zone]) }
        let list = rate.map { Self.amount($0, kind: kind, quantity: quantity) } ?? .zero
        let allowance = kind == .voice ? (index.allowanceDestination(n, mobile: mobile, p) ?? -1) : -1
        return Price(group: g, destination: d, amount: included ? .zero : list, list: list, included: included,
                     allowanceDestination: allowance, rate: rate)
    }

    /// Voice: CMR + per-minute × seconds / 60, rounded half up once to the ten-thousandth (D-RAT-1).
    /// SMS: the per-message price (`connection`) × messages.
    @inlinable static func amount(_ r: TariffGroup.Rate, kind: UsageKind, quantity: Int) -> Money {
        kind == .sms ? r.connection * Int64(quantity) : r.connection + r.perMinute.multiplied(by: Int64(quantity), dividedBy: 60, rounding: .halfUp)
    }

    /// Rates one record for a line of `offering` in tax zone `zone`, on its local day.
    public func rate(_ r: UsageRecord, offering: String, zone: String, on day: LocalDate) throws(RatingError) -> RatedUsage {
        guard let p = index.profile(offering: offering, zone: zone) else { throw .unknownOffering(id: r.id, offering: offering) }
        guard let n = plan.dialled(r.called.utf8.filter { $0 != 32 }) ?? (r.kind == .data ? DialledNumber(digits: 0, length: 0, type: .international) : nil) else {
            throw .badNumber(id: r.id, number: r.called)
        }
        let price = try price(n, kind: r.kind, quantity: r.quantity, calledLineIsMobile: r.calledLineIsMobile, profile: p, day: Int32(day.ordinal), id: r.id)
        return RatedUsage(r, number: n, price: price, index: index, profile: p)
    }
}
