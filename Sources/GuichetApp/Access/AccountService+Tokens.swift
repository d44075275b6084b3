import Foundation
import GuichetCore
import GuichetStore

/// API tokens for machine clients (F6): shown once, stored as their SHA-256 (which is also their
/// public id), optionally expiring, revocable, with their last use recorded to the minute.
extension AccountService {
    package struct TokenIssued: Codable {
        package let name: String; package let role: Role; package let tenant: String?; package let scopes: Set<Area>?; package let issuedBy: String
        package var expiresAt: Instant?
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

        package func with(lastUsedAt: Instant?, revokedAt: Instant?) -> TokenInfo {
            TokenInfo(id: id, name: name, role: role, tenant: tenant, scopes: scopes, issuedBy: issuedBy, issuedAt: issuedAt, expiresAt: expiresAt,
                      lastUsedAt: lastUsedAt, revokedAt: revokedAt)
        }

        /// As synthesised, but the scopes in order: a set's own order changes between processes, and a row folded
        /// again must be byte for byte the row written live.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(role, forKey: .role)
            try c.encodeIfPresent(tenant, forKey: .tenant)
            try c.encodeIfPresent(scopes.map { $0.map(\.rawValue).sorted() }, forKey: .scopes)
            try c.encode(issuedBy, forKey: .issuedBy); try c.encode(issuedAt, forKey: .issuedAt)
            try c.encodeIfPresent(expiresAt, forKey: .expiresAt); try c.encodeIfPresent(lastUsedAt, forKey: .lastUsedAt)
            try c.encodeIfPresent(revokedAt, forKey: .revokedAt)
        }
    }

    /// `api-token:<id>` streams and the `api_tokens` table.
    package var tokenRepository: CredentialRepository<TokenInfo> { Self.tokenRepository(store) }

    package static func tokenRepository(_ store: any EventStore) -> CredentialRepository<TokenInfo> {
        CredentialRepository(store: store, table: .apiTokens, prefix: "api-token:", usedType: "api-token-used", revokedType: "api-token-revoked",
                             issued: { id, e in
                                 let t = try JSONDecoder().decode(TokenIssued.self, from: Data(e.payload.utf8))
                                 return TokenInfo(id: id, name: t.name, role: t.role, tenant: t.tenant, scopes: t.scopes, issuedBy: t.issuedBy,
                                                  issuedAt: e.recordedAt, expiresAt: t.expiresAt, lastUsedAt: nil, revokedAt: nil)
                             },
                             columns: { t in
                                 var values = ["issued_by": t.issuedBy, "issued_at": t.issuedAt.description]
                                 values["tenant"] = t.tenant
                                 return (values, [t.name, t.issuedBy])
                             })
    }

    /// The list's query parameters and the columns they filter.
    package static let tokenFilters = ["issuedBy": "issued_by", "tenant": "tenant"]

    package static let bootstrapIssuer = "configuration"

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
        for t in try await tokens(StateQuery(equal: ["issued_by": Self.bootstrapIssuer])).tokens where t.revokedAt == nil && t.id != keep {
            try await revokeToken(t.id, at: now)
        }
        guard let token, try await tokenInfo(Self.hash(token)) == nil else { return }
        try await registerToken(token, TokenIssued(name: "bootstrap", role: .operatorAdmin, tenant: nil, scopes: nil, issuedBy: Self.bootstrapIssuer), at: now)
    }

    package func registerToken(_ token: String, _ issued: TokenIssued, at now: Instant) async throws {
        let id = Self.hash(token)
        let info = TokenInfo(id: id, name: issued.name, role: issued.role, tenant: issued.tenant, scopes: issued.scopes, issuedBy: issued.issuedBy,
                             issuedAt: now, expiresAt: issued.expiresAt, lastUsedAt: nil, revokedAt: nil)
        try await tokenRepository.issue(info, payload: String(decoding: try JSONEncoder().encode(issued), as: UTF8.self), type: "api-token-issued", at: now)
    }

    /// Who a token acts for, while it is neither revoked nor expired; records its use.
    public func principal(forToken token: String, at now: Instant) async throws -> Principal? {
        guard let info = try await tokenInfo(Self.hash(token)), info.valid(at: now) else { return nil }
        if info.useDue(at: now) { await tokenRepository.noteUse(info, at: now) }
        return info.principal
    }

    /// A page of tokens, oldest first, filtered in SQL.
    public func tokens(_ query: StateQuery) async throws -> (tokens: [TokenInfo], total: Int) {
        let page = try await tokenRepository.page(query)
        return (page.items, page.total)
    }

    /// The latest tokens, newest first (the back office).
    public func latestTokens(_ count: Int) async throws -> [TokenInfo] { try await tokenRepository.latest(StateQuery(), count: count) }

    public func tokenInfo(_ id: String) async throws -> TokenInfo? { try await tokenRepository.info(id) }

    /// Revokes a token by its id: every later request with it gets 401.
    public func revokeToken(_ id: String, at now: Instant) async throws {
        guard let t = try await tokenInfo(id) else { throw AccessError.notFound("API token '\(id)'") }
        guard t.revokedAt == nil else { return }
        try await tokenRepository.revoke(t, at: now)
    }
}
