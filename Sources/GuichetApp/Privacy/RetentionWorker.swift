import GuichetCore
import GuichetStore
import Logging
import ServiceLifecycle

/// Applies the retention limits once a day (and once at start): customers whose relationship ended
/// more than three years ago are erased (001 Annex 6, 003 PDP); traffic data goes one year after its
/// month's invoice fell due (CPCE L34-1, L34-2; D-PRIV-2).
package struct RetentionWorker: Service, CustomStringConvertible {
    /// Named plainly: the service group logs each service's description, which would otherwise be a dump of everything it holds.
    package var description: String { "RetentionWorker" }

    package let privacy: PrivacyService
    package let usage: UsageService
    package let now: @Sendable () -> Instant
    package let logger: Logger
    package let interval: Duration

    package init(privacy: PrivacyService, usage: UsageService, now: @escaping @Sendable () -> Instant, logger: Logger, interval: Duration) {
        self.privacy = privacy; self.usage = usage; self.now = now; self.logger = logger; self.interval = interval
    }

    package func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            // Each limit on its own: one failing does not hold the other back.
            await AuditContext.$current.withValue(.job("retention")) {
                do {
                    let erased = try await privacy.sweep(on: now().utcDate, at: now())
                    if !erased.isEmpty { logger.notice("personal data erased (retention)", metadata: ["customers": "\(erased.map(\.customerID))"]) }
                } catch {
                    logger.error("personal-data retention sweep failed", metadata: ["error": "\(error)"])
                }
                do {
                    let purged = try await usage.purgeTrafficData(on: UsageService.retentionDay(now()), at: now())
                    if purged.records > 0 { logger.notice("traffic data purged (retention)", metadata: ["records": "\(purged.records)", "before": "\(purged.firstKeptPeriod)"]) }
                } catch {
                    logger.error("traffic-data purge failed", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
