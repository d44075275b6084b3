import GuichetCore
import GuichetStore
import Logging
import ServiceLifecycle

/// Applies the retention limit once a day (and once at start): customers whose relationship ended
/// more than three years ago are erased (001 Annex 6, 003 PDP).
struct RetentionWorker: Service {
    let privacy: PrivacyService
    let now: @Sendable () -> Instant
    let logger: Logger
    let interval: Duration

    func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do {
                let erased = try await AuditContext.$current.withValue(.job("retention")) { try await privacy.sweep(on: now().utcDate, at: now()) }
                if !erased.isEmpty { logger.notice("personal data erased (retention)", metadata: ["customers": "\(erased.map(\.customerID))"]) }
            } catch {
                logger.error("retention sweep failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
