import Foundation
import GuichetCore
import GuichetStore

/// What API tokens and operators' access keys share (F6): a public id that is the secret's SHA-256
/// (the stream's name), an optional expiry, a revocation, and a last use written at most once a minute.
package protocol Credential: Codable, Sendable {
    var id: String { get }
    var issuedAt: Instant { get }
    var expiresAt: Instant? { get }
    var lastUsedAt: Instant? { get }
    var revokedAt: Instant? { get }
    /// The same credential with its use and revocation as given.
    func with(lastUsedAt: Instant?, revokedAt: Instant?) -> Self
}

extension Credential {
    package func valid(at now: Instant) -> Bool { revokedAt == nil && expiresAt.map { now < $0 } ?? true }

    /// A use is written at most once a minute: reads stay reads.
    package func useDue(at now: Instant) -> Bool { now.seconds - (lastUsedAt ?? issuedAt).seconds >= 60 }
}

package enum Credentials {
    /// A credential's id: 64 hex digits, nothing else ever names a stream.
    package static func isID(_ id: String) -> Bool { id.count == 64 && id.allSatisfy(\.isHexDigit) }

    /// The last use and the revocation in a credential's history.
    package static func lifecycle(_ events: [StoredEvent], used: String, revoked: String) -> (lastUsedAt: Instant?, revokedAt: Instant?) {
        (events.last { $0.type == used }?.recordedAt, events.first { $0.type == revoked }?.recordedAt)
    }
}

/// One kind of credential as a stream per credential (`<prefix><id>`: issued, used, revoked) and a state table
/// row each, which every request's credential check reads instead of replaying a history that grows with each use.
package struct CredentialRepository<Info: Credential>: Sendable {
    package let store: any EventStore
    package let table: StateTable
    package let prefix: String
    package let usedType: String
    package let revokedType: String
    /// The credential from its issue event (its id, the event).
    package let issued: @Sendable (String, StoredEvent) throws -> Info
    /// Its row's filter columns and search text.
    package let columns: @Sendable (Info) -> (values: [String: String], search: [String?])

    package func stream(_ id: String) -> String { prefix + id }

    package func row(_ info: Info) throws -> StateRow {
        let c = columns(info)
        return StateRow(table: table, key: info.id, values: c.values, search: c.search, body: try StoredJSON.text(info))
    }

    package func fold(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        guard let first = events.first else { return nil }
        let (used, revoked) = Credentials.lifecycle(events, used: usedType, revoked: revokedType)
        return try row(try issued(String(stream.dropFirst(prefix.count)), first).with(lastUsedAt: used, revokedAt: revoked))
    }

    package func info(_ id: String) async throws -> Info? {
        guard Credentials.isID(id) else { return nil }
        return try await store.stateRow(table, key: id).map { try decode($0.body) }
    }

    package func page(_ query: StateQuery) async throws -> (items: [Info], total: Int) {
        let page = try await store.statePage(table, query)
        return (try page.bodies.map(decode), page.total)
    }

    /// The last `count` that match, newest first (the back office's lists).
    package func latest(_ query: StateQuery, count: Int) async throws -> [Info] {
        var q = query
        q.limit = 0
        q.offset = max(0, try await store.statePage(table, q).total - count)
        q.limit = count
        return try await page(q).items.reversed()
    }

    package func issue(_ info: Info, payload: String, type: String, at now: Instant) async throws {
        _ = try await store.append([try NewEvent(stream: stream(info.id), type: type, payload: payload, recordedAt: now)], state: [try row(info)],
                                   idempotency: nil)
    }

    /// Records a use: bookkeeping, not a change anyone asked for, so outside the audit log (like mail
    /// delivery, D-SEC-5); a failed note (a full disk) must not refuse the request it describes.
    package func noteUse(_ info: Info, at now: Instant) async {
        await AuditContext.$current.withValue(nil) {
            _ = try? await store.append([try NewEvent(stream: stream(info.id), type: usedType, payload: "", recordedAt: now)],
                                        state: [try row(info.with(lastUsedAt: now, revokedAt: info.revokedAt))], idempotency: nil)
        }
    }

    package func revoke(_ info: Info, at now: Instant) async throws {
        _ = try await store.append([try NewEvent(stream: stream(info.id), type: revokedType, payload: "", recordedAt: now)],
                                   state: [try row(info.with(lastUsedAt: info.lastUsedAt, revokedAt: now))], idempotency: nil)
    }

    private func decode(_ body: String) throws -> Info { try JSONDecoder().decode(Info.self, from: Data(body.utf8)) }
}
