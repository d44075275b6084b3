import GuichetCore
import GuichetStore

/// Traffic-data retention (CPCE L34-1 II, L34-2; D-PRIV-2): usage records go one year after their
/// month's invoice fell due, with their re-ratings, alerts and quarantined raw lines.
extension UsageService {
    public struct TrafficPurge: Sendable, Codable {
        public let firstKeptPeriod: BillingPeriod
        public let records: Int
        public let alerts: Int
        public let quarantined: Int
        public let explanation: Explanation
    }

    public func purgeTrafficData(on day: LocalDate, at now: Instant) async throws -> TrafficPurge {
        let (kept, why) = TrafficDataRetention.firstKeptPeriod(on: day)
        let purge = try await store.purgeUsage(before: kept.description, importsBefore: try Instant(iso: "\(kept.first)T00:00:00Z"), at: now)
        return TrafficPurge(firstKeptPeriod: kept, records: purge.records, alerts: purge.alerts, quarantined: purge.quarantined, explanation: why)
    }

    /// The retention day: twelve hours behind UTC, so that no territory's month has not yet begun
    /// when its data goes (the Antilles are UTC−4; Mayotte, ahead, is purged a few hours late).
    public static func retentionDay(_ now: Instant) -> LocalDate { now.adding(seconds: -12 * 3600).utcDate }
}
