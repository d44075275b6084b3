import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// Accounts, sessions and API tokens through their service and repositories on the in-memory event store (bcrypt at
/// its lowest cost): what decides access reads one row, and the rows fold again from the history.
@Suite struct AccountServiceTests {
    static let t0 = try! Instant(iso: "2026-11-20T08:00:00Z")
    static let password = "un-long-mot-de-passe"

    static func service() -> (AccountService, any EventStore) {
        let store = InMemoryEventStore()
        return (AccountService(store: store, passwordCost: 4, publicURL: "https://guichet.example.fr"), store)
    }

    /// F7: a password changed through a reset link ends the sessions opened before it; a closed account signs in no more.
    @Test func aPasswordChangeEndsOlderSessionsAndClosingEndsTheAccount() async throws {
        let (accounts, store) = Self.service()
        _ = try await accounts.createUser(.init(login: "chef", name: "Chef", email: "chef@example.org", role: .operatorAdmin, tenant: nil),
                                          password: Self.password, at: Self.t0)
        let before = try await accounts.logIn("chef", password: Self.password, at: Self.t0)
        #expect(try await accounts.session(before.token, at: Self.t0.adding(seconds: 60)) != nil)
        // Failed attempts stay in the history and change no row.
        let row = try await store.stateRow(.users, key: "chef")
        await #expect(throws: AccessError.badCredentials) { _ = try await accounts.logIn("chef", password: "faux", at: Self.t0) }
        #expect(try await store.stateRow(.users, key: "chef") == row)

        try await accounts.requestReset(login: "chef", at: Self.t0)
        // The link mailed through the outbox (its slashes escaped in the stored JSON).
        let mail = try #require(try await store.events(streamsWithPrefix: "").last { $0.payload.contains("mot-de-passe") })
        let link = try #require(mail.payload.range(of: #"mot-de-passe\\?/[0-9a-f]{64}"#, options: .regularExpression))
        try await accounts.completeReset(String(mail.payload[link].suffix(64)), password: "un-autre-mot-de-passe",
                                         at: Self.t0.adding(seconds: 120))
        #expect(try await accounts.session(before.token, at: Self.t0.adding(seconds: 180)) == nil)
        let after = try await accounts.logIn("chef", password: "un-autre-mot-de-passe", at: Self.t0.adding(seconds: 200))
        #expect(try await accounts.session(after.token, at: Self.t0.adding(seconds: 240)) != nil)

        try await accounts.disable("chef", at: Self.t0.adding(seconds: 300))
        #expect(try await accounts.session(after.token, at: Self.t0.adding(seconds: 360)) == nil)
        await #expect(throws: AccessError.badCredentials) {
            _ = try await accounts.logIn("chef", password: "un-autre-mot-de-passe", at: Self.t0.adding(seconds: 400))
        }
        #expect(try await accounts.users(StateQuery(equal: ["status": "disabled"])).users.map(\.login) == ["chef"])

        let live = try await store.stateRows(.users)
        _ = try await store.rebuildState(.users, streamPrefix: "user:") { try UserRepository.fold($0, $1) }
        #expect(try await store.stateRows(.users) == live)
    }

    /// F6: a token acts until it expires or is revoked; its use is noted at most once a minute, on its row.
    @Test func aTokenActsUntilRevokedAndItsUseIsNotedOnItsRow() async throws {
        let (accounts, store) = Self.service()
        let (id, token) = try await accounts.issueToken(name: "crm", role: .supportAgent, scopes: [.support, .customers],
                                                        expiresAt: Self.t0.adding(seconds: 3600), by: "chef", at: Self.t0)
        #expect(try await accounts.principal(forToken: token, at: Self.t0.adding(seconds: 30))?.role == .supportAgent)
        #expect(try await accounts.tokenInfo(id)?.lastUsedAt == nil)
        _ = try await accounts.principal(forToken: token, at: Self.t0.adding(seconds: 90))
        #expect(try await accounts.tokenInfo(id)?.lastUsedAt == Self.t0.adding(seconds: 90))
        #expect(try await accounts.principal(forToken: token, at: Self.t0.adding(seconds: 3600)) == nil)
        try await accounts.revokeToken(id, at: Self.t0.adding(seconds: 120))
        #expect(try await accounts.principal(forToken: token, at: Self.t0.adding(seconds: 130)) == nil)
        #expect(try await accounts.tokens(StateQuery(equal: ["issued_by": "chef"])).tokens.map(\.revokedAt) == [Self.t0.adding(seconds: 120)])

        let live = try await store.stateRows(.apiTokens)
        _ = try await store.rebuildState(.apiTokens, streamPrefix: "api-token:") { try accounts.tokenRepository.fold($0, $1) }
        #expect(try await store.stateRows(.apiTokens) == live)
    }
}
