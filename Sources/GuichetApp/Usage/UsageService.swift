import Foundation
import GuichetCore
import GuichetData
import GuichetStore

/// Usage: imports, the TMF635 API, quarantine replays, consumption views and re-rating.
public struct UsageService: Sendable {
    package let store: any EventStore & UsageStore
    package let catalogs: CatalogRegistry
    package let contracts: ContractService
    public let lines: LineDirectory
    package let territories: [String: Territory]
    package let plan: NumberingPlan

    /// Usage shares the contracts' store, catalogs and territories.
    /// `store` is the whole store (usage records live in their own tables); the contracts' own is its event history.
    public init(store: any EventStore & UsageStore, contracts: ContractService, plan: NumberingPlan) {
        self.store = store; catalogs = contracts.catalogs; territories = contracts.territories
        self.contracts = contracts; self.plan = plan
        lines = LineDirectory(store: store, contracts: contracts, plan: plan)
    }

    /// What rating needs, for every line or (one record posted) for one line only, at `now` (records
    /// past the traffic-data retention are refused).
    package func context(line number: String? = nil, at now: Instant) async throws -> RatingContext {
        let selected: [ServiceLine]
        if let number { selected = try await lines.line(number).map { [$0] } ?? [] } else { selected = try await lines.all() }
        var byID: [String: Contract] = [:]
        if number == nil {
            // Every line: every contract, in one read.
            for c in try await contracts.allContracts() { byID[c.id] = c }
        } else {
            for id in Set(selected.map(\.contractID)) { byID[id] = try await contracts.contract(id) }
        }
        let (catalog, index) = await catalogs.snapshot
        return RatingContext(catalog: catalog, index: index, plan: plan, territories: territories, lines: selected, contracts: byID,
                             oldestKept: TrafficDataRetention.firstKeptPeriod(on: Self.retentionDay(now)).period)
    }

    package static func importID(at now: Instant) -> String { "imp_\(now.seconds)_\(ResourceID.token())" }

    /// Imports a file; `progress` is called after each batch.
    public func importFile(path: String, format: CDRFormat?, at now: Instant,
                           progress: (ImportProgress) -> Void = { _ in }) async throws -> UsageImport {
        var reader: LineReader
        do { reader = try LineReader(path: path) } catch { throw UsageError.badFile("\(path): cannot be read") }
        defer { reader.close() }
        let importer = UsageImporter(store: store, context: try await context(at: now))
        let imported = try await importer.run(&reader, format: format ?? CDRFormat.guess(path: path), name: path, importID: Self.importID(at: now),
                                              at: now, progress: progress)
        try await inviteToTopUp(imported.capped, at: now)
        return imported.counts
    }

    /// Imports a request body.
    public func importBody(_ bytes: [UInt8], format: CDRFormat, name: String, at now: Instant) async throws -> UsageImport {
        var lines = MemoryLines(bytes)
        let importer = UsageImporter(store: store, context: try await context(at: now))
        let imported = try await importer.run(&lines, format: format, name: name, importID: Self.importID(at: now), at: now, progress: { _ in })
        try await inviteToTopUp(imported.capped, at: now)
        return imported.counts
    }

    /// Rates one record sent through TMF635. A record that cannot be rated is quarantined and refused.
    public func post(_ record: UsageRecord, at now: Instant) async throws -> (StoredUsage, created: Bool) {
        let context = try await context(line: record.line, at: now)
        let importID = "tmf635"
        do {
            let rated = try context.rate(record, importID: importID)
            var monitors = FairUseMonitors(store: store, context: context)
            try await monitors.prepare(stored: [rated.stored], sides: [rated.side])
            let created = try await store.storeUsage([rated.stored]) == [true]
            if created {
                let alerts = monitors.observe(rated.stored, rated.side, at: now)
                if !alerts.isEmpty { _ = try await store.raise(alerts) }
                if context.lines[rated.side.line].capped { try await inviteToTopUp([context.lines[rated.side.line].line], at: now) }
                return (rated.stored, true)
            }
            return (try await store.usage(id: record.id) ?? rated.stored, false)
        } catch let problem as CDRRowError {
            let raw = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
            try await store.quarantine([QuarantinedRow(raw: raw, format: "tmf635", importID: importID, lineNumber: 0, field: problem.field, reason: problem.reason)])
            throw UsageError.invalid(field: problem.field, reason: problem.reason)
        }
    }

