import GuichetCore
import GuichetStore

/// One fair-use monitor per line and month, created the first time the line's month is seen
/// and primed with what is already stored for it, so that alerts do not depend on how records
/// were split between imports.
struct FairUseMonitors {
    private let store: any Store
    private let context: RatingContext
    private struct Key: Hashable { let line: Int; let period: String }
    /// Each (line, month) seen: its monitor's index in `monitors`, or nil when the line has no limits.
    private var slots: [Key: Int?] = [:]
    private var monitors: [FairUseMonitor] = []
    /// Each line's last month seen and its slot: most records need no hashing at all.
    private var current: [(period: String, slot: Int?)?]

    init(store: any Store, context: RatingContext) {
        self.store = store; self.context = context
        current = Array(repeating: nil, count: context.lines.count)
    }

    mutating func prepare(stored: [StoredUsage], sides: [RatingContext.Side]) async throws {
        for (s, side) in zip(stored, sides) {
            if let c = current[side.line], c.period == s.period { continue }
            let key = Key(line: side.line, period: s.period)
            if let slot = slots[key] { current[side.line] = (s.period, slot); continue }
            let slot = try await monitor(line: context.lines[side.line], period: s.period).map { m in
                monitors.append(m)
                return monitors.count - 1
            }
            slots[key] = slot
            current[side.line] = (s.period, slot)
        }
    }

    /// A new monitor for a line's month, fed with what is stored of it; nil when no limit applies.
    private func monitor(line: RatingContext.Line, period: String) async throws -> FairUseMonitor? {
        let periodStart = try LocalDate(iso: period + "-01")
        let tenure = line.contract.activatedOn.map { $0.wholeMonths(until: periodStart) } ?? 0
        let previousPeriods = (1...6).reversed().map { RatingContext.period(periodStart.adding(months: -$0)) }
        let previous = line.contract.family == .livebox
            ? try await store.outOfBundleTotals(customerID: line.line.customerID, line: line.line.number, periods: previousPeriods) : []
        let limits = UsageLimits.of(line.contract.family, parameters: context.catalog.parameters, tenureMonths: tenure,
                                    previousPeriods: tenure >= 6 ? previous : [])
        guard !limits.isEmpty else { return nil }
        var monitor = FairUseMonitor(line: line.line.number, period: period, limits: limits)
        for s in try await store.usage(customerID: line.line.customerID, period: period) where s.rated.line == line.line.number {
            let n = context.rater.plan.dialled(s.rated.called.utf8) ?? DialledNumber(digits: 0, length: 0, type: .international)
            let group = s.rated.destination == "emergency" ? Price.emergency : s.rated.destination == "data" ? Price.data : 0
            _ = monitor.observe(id: s.rated.id, called: n, kind: s.rated.kind, quantity: s.rated.quantity,
                                price: Price(group: group, destination: 0, amount: s.rated.amount, list: s.rated.listAmount,
                                             included: s.rated.included, allowanceDestination: -1, rate: nil))
        }
        return monitor
    }

    /// Feeds a stored record to its line's monitor for the month (prepared beforehand).
    mutating func observe(_ stored: StoredUsage, _ side: RatingContext.Side, at now: Instant) -> [StoredAlert] {
        let slot: Int?
        if let c = current[side.line], c.period == stored.period {
            slot = c.slot
        } else {
            slot = slots[Key(line: side.line, period: stored.period)] ?? nil
            current[side.line] = (stored.period, slot)
        }
        guard let slot else { return [] }
        // Mutated in place: a copy would copy the monitor's recipient sets on every record.
        let alerts = monitors[slot].observe(id: stored.rated.id, called: side.called, kind: stored.rated.kind, quantity: stored.rated.quantity,
                                            price: side.price)
        return alerts.isEmpty ? [] : alerts.map { StoredAlert(alert: $0, customerID: stored.customerID, raisedAt: now) }
    }
}
