import GuichetCore
import GuichetStore

/// What API tokens and operators' access keys share (F6): a public id that is the secret's SHA-256
/// (the stream's name), an optional expiry, a revocation, and a last use written at most once a minute.
protocol Credential {
    var issuedAt: Instant { get }
    var expiresAt: Instant? { get }
    var lastUsedAt: Instant? { get }
    var revokedAt: Instant? { get }
}

extension Credential {
    func valid(at now: Instant) -> Bool { revokedAt == nil && expiresAt.map { now < $0 } ?? true }

    /// A use is written at most once a minute: reads stay reads.
    func useDue(at now: Instant) -> Bool { now.seconds - (lastUsedAt ?? issuedAt).seconds >= 60 }
}

enum Credentials {
    /// A credential's id: 64 hex digits, nothing else ever names a stream.
    static func isID(_ id: String) -> Bool { id.count == 64 && id.allSatisfy(\.isHexDigit) }

    /// The last use and the revocation in a credential's history.
    static func lifecycle(_ events: [StoredEvent], used: String, revoked: String) -> (lastUsedAt: Instant?, revokedAt: Instant?) {
        (events.last { $0.type == used }?.recordedAt, events.first { $0.type == revoked }?.recordedAt)
    }

    /// Records a use: bookkeeping, not a change anyone asked for, so outside the audit log (like mail
    /// delivery, D-SEC-5); a failed note (a full disk) must not refuse the request it describes.
    static func noteUse(_ store: any Store, stream: String, type: String, at now: Instant) async {
        await AuditContext.$current.withValue(nil) {
            _ = try? await store.append([try NewEvent(stream: stream, type: type, payload: "", recordedAt: now)], idempotency: nil)
        }
    }
}
