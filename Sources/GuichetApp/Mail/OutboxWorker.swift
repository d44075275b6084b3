import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import Logging
import ServiceLifecycle

/// Sends the outbox through the configured SMTP server. A message is marked sent only once the
/// server has accepted it; when the server is down it stays queued and is retried with a growing
/// delay, so nothing is lost and nothing is sent twice by this worker.
public struct OutboxWorker: Service, CustomStringConvertible {
    /// Named plainly: the service group logs each service's description, which would otherwise be a dump of everything it holds.
    public var description: String { "OutboxWorker" }

    package let store: any EventStore & MailStore
    package let client: SMTPClient
    package let now: @Sendable () -> Instant
    package let logger: Logger
    package let interval: Duration

    public init(store: any EventStore & MailStore, settings: SMTPSettings, now: @escaping @Sendable () -> Instant, logger: Logger, interval: Duration = .seconds(5)) {
        self.store = store; client = SMTPClient(settings: settings); self.now = now; self.logger = logger; self.interval = interval
    }

    public struct FlushReport: Sendable, Codable, Hashable {
        public var sent = 0
        public var failed = 0
        public var refused = 0
    }

    /// One pass over the messages due now.
    @discardableResult
    public func flush() async throws -> FlushReport {
        var report = FlushReport()
        while true {
            let at = now()
            // Held for ten minutes: long enough for a slow server, short enough to recover from a crash.
            let batch = try await store.claimMail(at: at, leaseUntil: at.adding(seconds: 600), limit: 50)
            if batch.isEmpty { return report }
            for (i, mail) in batch.enumerated() {
                do {
                    let queued = try JSONDecoder().decode(OutgoingMail.self, from: Data(mail.payload.utf8))
                    let message = queued.addressed(to: try queued.to.map { recipient throws(SMTPError) in try client.settings.address(recipient) })
                    let rendered = message.rendered(from: client.settings.from, messageID: "outbox-\(mail.sequence)@\(client.settings.heloName)", date: mail.queuedAt)
                    try await client.send(rendered, to: message.to)
                    try await store.markMailSent(sequence: mail.sequence, at: now())
                    report.sent += 1
                } catch let error as SMTPError where !error.isPermanent {
                    // 1, 2, 4… minutes, at most an hour.
                    let delay = Int64(60 << min(mail.attempts, 6))
                    let retry = now().adding(seconds: min(delay, 3600))
                    try await store.markMailFailed(sequence: mail.sequence, at: now(), error: error.description, retryAt: retry)
                    report.failed += 1
                    logger.warning("mail not sent, will retry", metadata: ["outbox": "\(mail.sequence)", "error": "\(error)"])
                    // The server is unreachable: the rest of the batch waits for the same retry, unsent.
                    if case .unreachable = error {
                        for rest in batch[(i + 1)...] {
                            try await store.markMailFailed(sequence: rest.sequence, at: now(), error: "not attempted: \(error)", retryAt: retry)
                        }
                        return report
                    }
                } catch {
                    try await store.markMailFailed(sequence: mail.sequence, at: now(), error: "\(error)", retryAt: nil)
                    report.refused += 1
                    logger.error("mail refused", metadata: ["outbox": "\(mail.sequence)", "error": "\(error)"])
                }
            }
        }
    }

    public func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            do { try await flush() } catch { logger.error("outbox pass failed", metadata: ["error": "\(error)"]) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

extension Task where Success == Never, Failure == Never {
    package static var isCancelledOrShuttingDown: Bool { isCancelled || isShuttingDownGracefully }
}
