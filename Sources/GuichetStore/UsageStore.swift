import GuichetCore

/// Rated usage, imports, quarantine and alerts: the tables rating writes in bulk. Both engines
/// implement it and pass the same conformance suite.
public protocol UsageStore: Sendable {
    func beginImport(_ i: UsageImport) async throws
    func finishImport(_ i: UsageImport) async throws
    /// A page of the usage imports in the order they started, and how many there are.
    func imports(offset: Int, limit: Int?) async throws -> (imports: [UsageImport], total: Int)

    /// Stores rated records in one transaction; a record whose id is already stored is left as
    /// it is. Returns, for each row, whether it was new.
    func storeUsage(_ rows: [StoredUsage]) async throws -> [Bool]
    func usage(id: String) async throws -> StoredUsage?
    /// One account's records for a period ("2026-05"), in (start, id) order.
    func usage(customerID: String, period: String) async throws -> [StoredUsage]
    /// Every record of a period, in (start, id) order (re-rating).
    func usage(period: String) async throws -> [StoredUsage]
    func usageCount() async throws -> Int
    /// Several lines' records of a month in one read (fair-use monitors are primed a batch at a time):
    /// every key asked for, each in (start, id) order.
    func usage(lines: Set<LineMonth>) async throws -> [LineMonth: [StoredUsage]]
    /// Several lines' out-of-bundle totals of a month in one read: every key asked for, zero without usage.
    func outOfBundleTotals(lines: Set<LineMonth>) async throws -> [LineMonth: Money]

    /// Quarantines rows; a row already quarantined (same raw text) is not added twice. Returns how many were new.
    @discardableResult
    func quarantine(_ rows: [QuarantinedRow]) async throws -> Int
    /// A page of the quarantined rows (the open ones, or all), by import and line, and how many there are.
    func quarantined(openOnly: Bool, offset: Int, limit: Int?) async throws -> (rows: [QuarantinedRow], total: Int)
    func markReplayed(raw: [String], at: Instant) async throws
    /// Records the reason a quarantined row still fails (after a replay).
    func updateReasons(_ rows: [QuarantinedRow]) async throws

    /// Records alerts; one already raised (same id) is not raised again. Returns the new ones.
    func raise(_ alerts: [StoredAlert]) async throws -> [StoredAlert]
    /// A page of the alerts raised (one customer's, or all), in the order they were raised (latest first when asked),
    /// and how many there are.
    func alerts(customerID: String?, latestFirst: Bool, offset: Int, limit: Int?) async throws -> (alerts: [StoredAlert], total: Int)

    /// Applies a re-rating: updates the changed records and logs each change (append-only log).
    func rerate(runID: String, changes: [(old: StoredUsage, new: StoredUsage)], at: Instant) async throws
    /// Traffic-data retention: deletes, all or none, the usage records of months before `period` (with
    /// their re-ratings), the alerts of those months, and the quarantined rows of imports started before
    /// `importsBefore` (raw lines hold numbers too).
    func purgeUsage(before period: String, importsBefore: Instant, at: Instant) async throws -> UsagePurge
}

public struct UsageImport: Sendable, Hashable, Codable {
    public let id: String
    public let source: String
    public let format: String
    public let startedAt: Instant
    public var finishedAt: Instant?
    public var read = 0
    public var rated = 0
    public var duplicates = 0
    public var quarantined = 0
    /// The process doing it (`RunOwner.current` when it starts).
    public var owner: String?
    /// Read from the store: finished, running, or interrupted when its process died first.
    public var status = RunStatus.running

    public init(id: String, source: String, format: String, startedAt: Instant, owner: String? = RunOwner.current) {
        self.id = id; self.source = source; self.format = format; self.startedAt = startedAt; self.owner = owner
    }
}

/// A rated record with what storage needs besides: whose, which period, which import.
public struct StoredUsage: Sendable, Hashable, Codable {
    public let rated: RatedUsage
    public let customerID: String
    /// The calendar month of the start in the customer's time zone.
    public let period: String
    public let calledLineIsMobile: Bool?
    public let importID: String

    public init(rated: RatedUsage, customerID: String, period: String, calledLineIsMobile: Bool?, importID: String) {
        self.rated = rated; self.customerID = customerID; self.period = period; self.calledLineIsMobile = calledLineIsMobile; self.importID = importID
    }

    /// The record as the switch sent it (for re-rating).
    public var record: UsageRecord {
        UsageRecord(id: rated.id, line: rated.line, kind: rated.kind, called: rated.called, start: rated.start, quantity: rated.quantity,
                    calledLineIsMobile: calledLineIsMobile)
    }
}

/// A line's month of usage: the account it is billed to, the line's number, and the month ("2026-05").
public struct LineMonth: Sendable, Hashable {
    public let customerID: String
    public let line: String
    public let period: String

    public init(customerID: String, line: String, period: String) { self.customerID = customerID; self.line = line; self.period = period }
}

public struct QuarantinedRow: Sendable, Hashable, Codable {
    public let raw: String
    public let format: String
    public let importID: String
    public let lineNumber: Int
    public let field: String
    public let reason: String
    public let status: String
    public let resolvedAt: Instant?

    public init(raw: String, format: String, importID: String, lineNumber: Int, field: String, reason: String, status: String = "open", resolvedAt: Instant? = nil) {
        self.raw = raw; self.format = format; self.importID = importID; self.lineNumber = lineNumber; self.field = field; self.reason = reason
        self.status = status; self.resolvedAt = resolvedAt
    }
}

public struct StoredAlert: Sendable, Hashable, Codable {
    public let alert: UsageAlert
    public let customerID: String
    public let raisedAt: Instant

    public init(alert: UsageAlert, customerID: String, raisedAt: Instant) { self.alert = alert; self.customerID = customerID; self.raisedAt = raisedAt }
}

/// What a traffic-data purge removed (D-PRIV-2).
public struct UsagePurge: Sendable, Hashable, Codable {
    public let records: Int
    public let alerts: Int
    public let quarantined: Int
    public init(records: Int, alerts: Int, quarantined: Int) { self.records = records; self.alerts = alerts; self.quarantined = quarantined }

    var auditLines: [String] {
        records + alerts + quarantined == 0 ? [] : ["traffic data purged: \(records) usage record(s), \(alerts) alert(s), \(quarantined) quarantined row(s)"]
    }
}
