import GuichetCore
import GuichetStore

/// One fair-use monitor per line and month, created the first time the line's month is seen
/// and primed with what is already stored for it, so that alerts do not depend on how records
/// were split between imports.
package struct FairUseMonitors {
    private let store: any UsageStore
    private let context: RatingContext
    private struct Key: Hashable { let line: Int; let period: String }
    /// Each (line, month) seen: its monitor's index in `monitors`, or nil when the line has no limits.
    private var slots: [Key: Int?] = [:]
    private var monitors: [FairUseMonitor] = []
    /// Each line's last month seen and its slot: most records need no hashing at all.
    private var current: [(period: String, slot: Int?)?]

    package init(store: any UsageStore, context: RatingContext) {
        self.store = store; self.context = context
        current = Array(repeating: nil, count: context.lines.count)
    }

    /// Creates the monitors of the (line, month) pairs this batch sees first, primed from the store
    /// in two reads for the whole batch (a read per pair cost a millisecond each with thousands of lines).
    package mutating func prepare(stored: [StoredUsage], sides: [RatingContext.Side]) async throws {
        var new: [Key: (month: LineMonth, first: LocalDate)] = [:]
        for (s, side) in zip(stored, sides) {
            if let c = current[side.line], c.period == s.period { continue }
            let key = Key(line: side.line, period: s.period)
            if let slot = slots[key] { current[side.line] = (s.period, slot); continue }
            // A business's hundreds of lines share an account: reading its month for each of them read it all again.
            guard UsageLimits.apply(to: context.lines[side.line].family) else {
                slots[key] = .some(nil); current[side.line] = (s.period, nil); continue
            }
            guard new[key] == nil else { continue }
            new[key] = (LineMonth(customerID: context.lines[side.line].line.customerID, line: context.lines[side.line].line.number, period: s.period),
                        try LocalDate(iso: s.period + "-01"))
        }
        guard !new.isEmpty else { return }
        var previous: [Key: [LineMonth]] = [:]
        for (key, (month, first)) in new where context.lines[key.line].family.terms.comparesWithPreviousPeriods {
            previous[key] = (1...6).reversed().map {
                LineMonth(customerID: month.customerID, line: month.line, period: RatingContext.period(first.adding(months: -$0)))
            }
        }
        let totals = previous.isEmpty ? [:] : try await store.outOfBundleTotals(lines: Set(previous.values.joined()))
        let usage = try await store.usage(lines: Set(new.values.map(\.month)))
        for (key, (month, first)) in new {
            let slot = monitor(line: context.lines[key.line], period: month.period, first: first, stored: usage[month] ?? [],
                               previous: previous[key]?.map { totals[$0] ?? .zero } ?? []).map { m in
                monitors.append(m)
                return monitors.count - 1
            }
            slots[key] = slot
        }
    }

    /// A new monitor for a line's month, fed with what is stored of it; nil when no limit applies.
    private func monitor(line: RatingContext.Line, period: String, first: LocalDate, stored: [StoredUsage], previous: [Money]) -> FairUseMonitor? {
        let tenure = line.activatedOn.map { $0.wholeMonths(until: first) } ?? 0
        var limits = UsageLimits.of(line.family, parameters: context.catalog.parameters, tenureMonths: tenure,
                                    previousPeriods: tenure >= 6 ? previous : [])
        // 003 CS-FB 3: a capped plan's calls are paid before they are made; CG 8's spend thresholds do not concern it.
        if context.catalog.offering(line.line.offeringID)?.isCappedPlan == true { limits.spendThresholds = [] }
        guard !limits.isEmpty else { return nil }
        var monitor = FairUseMonitor(line: line.line.number, period: period, limits: limits)
        for s in stored {
            let n = context.rater.plan.dialled(s.rated.called.utf8) ?? DialledNumber(digits: 0, length: 0, type: .international)
            let group = s.rated.destination == "emergency" ? Price.emergency : s.rated.destination == "data" ? Price.data : 0
            _ = monitor.observe(id: s.rated.id, called: n, kind: s.rated.kind, quantity: s.rated.quantity, day: line.zone.local(s.rated.start).date.components.day,
                                price: Price(group: group, destination: 0, amount: s.rated.amount, list: s.rated.listAmount,
                                             included: s.rated.included, allowanceDestination: -1, rate: nil))
        }
        return monitor
    }

    /// Feeds a stored record to its line's monitor for the month (prepared beforehand).
    package mutating func observe(_ stored: StoredUsage, _ side: RatingContext.Side, at now: Instant) -> [StoredAlert] {
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
                                            day: side.local.components.day, price: side.price)
        return alerts.isEmpty ? [] : alerts.map { StoredAlert(alert: $0, customerID: stored.customerID, raisedAt: now) }
    }
}
