import Foundation
import GuichetCore
import GuichetStore

/// Access keys for wholesale operators' e-soutien calls (002 §2: "éléments d'identification").
/// A key is shown once; only its SHA-256 is stored (the stream name, and the key's public id).
/// A key may expire and can be revoked (F6).
public struct OperatorKeys: Sendable {
    package let store: any EventStore
    package let contracts: ContractService

    public init(store: any EventStore, contracts: ContractService) { self.store = store; self.contracts = contracts }

    /// The issued event's payload; keys issued before expiry existed hold the operator's id alone.
    package struct Issued: Codable { let owner: String; package let expiresAt: Instant? }

    public struct KeyInfo: Sendable, Codable, Hashable, Credential {
        public let id: String
        public let owner: String
        public let issuedAt: Instant
        public let expiresAt: Instant?
        public let lastUsedAt: Instant?
        public let revokedAt: Instant?

        package func with(lastUsedAt: Instant?, revokedAt: Instant?) -> KeyInfo {
            KeyInfo(id: id, owner: owner, issuedAt: issuedAt, expiresAt: expiresAt, lastUsedAt: lastUsedAt, revokedAt: revokedAt)
        }
    }

    /// `access-key:<id>` streams and the `access_keys` table.
    package var repository: CredentialRepository<KeyInfo> { Self.repository(store) }

    package static func repository(_ store: any EventStore) -> CredentialRepository<KeyInfo> {
        CredentialRepository(store: store, table: .accessKeys, prefix: "access-key:", usedType: "access-key-used", revokedType: "access-key-revoked",
                             issued: { id, e in
                                 let body = e.payload.hasPrefix("{") ? try JSONDecoder().decode(Issued.self, from: Data(e.payload.utf8))
                                                                     : Issued(owner: e.payload, expiresAt: nil)
                                 return KeyInfo(id: id, owner: body.owner, issuedAt: e.recordedAt, expiresAt: body.expiresAt, lastUsedAt: nil, revokedAt: nil)
                             },
                             columns: { k in (["owner": k.owner, "issued_at": k.issuedAt.description], [k.owner]) })
    }

    /// Issues a new key for a wholesale operator.
    public func issue(for owner: String, expiresAt: Instant? = nil, at now: Instant) async throws -> (id: String, key: String) {
        guard let c = try await contracts.customer(owner) else { throw SupportError.notFound("operator '\(owner)'") }
        guard c.kind == .wholesale else { throw SupportError.invalid(field: "customer", reason: "\(c.name) is not a wholesale operator (002)") }
        if let expiresAt, expiresAt <= now { throw SupportError.invalid(field: "expiresAt", reason: "\(expiresAt) is not in the future") }
        let key = AccountService.secret(prefix: "gk_"), id = AccountService.hash(key)
        let payload = String(decoding: try JSONEncoder().encode(Issued(owner: owner, expiresAt: expiresAt)), as: UTF8.self)
        try await repository.issue(KeyInfo(id: id, owner: owner, issuedAt: now, expiresAt: expiresAt, lastUsedAt: nil, revokedAt: nil),
                                   payload: payload, type: "access-key-issued", at: now)
        return (id, key)
    }

    /// The operator a key belongs to, or nil when the key is unknown, revoked or expired; records its
    /// use at most once a minute (as API tokens do).
    public func owner(of key: String, at now: Instant) async throws -> String? {
        guard let info = try await repository.info(AccountService.hash(key)), info.valid(at: now) else { return nil }
        if info.useDue(at: now) { await repository.noteUse(info, at: now) }
        return info.owner
    }

    /// A page of an operator's keys, oldest first.
    public func keys(of owner: String, offset: Int = 0, limit: Int? = nil) async throws -> (keys: [KeyInfo], total: Int) {
        let page = try await repository.page(StateQuery(equal: ["owner": owner], offset: offset, limit: limit))
        return (page.items, page.total)
    }

    /// An operator's latest keys, newest first (its back-office page).
    public func latestKeys(of owner: String, _ count: Int) async throws -> [KeyInfo] {
        try await repository.latest(StateQuery(equal: ["owner": owner]), count: count)
    }

    /// Revokes one of an operator's keys by its id: its next call gets 401.
    public func revoke(id: String, of owner: String, at now: Instant) async throws {
        guard let k = try await repository.info(id), k.owner == owner else { throw SupportError.notFound("access key '\(id)' of '\(owner)'") }
        guard k.revokedAt == nil else { return }
        try await repository.revoke(k, at: now)
    }
}
