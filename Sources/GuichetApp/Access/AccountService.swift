import Crypto
import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import HummingbirdBcrypt
import Synchronization

/// People's accounts, sessions, API tokens and password resets, as append-only streams:
/// `user:<login>`, `session:<sha256>`, `api-token:<sha256>`, `password-reset:<sha256>`.
/// Secrets are never stored: passwords as bcrypt hashes, tokens as their SHA-256.
public struct AccountService: Sendable {
    package let store: any EventStore
    /// bcrypt's cost (12 in service; the tests lower it to keep them quick).
    package let passwordCost: UInt8
    /// Where mailed links point (`serve --public-url`); nil where no link is ever mailed (the CLI).
    package let publicURL: String?
    package let decoy: DecoyHash
    package static let sessionSeconds: Int64 = 12 * 3600
    package static let resetSeconds: Int64 = 3600

    public init(store: any EventStore, passwordCost: UInt8 = 12, publicURL: String? = nil) {
        self.store = store; self.passwordCost = passwordCost; self.publicURL = publicURL; decoy = DecoyHash(cost: passwordCost)
    }

    public struct User: Sendable, Codable, Hashable {
        public let login: String
        public let name: String
        public let email: String
        public let role: Role
        public let tenant: String?
        package var principal: Principal { Principal(id: login, role: role, tenant: tenant) }

        public init(login: String, name: String, email: String, role: Role, tenant: String?) {
            self.login = login; self.name = name; self.email = email; self.role = role; self.tenant = tenant
        }
    }
    package struct Created: Codable { let user: User; package let passwordHash: String }
    package struct PasswordChanged: Codable { let passwordHash: String }
    /// `generation`: the account's count of password changes when the session opened; a later
    /// change ends it (F7). Absent in sessions opened before it was recorded: 0.
    package struct SessionOpened: Codable { let login: String; package let csrf: String; package let expiresAt: Instant; package var generation: Int? }

    public struct Session: Sendable, Hashable {
        public let principal: Principal
        public let csrf: String
        public let name: String
    }

    package static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
    package static func stream(_ kind: String, secret: String) -> String { kind + ":" + hash(secret) }
    package static func userStream(_ login: String) -> String { UserRepository.stream(login) }

    /// A new random secret (sessions, tokens, resets): 32 bytes, hex.
    package static func secret(prefix: String = "") -> String {
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
        let created = Created(user: user, passwordHash: await Self.bcrypt(password, cost: passwordCost))
        let key = try IdempotencyKey(scope: "user", key: user.login, fingerprint: user.login)
        let row = try UserRepository.row(.init(user: user, hash: created.passwordHash, generation: 0, disabled: false))
        let result = try await store.append([try event(Self.userStream(user.login), "user-created", created, at: now)], state: [row], idempotency: key)
        if result.replayed { throw AccessError.conflict("the login '\(user.login)' is taken") }
        return user
    }

    public func user(_ login: String) async throws -> User? {
        try await userState(login)?.user
    }

    /// Closes an account: its sessions end and it no longer signs in (its history stays).
    public func disable(_ login: String, at now: Instant) async throws {
        guard var state = try await userState(login) else { throw AccessError.invalid(field: "login", reason: "no account '\(login)'") }
        state.disabled = true
        _ = try await store.append([try NewEvent(stream: Self.userStream(login), type: "user-disabled", payload: "", recordedAt: now)],
                                   state: [try UserRepository.row(state)], idempotency: nil)
    }

    /// A page of accounts in login order, filtered in SQL (tenant, role, status, `q` on login, name and e-mail).
    public func users(_ query: StateQuery) async throws -> (users: [User], total: Int) {
        let page = try await userRepository.page(query)
        return (page.items.map(\.user), page.total)
    }

    /// The accounts of one customer (bounded per customer: its people), `active` alone or all.
    public func users(tenant: String, role: Role? = nil, activeOnly: Bool = false) async throws -> [User] {
        var query = StateQuery(equal: ["tenant": tenant])
        if let role { query.equal["role"] = role.rawValue }
        if activeOnly { query.equal["status"] = "active" }
        return try await userRepository.page(query).items.map(\.user)
    }

