import GuichetCore
import GuichetStore

/// One fair-use monitor per line and month, created the first time the line's month is seen
/// and primed with what is already stored for it, so that alerts do not depend on how records
/// were split between imports.
struct FairUseMonitors {
    private let store: any Store
    private let context: RatingContext
    private struct Key: Hashable { let line: Int; let period: String }
    private var monitors: [Key: FairUseMonitor] = [:]
    private var unmonitored = Set<Key>()
    /// The month each line was last seen in: most records need no look-up at all.
    private var lastPeriod: [String?]

    init(store: any Store, context: RatingContext) {
        self.store = store; self.context = context
        lastPeriod = Array(repeating: nil, count: context.lines.count)
    }

    mutating func prepare(stored: [StoredUsage], sides: [RatingContext.Side]) async throws {
        for (s, side) in zip(stored, sides) {
            if lastPeriod[side.line] == s.period { continue }
            let key = Key(line: side.line, period: s.period)
            if monitors[key] != nil || unmonitored.contains(key) { lastPeriod[side.line] = s.period; continue }
            let line = context.lines[side.line]
            let period = s.period
            let periodStart = try LocalDate(iso: period + "-01")
            let tenure = line.contract.activatedOn.map { $0.wholeMonths(until: periodStart) } ?? 0
            let previousPeriods = (1...6).reversed().map { RatingContext.period(periodStart.adding(months: -$0)) }
            let previous = line.contract.family == .livebox
                ? try await store.outOfBundleTotals(customerID: line.line.customerID, line: line.line.number, periods: previousPeriods) : []
            let limits = UsageLimits.of(line.contract.family, parameters: context.catalog.parameters, tenureMonths: tenure,
                                        previousPeriods: tenure >= 6 ? previous : [])
            guard !limits.isEmpty else { unmonitored.insert(key); lastPeriod[side.line] = s.period; continue }
            var monitor = FairUseMonitor(line: line.line.number, period: period, limits: limits)
            for s in try await store.usage(customerID: line.line.customerID, period: period) where s.rated.line == line.line.number {
                let n = context.rater.plan.dialled(s.rated.called.utf8) ?? DialledNumber(digits: 0, length: 0, type: .international)
                let group = s.rated.destination == "emergency" ? Price.emergency : s.rated.destination == "data" ? Price.data : 0
                _ = monitor.observe(id: s.rated.id, called: n, kind: s.rated.kind, quantity: s.rated.quantity,
                                    price: Price(group: group, destination: 0, amount: s.rated.amount, list: s.rated.listAmount,
                                                 included: s.rated.included, allowanceDestination: -1, rate: nil))
            }
            monitors[key] = monitor
            lastPeriod[side.line] = s.period
        }
    }

    mutating func observe(_ stored: StoredUsage, _ side: RatingContext.Side, at now: Instant) -> [StoredAlert] {
        let key = Key(line: side.line, period: stored.period)
        // Mutated in place: a copy taken out of the dictionary would copy its recipient sets on every record.
        guard monitors[key] != nil else { return [] }
        let alerts = monitors[key]!.observe(id: stored.rated.id, called: side.called, kind: stored.rated.kind, quantity: stored.rated.quantity, price: side.price)
        return alerts.map { StoredAlert(alert: $0, customerID: stored.customerID, raisedAt: now) }
    }
}
