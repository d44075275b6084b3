import Foundation
import GuichetCore
import GuichetStore

/// Access keys for wholesale operators' e-soutien calls (002 §2: "éléments d'identification").
/// A key is shown once; only its SHA-256 is stored (the stream name, and the key's public id).
/// A key may expire and can be revoked (F6).
public struct OperatorKeys: Sendable {
    let store: any Store
    let contracts: ContractService

    public init(store: any Store, contracts: ContractService) { self.store = store; self.contracts = contracts }

    static func stream(id: String) -> String { "access-key:" + id }

    /// The issued event's payload; keys issued before expiry existed hold the operator's id alone.
    struct Issued: Codable { let owner: String; let expiresAt: Instant? }

    public struct KeyInfo: Sendable, Codable, Hashable, Credential {
        public let id: String
        public let owner: String
        public let issuedAt: Instant
        public let expiresAt: Instant?
        public let lastUsedAt: Instant?
        public let revokedAt: Instant?
    }

    /// Issues a new key for a wholesale operator.
    public func issue(for owner: String, expiresAt: Instant? = nil, at now: Instant) async throws -> (id: String, key: String) {
        guard let c = try await contracts.customer(owner) else { throw SupportError.notFound("operator '\(owner)'") }
        guard c.kind == .wholesale else { throw SupportError.invalid(field: "customer", reason: "\(c.name) is not a wholesale operator (002)") }
        if let expiresAt, expiresAt <= now { throw SupportError.invalid(field: "expiresAt", reason: "\(expiresAt) is not in the future") }
        let key = AccountService.secret(prefix: "gk_"), id = AccountService.hash(key)
        let payload = String(decoding: try JSONEncoder().encode(Issued(owner: owner, expiresAt: expiresAt)), as: UTF8.self)
        _ = try await store.append([try NewEvent(stream: Self.stream(id: id), type: "access-key-issued", payload: payload, recordedAt: now)],
                                   idempotency: nil)
        return (id, key)
    }

    /// The operator a key belongs to, or nil when the key is unknown, revoked or expired; records its
    /// use at most once a minute (as API tokens do).
    public func owner(of key: String, at now: Instant) async throws -> String? {
        let id = AccountService.hash(key)
        guard let info = try await info(id), info.valid(at: now) else { return nil }
        if info.useDue(at: now) { await Credentials.noteUse(store, stream: Self.stream(id: id), type: "access-key-used", at: now) }
        return info.owner
    }

    func info(_ id: String) async throws -> KeyInfo? {
        guard Credentials.isID(id) else { return nil }
        let events = try await store.events(stream: Self.stream(id: id), after: 0)
        guard let issued = events.first else { return nil }
        let body = issued.payload.hasPrefix("{") ? try JSONDecoder().decode(Issued.self, from: Data(issued.payload.utf8))
                                                 : Issued(owner: issued.payload, expiresAt: nil)
        let (used, revoked) = Credentials.lifecycle(events, used: "access-key-used", revoked: "access-key-revoked")
        return KeyInfo(id: id, owner: body.owner, issuedAt: issued.recordedAt, expiresAt: body.expiresAt, lastUsedAt: used, revokedAt: revoked)
    }

    /// An operator's keys, oldest first.
    public func keys(of owner: String) async throws -> [KeyInfo] {
        var all: [KeyInfo] = []
        for s in try await store.streams(withPrefix: "access-key:") {
            if let k = try await info(String(s.dropFirst("access-key:".count))), k.owner == owner { all.append(k) }
        }
        return all.sorted { ($0.issuedAt, $0.id) < ($1.issuedAt, $1.id) }
    }

    /// Revokes one of an operator's keys by its id: its next call gets 401.
    public func revoke(id: String, of owner: String, at now: Instant) async throws {
        guard let k = try await info(id), k.owner == owner else { throw SupportError.notFound("access key '\(id)' of '\(owner)'") }
        guard k.revokedAt == nil else { return }
        _ = try await store.append([try NewEvent(stream: Self.stream(id: id), type: "access-key-revoked", payload: "", recordedAt: now)], idempotency: nil)
    }
}