    package var userRepository: UserRepository { UserRepository(store: store) }

    package func userState(_ login: String) async throws -> UserRepository.State? {
        try await userRepository.one(login.lowercased())
    }

    /// Checks a password and opens a session. An unknown login costs the same bcrypt work as a
    /// wrong password and gets the same answer (F5); throttling is the caller's (`SignInThrottle`).
    public func logIn(_ login: String, password: String, at now: Instant) async throws -> (token: String, session: Session) {
        let login = login.lowercased().trimmingCharacters(in: .whitespaces)
        guard let state = try await userState(login) else {
            _ = await Self.verify(password, hash: await decoyHash())
            throw AccessError.badCredentials
        }
        // An erased account keeps no hash (GDPR erasure), a disabled one is closed: nothing opens them.
        let hash = state.hash.hasPrefix("$2") ? state.hash : await decoyHash()
        guard await Self.verify(password, hash: hash), !state.disabled, state.hash.hasPrefix("$2") else {
            _ = try await store.append([try NewEvent(stream: Self.userStream(login), type: "login-failed", payload: "", recordedAt: now)], idempotency: nil)
            throw AccessError.badCredentials
        }
        let token = Self.secret()
        let opened = SessionOpened(login: login, csrf: Self.secret(), expiresAt: now.adding(seconds: Self.sessionSeconds), generation: state.generation)
        _ = try await store.append([
            try NewEvent(stream: Self.userStream(login), type: "login-succeeded", payload: "", recordedAt: now),
            try event(Self.stream("session", secret: token), "session-opened", opened, at: now),
        ], idempotency: nil)
        return (token, Session(principal: state.user.principal, csrf: opened.csrf, name: state.user.name))
    }

    /// The session a cookie names, while open, unexpired, and opened since the last password change.
    public func session(_ token: String, at now: Instant) async throws -> Session? {
        let events = try await store.events(stream: Self.stream("session", secret: token), after: 0)
        guard let first = events.first, !events.contains(where: { $0.type == "session-closed" }) else { return nil }
        let opened = try decode(SessionOpened.self, first.payload)
        guard now < opened.expiresAt, let state = try await userState(opened.login), !state.disabled,
              (opened.generation ?? 0) == state.generation else { return nil }
        return Session(principal: state.user.principal, csrf: opened.csrf, name: state.user.name)
    }

    public func logOut(_ token: String, at now: Instant) async throws {
        _ = try await store.append([try NewEvent(stream: Self.stream("session", secret: token), type: "session-closed", payload: "", recordedAt: now)], idempotency: nil)
    }

    // MARK: bcrypt, off the server's threads

    /// bcrypt takes ~0.4 s at cost 12: run on Dispatch's threads, never on the cooperative pool
    /// that serves every request (F14: `/health` waited behind parallel sign-ins).
    package static func bcrypt(_ password: String, cost: UInt8) async -> String {
        await offPool { Bcrypt.hash(password, cost: cost) }
    }

    package static func verify(_ password: String, hash: String) async -> Bool {
        await offPool { Bcrypt.verify(password, hash: hash) }
    }

    package func decoyHash() async -> String { await Self.offPool { [decoy] in decoy.value } }

    private static let queue = DispatchQueue(label: "guichet.bcrypt", attributes: .concurrent)

    package static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: work()) } }
    }

    // MARK: helpers

    package func event(_ stream: String, _ type: String, _ value: some Encodable, at now: Instant) throws -> NewEvent {
        try NewEvent(stream: stream, type: type, payload: String(decoding: try JSONEncoder().encode(value), as: UTF8.self), recordedAt: now)
    }

    package func decode<T: Decodable>(_ type: T.Type, _ payload: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.utf8))
    }
}

/// The hash an unknown login's password is checked against: at the accounts' own cost, so that
/// both take the same time (F5). Made on first use (0.4 s at cost 12).
package final class DecoyHash: Sendable {
    private let cost: UInt8
    private let made = Mutex<String?>(nil)
    package init(cost: UInt8) { self.cost = cost }

    package var value: String {
        made.withLock { v in
            if let v { return v }
            let h = Bcrypt.hash("decoy-password-never-used", cost: cost)
            v = h
            return h
        }
    }
}
