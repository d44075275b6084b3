import GuichetCore
import GuichetStore
import Logging
import ServiceLifecycle

/// `serve`'s scheduler (issue 23): every minute (and at start), the obligations due by now, executed once each, and once a
/// day the day's dunning steps. Safe with several instances on one database: an obligation's change carries its
/// resource's idempotency key, and a dunning step its invoice's, so the second instance to try one finds it done.
package struct ObligationWorker: Service, CustomStringConvertible {
    package var description: String { "ObligationWorker" }

    package let runner: ObligationRunner
    package let now: @Sendable () -> Instant
    package let logger: Logger
    package let interval: Duration

    package init(runner: ObligationRunner, now: @escaping @Sendable () -> Instant, logger: Logger, interval: Duration) {
        self.runner = runner; self.now = now; self.logger = logger; self.interval = interval
    }

    package func run() async throws {
        var dunnedOn: LocalDate?
        while !Task.isCancelledOrShuttingDown {
            dunnedOn = await AuditContext.$current.withValue(.job("obligations")) {
                let at = now()
                do {
                    for o in try await runner.runDue(by: at, at: at) {
                        logger.notice("obligation executed", metadata: ["id": "\(o.id)", "resource": "\(o.resource)", "state": "\(o.state.rawValue)"])
                    }
                } catch {
                    logger.error("obligations run failed", metadata: ["error": "\(error)"])
                }
                // Dunning once a day: its steps are days apart, and a run reads every overdue invoice.
                guard dunnedOn != at.utcDate else { return dunnedOn }
                do {
                    for e in try await runner.dunning(on: at.utcDate, at: at) {
                        logger.notice("dunning step", metadata: ["invoice": "\(e.invoiceID)", "step": "\(e.step)"])
                    }
                    return at.utcDate
                } catch {
                    logger.error("dunning run failed", metadata: ["error": "\(error)"])
                    return dunnedOn
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
