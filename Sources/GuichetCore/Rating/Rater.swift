/// A call to rate: who called whom, when, for how long.
public struct CallRecord: Sendable, Hashable, Codable {
    public let id: String
    public let called: String
    public let start: Instant
    public let seconds: Int
    /// For international numbers, whether the called line is a mobile (the switch knows; the French
    /// plan is classified by Guichet itself).
    public let calledLineIsMobile: Bool?

    public init(id: String, called: String, start: Instant, seconds: Int, calledLineIsMobile: Bool? = nil) {
        self.id = id; self.called = called; self.start = start; self.seconds = seconds; self.calledLineIsMobile = calledLineIsMobile
    }
}

public struct RatedCall: Sendable, Hashable, Codable {
    public let id: String
    /// The tariff group, or "emergency".
    public let destination: String
    /// TTC, to the ten-thousandth of a euro; invoices round their totals to the cent.
    public let amount: Money
    public let included: Bool
    public let explanation: Explanation
}

public enum RatingError: Error, Equatable, CustomStringConvertible {
    case negativeDuration(String)
    case unknownDestination(id: String, number: String)
    case noRate(id: String, tariff: String, zone: String)
    case number(id: String, NumberingError)

    public var description: String {
        switch self {
        case .negativeDuration(let id): "\(id): negative duration"
        case .unknownDestination(let id, let n): "\(id): no tariff prices a call to \(n)"
        case .noRate(let id, let t, let z): "\(id): tariff \(t) has no \(z) rate"
        case .number(let id, let e): "\(id): \(e)"
        }
    }
}

/// Prices calls the way 001 Annexe 4 says: connection fee (CMR) + price per minute, billed per
/// second from the first second, TTC in the tax zone of the subscriber's line; destinations the
/// offering includes cost nothing; emergency numbers are always free.
public struct Rater: Sendable {
    public let catalog: CatalogSet
    public let plan: NumberingPlan

    public init(catalog: CatalogSet, plan: NumberingPlan) { self.catalog = catalog; self.plan = plan }

    public func rate(_ call: CallRecord, offering: String, zone: String, on day: LocalDate) throws(RatingError) -> RatedCall {
        guard call.seconds >= 0 else { throw .negativeDuration(call.id) }
        let c: NumberClassification
        do { c = try plan.classify(call.called) } catch { throw .number(id: call.id, error) }
        if c.type == .emergency {
            return RatedCall(id: call.id, destination: "emergency", amount: .zero, included: true, explanation: Explanation(
                rule: "emergency numbers are free", source: "CPCE L33-1; 004 §2.6.2", inputs: ["called": call.called], result: "0"))
        }
        guard let e164 = c.e164 else { throw .unknownDestination(id: call.id, number: call.called) }
        let digits = String(e164.dropFirst())
        let mobile = c.type == .international ? (call.calledLineIsMobile ?? false) : c.type == .mobile
        guard let (group, destination) = catalog.tariff(for: digits, lineType: mobile ? .mobile : .fixed, on: day) else {
            throw .unknownDestination(id: call.id, number: e164)
        }
        if group.includedIn.contains(offering) {
            return RatedCall(id: call.id, destination: group.id, amount: .zero, included: true, explanation: Explanation(
                rule: "destination included in the offer", source: group.source,
                inputs: ["destination": destination.name, "offering": offering, "seconds": "\(call.seconds)"], result: "0"))
        }
        guard let rate = group.rates[zone] else { throw .noRate(id: call.id, tariff: group.id, zone: zone) }
        let usage = rate.perMinute.multiplied(by: Int64(call.seconds), dividedBy: 60, rounding: .halfUp)
        let amount = rate.connection + usage
        return RatedCall(id: call.id, destination: group.id, amount: amount, included: false, explanation: Explanation(
            rule: "connection fee + price per minute × seconds / 60, per second from the first second", source: group.source,
            inputs: ["destination": destination.name, "zone": zone, "CMR": rate.connection.description,
                     "per minute": rate.perMinute.description, "seconds": "\(call.seconds)"],
            result: "\(rate.connection) + \(rate.perMinute) × \(call.seconds)/60 = \(amount)"))
    }
}

/// Minutes shared by a site's users for a calendar month (004 §2.6.1: 500 per active user, pooled
/// per site, no carry-over). Drawing from it splits a call between the pool and overage.
public struct AllowancePool: Sendable, Hashable {
    public let totalSeconds: Int
    public private(set) var usedSeconds = 0

    public init(minutesPerUser: Int, activeUsers: Int) { totalSeconds = minutesPerUser * activeUsers * 60 }

    public var remainingSeconds: Int { totalSeconds - usedSeconds }

    /// Seconds covered by the pool, and seconds beyond it.
    public mutating func draw(_ seconds: Int) -> (fromPool: Int, overage: Int) {
        let taken = min(max(0, seconds), remainingSeconds)
        usedSeconds += taken
        return (taken, max(0, seconds) - taken)
    }
}
