import Foundation
import GuichetApp
import GuichetCore
import GuichetMail
import GuichetStore
import Hummingbird

/// The outbox (what is queued, sent or refused, and a pass on demand) and the inbound endpoint
/// a mail server posts received messages to (raw RFC 5322).
struct MailRoutes {
    let support: SupportService
    let store: any Store
    let worker: OutboxWorker?
    let supportWorker: SupportWorker
    let now: @Sendable () -> Instant

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("/api/v1/mail")
        api.get("/outbox") { request, _ -> Response in
            struct Delivery: Encodable {
                let state: MailDelivery.State; let attempts: Int; let lastError: String?; let nextAttemptAt: Instant?; let deliveredAt: Instant?
            }
            struct Entry: Encodable { let id: Int64; let queuedAt: Instant; let mail: OutgoingMail?; let delivery: Delivery }
            let entries = try await store.mailDeliveries(limit: 500).map { d in
                Entry(id: d.sequence, queuedAt: d.queuedAt, mail: try? JSONDecoder().decode(OutgoingMail.self, from: Data(d.payload.utf8)),
                      delivery: Delivery(state: d.state, attempts: d.attempts, lastError: d.lastError, nextAttemptAt: d.nextAttemptAt, deliveredAt: d.deliveredAt))
            }
            return try TMFListing(request).response(entries)
        }
        api.post("/outbox/flush") { request, _ -> Response in
            guard let worker else { throw TMFError(.conflict, code: "noMailServer", reason: "no SMTP server is configured (guichet serve --smtp host:port)") }
            return try TMFListing.one(try await worker.flush(), request: request)
        }
        api.post("/maildir/fetch") { request, _ -> Response in
            guard supportWorker.maildir != nil else {
                throw TMFError(.conflict, code: "noMaildir", reason: "no inbound maildir is configured (guichet serve --inbound-maildir DIR)")
            }
            return try TMFListing.one(try await supportWorker.fetch(), request: request)
        }
        api.post("/inbound") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 10 << 20)
            let mail = try await supportMapped { try InboundMail(raw: String(buffer: buffer)) }
            return try TMFListing.one(try await supportMapped { try await support.receive(mail, at: now()) }, request: request)
        }
    }
}