    public struct ReplayReport: Sendable, Codable {
        public let examined: Int
        public let rated: Int
        public let duplicates: Int
        public let stillQuarantined: [QuarantinedRow]
    }

    /// Re-reads the open quarantine (with corrected rows where `corrections` gives one): rows that
    /// now rate are stored and marked replayed; the others stay, with their reason.
    public func replayQuarantine(corrections: [String: String] = [:], at now: Instant) async throws -> ReplayReport {
        let context = try await context(at: now)
        let open = try await store.quarantined(openOnly: true, offset: 0, limit: nil).rows
        var monitors = FairUseMonitors(store: store, context: context)
        var rated = 0, duplicates = 0
        var still: [QuarantinedRow] = []
        var replayed: [String] = []
        for q in open {
            let text = corrections[q.raw] ?? q.raw
            let bytes = ArraySlice(Array(text.utf8))
            do {
                let record: UsageRecord
                switch q.format {
                case "csv": record = try CDRParser.csv(bytes)
                case "jsonl": record = try CDRParser.jsonl(bytes)
                default: record = try JSONDecoder().decode(UsageRecord.self, from: Data(text.utf8))
                }
                let r = try context.rate(record, importID: q.importID)
                try await monitors.prepare(stored: [r.stored], sides: [r.side])
                if try await store.storeUsage([r.stored]) == [true] {
                    rated += 1
                    let alerts = monitors.observe(r.stored, r.side, at: now)
                    if !alerts.isEmpty { _ = try await store.raise(alerts) }
                } else {
                    duplicates += 1
                }
                replayed.append(q.raw)
            } catch let problem as CDRRowError {
                still.append(q.failing(problem.field, problem.reason))
            } catch {
                still.append(q.failing("row", "not a usage record: \(error)"))
            }
        }
        try await store.markReplayed(raw: replayed, at: now)
        try await store.updateReasons(still)
        return ReplayReport(examined: open.count, rated: rated, duplicates: duplicates, stillQuarantined: still)
    }

    public struct RerateReport: Sendable, Codable {
        public let runID: String
        public let period: String
        public let examined: Int
        public let changed: Int
        public let failed: [String]
    }

    /// Rates a period's records again with the catalog in force now (after a tariff correction).
    /// Only records whose rating changes are updated, each change logged: running it twice changes nothing the second time.
    public func rerate(period: String, at now: Instant) async throws -> RerateReport {
        guard period.count == 7, (try? LocalDate(iso: period + "-01")) != nil else { throw UsageError.invalid(field: "period", reason: "'\(period)' is not YYYY-MM") }
        let context = try await context(at: now)
        let records = try await store.usage(period: period)
        var changes: [(old: StoredUsage, new: StoredUsage)] = []
        var failed: [String] = []
        for old in records {
            do {
                let new = try context.rate(old.record, importID: old.importID).stored
                if new.rated != old.rated { changes.append((old, new)) }
            } catch {
                failed.append("\(old.rated.id): \(error.field): \(error.reason)")
            }
        }
        let runID = "rr_\(period)_\(now.seconds)"
        if !changes.isEmpty { try await store.rerate(runID: runID, changes: changes, at: now) }
        return RerateReport(runID: runID, period: period, examined: records.count, changed: changes.count, failed: failed)
    }

    /// The consumption of a customer (by id or billing account) for a month: #123#.
    public func summary(account: String, period: String) async throws -> ConsumptionSummary {
        guard let start = try? LocalDate(iso: period + "-01"), period.count == 7 else { throw UsageError.invalid(field: "period", reason: "'\(period)' is not YYYY-MM") }
        guard let customerID = try await customerID(for: account) else { throw UsageError.notFound("customer or billing account '\(account)'") }
        return try await summary(customerID: customerID, start: start, period: period, own: try await lines.lines(StateQuery(equal: ["customer_id": customerID])).lines)
    }

    /// One customer's summary from its lines, read by the caller (a bill run reads every line once).
    package func summary(customerID: String, start: LocalDate, period: String, own all: [ServiceLine]) async throws -> ConsumptionSummary {
        let set = await catalogs.current
        // A line that ended before the month (its contract ended) neither draws nor swells the month's pool (004 §2.6.1).
        let own = all.filter { $0.endedOn.map { $0 >= start } ?? true }
        // 003 CS-FB 3: a capped line's month starts with its forfait, last month's unused monthly credit (once; none into the
        // month of activation) and what is left of its top-ups.
        var capped: [(line: ServiceLine, contract: Contract, fee: Money)] = []
        for l in own where set.offering(l.offeringID)?.isCappedPlan == true {
            guard let contract = try await contracts.contract(l.contractID), let fee = contract.monthlyFee?.amount else { continue }
            capped.append((l, contract, fee))
        }
        let (credits, topUps) = try await cappedCredits(customerID: customerID, capped, start: start)
        let records = try await store.usage(customerID: customerID, period: period).map(\.rated)
        return ConsumptionSummary(customerID: customerID, period: period, lines: own, allowances: set.allowances, credits: credits,
                                  topUps: topUps, records: records)
    }

