import GuichetCore
import Testing

/// D-SEC-1 and D-SEC-3: who may do what, and when an account locks.
@Suite struct AccessRulesTests {
    static let t0 = try! Instant(iso: "2026-11-21T10:00:00Z")
    static func failed(_ s: Int64) -> LoginLockout.Attempt { .failed(t0.adding(seconds: s)) }

    @Test(arguments: [
        (Role.supportAgent, Area.support, AccessLevel.write, true), (.supportAgent, .billing, .read, false),
        (.supportAgent, .customers, .write, false), (.billingAgent, .billing, .write, true), (.billingAgent, .support, .write, false),
        (.billingAgent, .administration, .read, false), (.operatorAdmin, .administration, .write, true), (.customer, .customers, .read, false),
        (.businessAdmin, .billing, .read, false), (.wholesaleOperator, .support, .read, false),
    ])
    func rolesReachTheirAreasOnly(role: Role, area: Area, level: AccessLevel, allowed: Bool) {
        #expect(Principal(id: "x", role: role).may(level, area) == allowed)
    }

    @Test func aTokenNeverReachesBeyondItsScopes() {
        let token = Principal(id: "token:erp", role: .billingAgent, scopes: [.billing])
        #expect(token.may(.write, .billing) && !token.may(.read, .customers))
    }

    @Test func tenWrongPasswordsInARowLockForFifteenMinutes() {
        let rules = LoginLockout()
        let nine = (0..<9).map { Self.failed($0) }
        #expect(rules.lockedUntil(nine, at: Self.t0.adding(seconds: 10)) == nil)
        let ten = nine + [Self.failed(9)]
        #expect(rules.lockedUntil(ten, at: Self.t0.adding(seconds: 10)) == Self.t0.adding(seconds: 9 + 900))
        // Attempts while locked neither count nor extend the lock; once it has run out, a fresh series starts.
        let during = ten + [Self.failed(100), Self.failed(200)]
        #expect(rules.lockedUntil(during, at: Self.t0.adding(seconds: 300)) == Self.t0.adding(seconds: 909))
        #expect(rules.lockedUntil(during + [Self.failed(1000)], at: Self.t0.adding(seconds: 1001)) == nil)
        // A success in between starts the count again.
        let reset = nine + [.succeeded(Self.t0.adding(seconds: 9)), Self.failed(10)]
        #expect(rules.lockedUntil(reset, at: Self.t0.adding(seconds: 11)) == nil)
    }

    @Test(arguments: [("court", "marie", false), ("un-mot-de-passe", "marie", true), ("marie-et-son-chat", "marie", false)])
    func passwordsAreLongAndDoNotContainTheLogin(password: String, login: String, accepted: Bool) {
        #expect((PasswordRules.problem(with: password, login: login) == nil) == accepted)
    }
}
