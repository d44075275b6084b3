import Crypto
import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import HummingbirdBcrypt

/// People's accounts, sessions, API tokens and password resets, as append-only streams:
/// `user:<login>`, `session:<sha256>`, `api-token:<sha256>`, `password-reset:<sha256>`.
/// Secrets are never stored: passwords as bcrypt hashes, tokens as their SHA-256.
public struct AccountService: Sendable {
    let store: any Store
    let lockout: LoginLockout
    /// bcrypt's cost (12 in service; the tests lower it to keep them quick).
    let passwordCost: UInt8
    static let sessionSeconds: Int64 = 12 * 3600
    static let resetSeconds: Int64 = 3600

    public init(store: any Store, lockout: LoginLockout = LoginLockout(), passwordCost: UInt8 = 12) {
        self.store = store; self.lockout = lockout; self.passwordCost = passwordCost
    }

    public struct User: Sendable, Codable, Hashable {
        public let login: String
        public let name: String
        public let email: String
        public let role: Role
        public let tenant: String?
        var principal: Principal { Principal(id: login, role: role, tenant: tenant) }

        public init(login: String, name: String, email: String, role: Role, tenant: String?) {
            self.login = login; self.name = name; self.email = email; self.role = role; self.tenant = tenant
        }
    }
    struct Created: Codable { let user: User; let passwordHash: String }
    struct PasswordChanged: Codable { let passwordHash: String }
    struct SessionOpened: Codable { let login: String; let csrf: String; let expiresAt: Instant }
    struct TokenIssued: Codable { let name: String; let role: Role; let tenant: String?; let scopes: Set<Area>?; let issuedBy: String }
    struct ResetIssued: Codable { let login: String; let expiresAt: Instant }

    public struct Session: Sendable, Hashable {
        public let principal: Principal
        public let csrf: String
        public let name: String
    }

