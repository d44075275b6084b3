/// One account's month of usage against its allowances: what #123# answers (003 CS-FB 3) and
/// what the bill charges. Folded from the rated records in (start, id) order, so it is the
/// same whatever order the records arrived in.
public struct ConsumptionSummary: Sendable, Hashable, Codable {
    public struct LineTotals: Sendable, Hashable, Codable {
        public let line: String
        public let site: String?
        public var calls = 0
        public var voiceSeconds = 0
        public var includedSeconds = 0
        public var messages = 0
        public var dataKilobytes = 0
        /// Charged beyond the bundle (after the site pool), TTC or HT as the tariff states.
        public var outOfBundle = Money.zero
        /// Capped plans (003 CS-FB 3): the credit left and what it could not cover.
        public var credit: CappedCredit?
    }

    public struct SiteTotals: Sendable, Hashable, Codable {
        public let site: String
        public let allowance: String
        public let users: Int
        public let allowanceSeconds: Int
        public var pooledSeconds = 0
        public var overageSeconds = 0
        public var overageAmount = Money.zero
        public let source: String
        public var remainingSeconds: Int { allowanceSeconds - pooledSeconds }
    }

    public struct DestinationTotals: Sendable, Hashable, Codable {
        public let destination: String
        public let name: String
        public var count = 0
        public var quantity = 0
        public var amount = Money.zero
    }

    public let customerID: String
    public let period: String
    public var lines: [LineTotals]
    public var sites: [SiteTotals]
    /// Charged usage per tariff group, for the invoice.
    public var destinations: [DestinationTotals]
    public var outOfBundle: Money { lines.reduce(.zero) { $0 + $1.outOfBundle } }

    /// - Parameters:
    ///   - credits: for capped-plan lines, the month's credit as it stood at the start of the month.
    ///   - topUps: for capped-plan lines, the month's top-ups: each adds to the credit from its instant on (003 CS-FB 3).
    public init(customerID: String, period: String, lines serviceLines: [ServiceLine], allowances: [Allowance],
                credits: [String: CappedCredit] = [:], topUps: [String: [TopUp]] = [:], records: [RatedUsage]) {
        self.customerID = customerID; self.period = period
        var lineTotals: [String: LineTotals] = [:]
        for l in serviceLines { lineTotals[l.number] = LineTotals(line: l.number, site: l.site, credit: credits[l.number]) }
        // 004 §2.6.1: the pool is the allowance × the site's active users (lines of an offering that has it).
        var pools: [String: (pool: AllowancePool, totals: SiteTotals)] = [:]
        for a in allowances where a.pooledBy == "site" {
            let bySite = Dictionary(grouping: serviceLines.filter { $0.site != nil && a.offerings.contains($0.offeringID) }, by: { $0.site! })
            for (site, users) in bySite {
                let pool = AllowancePool(minutesPerUser: a.minutes, activeUsers: users.count)
                pools[a.id + "|" + site] = (pool, SiteTotals(site: site, allowance: a.id, users: users.count, allowanceSeconds: pool.totalSeconds, source: a.source))
            }
        }
        var destinations: [String: DestinationTotals] = [:]
        var pending = topUps.mapValues { $0.sorted { ($0.at, $0.id) < ($1.at, $1.id) }[...] }
        func credit(_ t: inout LineTotals, until instant: Instant?) {
            while let next = pending[t.line]?.first, instant.map({ next.at <= $0 }) ?? true {
                t.credit?.topUp(next.amount)
                pending[t.line]?.removeFirst()
            }
        }
        for r in records.sorted(by: { ($0.start, $0.id) < ($1.start, $1.id) }) {
            guard var t = lineTotals[r.line] else { continue }
            credit(&t, until: r.start)
            var charged = r.amount
            if let a = r.allowance, r.kind == .voice, let site = t.site, var p = pools[a + "|" + site] {
                let (fromPool, overage) = p.pool.draw(r.quantity)
                // D-RAT-2: overage seconds at the destination's price per minute; the connection fee only
                // when no second of the call came from the pool.
                charged = fromPool == 0 ? r.amount : r.perMinute.multiplied(by: Int64(overage), dividedBy: 60, rounding: .halfUp)
                p.totals.pooledSeconds += fromPool
                p.totals.overageSeconds += overage
                p.totals.overageAmount += charged
                pools[a + "|" + site] = p
            }
            if t.credit != nil {
                // Spent from the prepaid credit, never billed; what it cannot cover is reported, not charged.
                t.credit!.debit(charged)
                charged = .zero
            }
            switch r.kind {
            case .voice: t.calls += 1; t.voiceSeconds += r.quantity; if r.included { t.includedSeconds += r.quantity }
            case .sms: t.messages += r.quantity
            case .data: t.dataKilobytes += r.quantity
            }
            t.outOfBundle += charged
            lineTotals[r.line] = t
            if charged > .zero {
                var d = destinations[r.destination] ?? DestinationTotals(destination: r.destination, name: r.destinationName)
                d.count += 1; d.quantity += r.quantity; d.amount += charged
                destinations[r.destination] = d
            }
        }
        for key in lineTotals.keys { credit(&lineTotals[key]!, until: nil) }
        lines = lineTotals.values.sorted { $0.line < $1.line }
        sites = pools.values.map(\.totals).sorted { ($0.site, $0.allowance) < ($1.site, $1.allowance) }
        self.destinations = destinations.values.sorted { $0.destination < $1.destination }
    }
}
