import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import Logging
import ServiceLifecycle

/// The support side's periodic work: escalating tickets whose targets were missed (004 §12,
/// SUP-7) and reading the inbound maildir, when one is configured.
package struct SupportWorker: Service, CustomStringConvertible {
    /// Named plainly: the service group logs each service's description, which would otherwise be a dump of everything it holds.
    package var description: String { "SupportWorker" }

    package let support: SupportService
    package let maildir: Maildir?
    package let now: @Sendable () -> Instant
    package let logger: Logger
    package let interval: Duration

    package init(support: SupportService, maildir: Maildir?, now: @escaping @Sendable () -> Instant, logger: Logger, interval: Duration) {
        self.support = support; self.maildir = maildir; self.now = now; self.logger = logger; self.interval = interval
    }

    package struct FetchReport: Codable { package var processed: [SupportService.InboundResult] = []; package var unreadable: [String] = [] }

    /// Routes every message waiting in the maildir's `new/`, then files it under `cur/`.
    package func fetch() async throws -> FetchReport {
        guard let maildir else { return FetchReport() }
        var report = FetchReport()
        for (name, raw) in try maildir.newMessages() {
            do {
                report.processed.append(try await support.receive(try InboundMail(raw: raw), at: now()))
            } catch let e as InboundMail.ParseError {
                report.unreadable.append("\(name): \(e)")
                logger.warning("unreadable inbound message", metadata: ["file": "\(name)", "error": "\(e)"])
            }
            try maildir.markSeen(name)
        }
        return report
    }

    package func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do {
                try await AuditContext.$current.withValue(.job("support")) {
                    let escalated = try await support.escalateMissed(at: now())
                    if !escalated.isEmpty { logger.notice("tickets escalated", metadata: ["tickets": "\(escalated)"]) }
                    _ = try await fetch()
                }
            } catch {
                logger.error("support pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
