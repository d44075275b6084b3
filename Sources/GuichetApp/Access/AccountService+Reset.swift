import Foundation
import GuichetCore
import GuichetMail
import GuichetStore

/// Password reset by e-mail. The link is built on the configured public address, never on the
/// request (F3); it works once, within the hour, and only until the password changes (F7).
extension AccountService {
    package struct ResetIssued: Codable { let login: String; package let expiresAt: Instant; package var generation: Int? }

    /// Sends a reset link by e-mail (through the outbox) when the login exists; says nothing either way.
    public func requestReset(login: String, at now: Instant) async throws {
        guard let publicURL else { throw AccessError.invalid(field: "publicURL", reason: "no public address is configured for mailed links") }
        let login = login.lowercased().trimmingCharacters(in: .whitespaces)
        guard let state = try await userState(login), !state.disabled else { return }
        let user = state.user
        let token = Self.secret()
        let mail = OutgoingMail(to: [user.email], subject: "Guichet : réinitialisation de votre mot de passe", body: """
            Bonjour \(user.name),

            Une réinitialisation du mot de passe de l'identifiant \(user.login) a été demandée.
            Pour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure :

            \(publicURL)/mot-de-passe/\(token)

            Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.
            """)
        let issued = ResetIssued(login: user.login, expiresAt: now.adding(seconds: Self.resetSeconds), generation: state.generation)
        _ = try await store.append([
            try event(Self.stream("password-reset", secret: token), "password-reset-issued", issued, at: now),
            try Outbox.event(mail, at: now),
        ], idempotency: nil)
    }

    /// The login a reset link is for, while unused, unexpired and issued since the last password change.
    public func resetLogin(_ token: String, at now: Instant) async throws -> String? {
        let events = try await store.events(stream: Self.stream("password-reset", secret: token), after: 0)
        guard let first = events.first, events.count == 1 else { return nil }
        let issued = try decode(ResetIssued.self, first.payload)
        guard now < issued.expiresAt, let state = try await userState(issued.login), (issued.generation ?? 0) == state.generation else { return nil }
        return issued.login
    }

    /// Sets a new password through a reset link, once; the link is spent even if a later step fails.
    /// The change ends the account's sessions and its other links (F7).
    public func completeReset(_ token: String, password: String, at now: Instant) async throws {
        guard let login = try await resetLogin(token, at: now) else { throw AccessError.invalid(field: "lien", reason: "ce lien de réinitialisation est expiré ou déjà utilisé") }
        if let p = PasswordRules.problem(with: password, login: login) { throw AccessError.invalid(field: "password", reason: p) }
        let stream = Self.stream("password-reset", secret: token)
        // The key on the link makes two concurrent uses apply once.
        let key = try IdempotencyKey(scope: "password-reset", key: stream, fingerprint: stream)
        guard var state = try await userState(login) else { throw AccessError.invalid(field: "lien", reason: "ce lien de réinitialisation est expiré ou déjà utilisé") }
        state.hash = await Self.bcrypt(password, cost: passwordCost)
        state.generation += 1
        let result = try await store.append([
            try NewEvent(stream: stream, type: "password-reset-used", payload: "", recordedAt: now),
            try event(Self.userStream(login), "password-changed", PasswordChanged(passwordHash: state.hash), at: now),
        ], state: [try UserRepository.row(state)], idempotency: key)
        if result.replayed { throw AccessError.invalid(field: "lien", reason: "ce lien de réinitialisation est déjà utilisé") }
    }
}
