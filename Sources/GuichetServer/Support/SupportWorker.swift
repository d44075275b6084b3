import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import Logging
import ServiceLifecycle

/// The support side's periodic work: escalating tickets whose targets were missed (004 §12,
/// SUP-7) and reading the inbound maildir, when one is configured.
struct SupportWorker: Service {
    let support: SupportService
    let maildir: Maildir?
    let now: @Sendable () -> Instant
    let logger: Logger
    let interval: Duration

    struct FetchReport: Codable { var processed: [SupportService.InboundResult] = []; var unreadable: [String] = [] }

    /// Routes every message waiting in the maildir's `new/`, then files it under `cur/`.
    func fetch() async throws -> FetchReport {
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

    func run() async throws {
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
