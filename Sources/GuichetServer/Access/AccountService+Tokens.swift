import Foundation
import GuichetCore
import GuichetStore

/// API tokens for machine clients (F6): shown once, stored as their SHA-256 (which is also their
/// public id), optionally expiring, revocable, with their last use recorded to the minute.
extension AccountService {
    struct TokenIssued: Codable {
        let name: String; let role: Role; let tenant: String?; let scopes: Set<Area>?; let issuedBy: String
        var expiresAt: Instant?
    }

    /// What staff see of a token: never the secret.
    public struct TokenInfo: Sendable, Codable, Hashable, Credential {
        public let id: String
        public let name: String
        public let role: Role
        public let tenant: String?
        public let scopes: Set<Area>?
        public let issuedBy: String
        public let issuedAt: Instant
        public let expiresAt: Instant?
        public let lastUsedAt: Instant?
        public let revokedAt: Instant?

        public var principal: Principal { Principal(id: "token:\(name)", role: role, tenant: tenant, scopes: scopes) }
    }

    static let bootstrapIssuer = "configuration"

    /// Issues a token for a machine client, limited to `scopes` (within its role's areas). Shown once.
    public func issueToken(name: String, role: Role, tenant: String? = nil, scopes: Set<Area>?, expiresAt: Instant? = nil,
                           by actor: String, at now: Instant) async throws -> (id: String, token: String) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw AccessError.invalid(field: "name", reason: "must not be empty") }
        if let s = scopes, let beyond = s.first(where: { role.grants[$0] == nil }) {
            throw AccessError.invalid(field: "scopes", reason: "a \(role.rawValue) has no access to '\(beyond.rawValue)'")
        }
        if let expiresAt, expiresAt <= now { throw AccessError.invalid(field: "expiresAt", reason: "\(expiresAt) is not in the future") }
        let token = Self.secret(prefix: "gt_")
        try await registerToken(token, TokenIssued(name: name, role: role, tenant: tenant, scopes: scopes, issuedBy: actor, expiresAt: expiresAt), at: now)
        return (Self.hash(token), token)
    }

    /// The `--bootstrap-token-env` token of this start, and no other: a bootstrap token of an
    /// earlier start that is no longer configured is revoked (nil revokes them all).
    public func configureBootstrapToken(_ token: String?, at now: Instant) async throws {
        let keep = token.map(Self.hash)
        for t in try await tokens() where t.issuedBy == Self.bootstrapIssuer && t.revokedAt == nil && t.id != keep {
            try await revokeToken(t.id, at: now)
        }
        guard let token, try await store.events(stream: Self.stream("api-token", secret: token), after: 0).isEmpty else { return }
        try await registerToken(token, TokenIssued(name: "bootstrap", role: .operatorAdmin, tenant: nil, scopes: nil, issuedBy: Self.bootstrapIssuer), at: now)
    }

    func registerToken(_ token: String, _ issued: TokenIssued, at now: Instant) async throws {
        _ = try await store.append([try event(Self.stream("api-token", secret: token), "api-token-issued", issued, at: now)], idempotency: nil)
    }

    /// Who a token acts for, while it is neither revoked nor expired; records its use.
    public func principal(forToken token: String, at now: Instant) async throws -> Principal? {
        let id = Self.hash(token)
        guard let info = try await tokenInfo(id), info.valid(at: now) else { return nil }
        if info.useDue(at: now) { await Credentials.noteUse(store, stream: "api-token:" + id, type: "api-token-used", at: now) }
        return info.principal
    }

    public func tokens() async throws -> [TokenInfo] {
        var all: [TokenInfo] = []
        for s in try await store.streams(withPrefix: "api-token:") {
            if let t = try await tokenInfo(String(s.dropFirst("api-token:".count))) { all.append(t) }
        }
        return all.sorted { ($0.issuedAt, $0.id) < ($1.issuedAt, $1.id) }
    }

    public func tokenInfo(_ id: String) async throws -> TokenInfo? {
        guard Credentials.isID(id) else { return nil }
        let events = try await store.events(stream: "api-token:" + id, after: 0)
        guard let first = events.first else { return nil }
        let t = try decode(TokenIssued.self, first.payload)
        let (used, revoked) = Credentials.lifecycle(events, used: "api-token-used", revoked: "api-token-revoked")
        return TokenInfo(id: id, name: t.name, role: t.role, tenant: t.tenant, scopes: t.scopes, issuedBy: t.issuedBy, issuedAt: first.recordedAt,
                         expiresAt: t.expiresAt, lastUsedAt: used, revokedAt: revoked)
    }

    /// Revokes a token by its id: every later request with it gets 401.
    public func revokeToken(_ id: String, at now: Instant) async throws {
        guard let t = try await tokenInfo(id) else { throw AccessError.notFound("API token '\(id)'") }
        guard t.revokedAt == nil else { return }
        _ = try await store.append([try NewEvent(stream: "api-token:" + id, type: "api-token-revoked", payload: "", recordedAt: now)], idempotency: nil)
    }
}