    /// The credits of `capped` lines at `start`, and their top-ups of that month. The unused monthly credit carried in depends
    /// on last month alone (the month's credit is spent first); what is left of the top-ups, on every month since the first
    /// that still counts, folded in turn (`CappedCredit`).
    private func cappedCredits(customerID: String, _ capped: [(line: ServiceLine, contract: Contract, fee: Money)],
                               start: LocalDate) async throws -> (credits: [String: CappedCredit], topUps: [String: [TopUp]]) {
        var earliest = start
        for c in capped {
            guard let activated = c.contract.activatedOn, activated < start else { continue }
            let first = c.contract.countingTopUps.map(\.on).min()?.firstOfMonth ?? start
            // The month before the first top-up (or last month) gives the unused credit carried into the next.
            earliest = min(earliest, max(activated.firstOfMonth, min(first, start).adding(months: -1)))
        }
        var unused: [String: Money] = [:], left: [String: Money] = [:]
        // A number reassigned within the month appears twice: its line in service last is the one credited.
        func topUps(_ m: LocalDate) -> [String: [TopUp]] {
            Dictionary(capped.map { c in (c.line.number, c.contract.countingTopUps.filter { $0.on.firstOfMonth == m }) }, uniquingKeysWith: { _, last in last })
        }
        func credits(_ m: LocalDate) -> [String: CappedCredit] {
            Dictionary(capped.map { c in
                let carried = c.contract.activatedOn.map { $0 < m } == true ? unused[c.line.number] ?? .zero : .zero
                return (c.line.number, CappedCredit(monthly: c.fee, previousMonthUnused: carried, recharge: left[c.line.number] ?? .zero))
            }, uniquingKeysWith: { _, last in last })
        }
        var m = earliest
        while m < start {
            let period = RatingContext.period(m)
            let folded = ConsumptionSummary(customerID: customerID, period: period, lines: capped.map(\.line), allowances: [], credits: credits(m),
                                            topUps: topUps(m), records: try await store.usage(customerID: customerID, period: period).map(\.rated))
            for t in folded.lines { unused[t.line] = t.credit?.monthlyLeft; left[t.line] = t.credit?.rechargeLeft }
            m = m.adding(months: 1)
        }
        return (credits(start), topUps(start))
    }

    package func customerID(for account: String) async throws -> String? {
        if try await contracts.customer(account) != nil { return account }
        // A billing account "ba_x" belongs to customer "cus_x".
        if account.hasPrefix("ba_"), try await contracts.customer("cus_" + account.dropFirst(3)) != nil { return "cus_" + account.dropFirst(3) }
        return nil
    }

    public func alerts(customerID: String?, latestFirst: Bool = false, offset: Int = 0, limit: Int?) async throws -> (alerts: [StoredAlert], total: Int) {
        try await store.alerts(customerID: customerID, latestFirst: latestFirst, offset: offset, limit: limit)
    }
    public func quarantined(openOnly: Bool, offset: Int = 0, limit: Int?) async throws -> (rows: [QuarantinedRow], total: Int) {
        try await store.quarantined(openOnly: openOnly, offset: offset, limit: limit)
    }

    public func imports(offset: Int = 0, limit: Int?) async throws -> (imports: [UsageImport], total: Int) {
        try await store.imports(offset: offset, limit: limit)
    }
    public func record(_ id: String) async throws -> StoredUsage? { try await store.usage(id: id) }
    public func records(account: String, period: String) async throws -> [StoredUsage] {
        guard let customerID = try await customerID(for: account) else { throw UsageError.notFound("customer or billing account '\(account)'") }
        return try await store.usage(customerID: customerID, period: period)
    }
}

extension QuarantinedRow {
    package func failing(_ field: String, _ reason: String) -> QuarantinedRow {
        QuarantinedRow(raw: raw, format: format, importID: importID, lineNumber: lineNumber, field: field, reason: reason, status: status)
    }
}