    static func stream(_ kind: String, secret: String) -> String {
        kind + ":" + SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
    static func userStream(_ login: String) -> String { "user:" + login.lowercased() }

    /// A new random secret (sessions, tokens, resets): 32 bytes, hex.
    static func secret(prefix: String = "") -> String {
        var rng = SystemRandomNumberGenerator()
        return prefix + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &rng)) }.joined()
    }

    // MARK: users

    public func createUser(_ user: User, password: String, at now: Instant) async throws -> User {
        guard user.login.range(of: #"^[a-z0-9][a-z0-9._@-]{1,63}$"#, options: .regularExpression) != nil else {
            throw AccessError.invalid(field: "login", reason: "'\(user.login)' must be 2–64 lower-case letters, digits, '.', '_', '@' or '-'")
        }
        guard user.role.isTenant == (user.tenant != nil) else {
            throw AccessError.invalid(field: "tenant", reason: user.role.isTenant ? "a \(user.role.rawValue) acts for one customer: give it" : "staff act for the operator: no customer")
        }
        guard EmailAddress.isValid(user.email) else { throw AccessError.invalid(field: "email", reason: "'\(user.email)' is not an e-mail address") }
        if let p = PasswordRules.problem(with: password, login: user.login) { throw AccessError.invalid(field: "password", reason: p) }
        let created = Created(user: user, passwordHash: Bcrypt.hash(password, cost: passwordCost))
        let key = try IdempotencyKey(scope: "user", key: user.login, fingerprint: user.login)
        let result = try await store.append([try event(Self.userStream(user.login), "user-created", created, at: now)], idempotency: key)
        if result.replayed { throw AccessError.conflict("the login '\(user.login)' is taken") }
        return user
    }

    public func user(_ login: String) async throws -> User? {
        try await userState(login)?.user
    }

    /// Closes an account: its sessions end and it no longer signs in (its history stays).
    public func disable(_ login: String, at now: Instant) async throws {
        guard try await userState(login) != nil else { throw AccessError.invalid(field: "login", reason: "no account '\(login)'") }
        _ = try await store.append([try NewEvent(stream: Self.userStream(login), type: "user-disabled", payload: "", recordedAt: now)], idempotency: nil)
    }

    /// Accounts that can sign in.
    public func activeUsers() async throws -> [User] {
        var all: [User] = []
        for s in try await store.streams(withPrefix: "user:") {
            if let u = try await userState(String(s.dropFirst("user:".count))), !u.disabled { all.append(u.user) }
        }
        return all
    }

    public func users() async throws -> [User] {
        var all: [User] = []
        for s in try await store.streams(withPrefix: "user:") {
            if let u = try await userState(String(s.dropFirst("user:".count)))?.user { all.append(u) }
        }
        return all
    }

    struct UserState { let user: User; let hash: String; let attempts: [LoginLockout.Attempt]; let disabled: Bool }

    func userState(_ login: String) async throws -> UserState? {
        let events = try await store.events(stream: Self.userStream(login), after: 0)
        guard let first = events.first else { return nil }
        let created = try decode(Created.self, first.payload)
        var hash = created.passwordHash
        var attempts: [LoginLockout.Attempt] = []
        var disabled = false
        for e in events.dropFirst() {
            switch e.type {
            case "user-disabled": disabled = true
            case "user-enabled": disabled = false
            case "password-changed": hash = try decode(PasswordChanged.self, e.payload).passwordHash; attempts.append(.succeeded(e.recordedAt))
            case "login-failed": attempts.append(.failed(e.recordedAt))
            case "login-succeeded": attempts.append(.succeeded(e.recordedAt))
            default: break
            }
        }
        return UserState(user: created.user, hash: hash, attempts: attempts, disabled: disabled)
    }

    /// Checks a password and opens a session. Every wrong password is recorded; after
    /// `lockout.maxFailures` in a row the account refuses even the right one until the lock ends.
    public func logIn(_ login: String, password: String, at now: Instant) async throws -> (token: String, session: Session) {
        let login = login.lowercased().trimmingCharacters(in: .whitespaces)
        guard let state = try await userState(login) else {
            // Same work and same answer as a wrong password: no telling which logins exist.
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            throw AccessError.badCredentials
        }
        if let until = lockout.lockedUntil(state.attempts, at: now) { throw AccessError.locked(until: until) }
        // An erased account keeps no hash (GDPR erasure), a disabled one is closed: nothing opens them.
        guard !state.disabled, state.hash.hasPrefix("$2"), Bcrypt.verify(password, hash: state.hash) else {
            _ = try await store.append([try NewEvent(stream: Self.userStream(login), type: "login-failed", payload: "", recordedAt: now)], idempotency: nil)
            if let until = lockout.lockedUntil(state.attempts + [.failed(now)], at: now) { throw AccessError.locked(until: until) }
            throw AccessError.badCredentials
        }
        let token = Self.secret()
        let opened = SessionOpened(login: login, csrf: Self.secret(), expiresAt: now.adding(seconds: Self.sessionSeconds))
        _ = try await store.append([
            try NewEvent(stream: Self.userStream(login), type: "login-succeeded", payload: "", recordedAt: now),
            try event(Self.stream("session", secret: token), "session-opened", opened, at: now),
        ], idempotency: nil)
        return (token, Session(principal: state.user.principal, csrf: opened.csrf, name: state.user.name))
    }
    static let decoyHash = Bcrypt.hash("decoy-password-never-used", cost: 4)

    /// The session a cookie names, while open and not expired.
    public func session(_ token: String, at now: Instant) async throws -> Session? {
        let events = try await store.events(stream: Self.stream("session", secret: token), after: 0)
        guard let first = events.first, !events.contains(where: { $0.type == "session-closed" }) else { return nil }
        let opened = try decode(SessionOpened.self, first.payload)
        guard now < opened.expiresAt, let state = try await userState(opened.login), !state.disabled else { return nil }
        return Session(principal: state.user.principal, csrf: opened.csrf, name: state.user.name)
    }

    public func logOut(_ token: String, at now: Instant) async throws {
        _ = try await store.append([try NewEvent(stream: Self.stream("session", secret: token), type: "session-closed", payload: "", recordedAt: now)], idempotency: nil)
    }

    // MARK: API tokens

    /// Issues a token for a machine client, limited to `scopes` (within its role's areas). Shown once.
    public func issueToken(name: String, role: Role, tenant: String? = nil, scopes: Set<Area>?, by actor: String, at now: Instant) async throws -> String {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw AccessError.invalid(field: "name", reason: "must not be empty") }
        if let s = scopes, let beyond = s.first(where: { role.grants[$0] == nil }) {
            throw AccessError.invalid(field: "scopes", reason: "a \(role.rawValue) has no access to '\(beyond.rawValue)'")
        }
        let token = Self.secret(prefix: "gt_")
        try await registerToken(token, TokenIssued(name: name, role: role, tenant: tenant, scopes: scopes, issuedBy: actor), at: now)
        return token
    }

    /// Registers a token chosen outside (the `--bootstrap-token` of a first start); nothing if already there.
    public func registerBootstrapToken(_ token: String, at now: Instant) async throws {
        guard try await store.events(stream: Self.stream("api-token", secret: token), after: 0).isEmpty else { return }
        try await registerToken(token, TokenIssued(name: "bootstrap", role: .operatorAdmin, tenant: nil, scopes: nil, issuedBy: "configuration"), at: now)
    }

    func registerToken(_ token: String, _ issued: TokenIssued, at now: Instant) async throws {
        _ = try await store.append([try event(Self.stream("api-token", secret: token), "api-token-issued", issued, at: now)], idempotency: nil)
    }

    public func principal(forToken token: String) async throws -> Principal? {
        let events = try await store.events(stream: Self.stream("api-token", secret: token), after: 0)
        guard let first = events.first, !events.contains(where: { $0.type == "api-token-revoked" }) else { return nil }
        let t = try decode(TokenIssued.self, first.payload)
        return Principal(id: "token:\(t.name)", role: t.role, tenant: t.tenant, scopes: t.scopes)
    }

    // MARK: password reset

    /// Sends a reset link by e-mail (through the outbox) when the login exists; says nothing either way.
    public func requestReset(login: String, baseURL: String, at now: Instant) async throws {
        guard let user = try await user(login.lowercased().trimmingCharacters(in: .whitespaces)) else { return }
        let token = Self.secret()
        let mail = OutgoingMail(to: [user.email], subject: "Guichet : réinitialisation de votre mot de passe", body: """
            Bonjour \(user.name),

            Une réinitialisation du mot de passe de l'identifiant \(user.login) a été demandée.
            Pour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure :

            \(baseURL)/mot-de-passe/\(token)

            Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.
            """)
        _ = try await store.append([
            try event(Self.stream("password-reset", secret: token), "password-reset-issued", ResetIssued(login: user.login, expiresAt: now.adding(seconds: Self.resetSeconds)), at: now),
            try Outbox.event(mail, at: now),
        ], idempotency: nil)
    }

    /// The login a reset link is for, while unused and unexpired.
    public func resetLogin(_ token: String, at now: Instant) async throws -> String? {
        let events = try await store.events(stream: Self.stream("password-reset", secret: token), after: 0)
        guard let first = events.first, events.count == 1 else { return nil }
        let issued = try decode(ResetIssued.self, first.payload)
        return now < issued.expiresAt ? issued.login : nil
    }

    /// Sets a new password through a reset link, once; the link is spent even if a later step fails.
    public func completeReset(_ token: String, password: String, at now: Instant) async throws {
        guard let login = try await resetLogin(token, at: now) else { throw AccessError.invalid(field: "lien", reason: "ce lien de réinitialisation est expiré ou déjà utilisé") }
        if let p = PasswordRules.problem(with: password, login: login) { throw AccessError.invalid(field: "password", reason: p) }
        let stream = Self.stream("password-reset", secret: token)
        // The key on the link makes two concurrent uses apply once.
        let key = try IdempotencyKey(scope: "password-reset", key: stream, fingerprint: stream)
        let result = try await store.append([
            try NewEvent(stream: stream, type: "password-reset-used", payload: "", recordedAt: now),
            try event(Self.userStream(login), "password-changed", PasswordChanged(passwordHash: Bcrypt.hash(password, cost: passwordCost)), at: now),
        ], idempotency: key)
        if result.replayed { throw AccessError.invalid(field: "lien", reason: "ce lien de réinitialisation est déjà utilisé") }
    }

    // MARK: helpers

    func event(_ stream: String, _ type: String, _ value: some Encodable, at now: Instant) throws -> NewEvent {
        try NewEvent(stream: stream, type: type, payload: String(decoding: try JSONEncoder().encode(value), as: UTF8.self), recordedAt: now)
    }

    func decode<T: Decodable>(_ type: T.Type, _ payload: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.utf8))
    }
}
