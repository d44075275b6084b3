import Foundation
import GuichetCore
import GuichetMail
import GuichetStore

/// Queues e-mail in the outbox: an event appended with whatever caused it, in one transaction.
package enum Outbox {
    package static func event(_ mail: OutgoingMail, at now: Instant) throws -> NewEvent {
        try NewEvent(stream: MailStream.outbox, type: MailStream.queuedType,
                     payload: String(decoding: try JSONEncoder().encode(mail), as: UTF8.self), recordedAt: now)
    }
}
