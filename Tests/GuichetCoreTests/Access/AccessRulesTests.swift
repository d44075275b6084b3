import GuichetCore
import Testing

/// D-SEC-1 and D-SEC-3: who may do what, and when an account locks.
@Suite struct AccessRulesTests {
    static let t0 = try! Instant(iso: "2026-11-21T10:00:00Z")

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

    /// D-SEC-3 (F9): no hard lock; from the fifth wrong password in a row a delay of 1 s, doubled
    /// at each further failure, at most 15 minutes.
    @Test(arguments: [(0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (10, 32), (14, 512), (15, 900), (40, 900), (1_000, 900)] as [(Int, Int64)])
    func wrongPasswordsInARowEarnAGrowingDelay(failures: Int, seconds: Int64) {
        #expect(LoginThrottle().delaySeconds(afterFailures: failures) == seconds)
    }

    @Test func anAttemptWaitsOutTheDelayFromTheLastFailure() {
        let rules = LoginThrottle()
        #expect(rules.waitUntil(failures: 6, last: Self.t0, now: Self.t0.adding(seconds: 1)) == Self.t0.adding(seconds: 2))
        #expect(rules.waitUntil(failures: 6, last: Self.t0, now: Self.t0.adding(seconds: 2)) == nil)
        #expect(rules.waitUntil(failures: 4, last: Self.t0, now: Self.t0) == nil)
    }

    /// F6: what a principal creates reaches no further than itself.
    @Test(arguments: [
        (Principal(id: "a", role: .operatorAdmin), Principal(id: "n", role: .operatorAdmin), true),
        (Principal(id: "a", role: .operatorAdmin, scopes: [.administration]), Principal(id: "n", role: .operatorAdmin), false),
        (Principal(id: "a", role: .operatorAdmin, scopes: [.administration]), Principal(id: "n", role: .operatorAdmin, scopes: [.administration]), true),
        (Principal(id: "a", role: .operatorAdmin, scopes: [.administration]), Principal(id: "n", role: .billingAgent), false),
        (Principal(id: "a", role: .operatorAdmin, scopes: [.administration, .billing, .customers, .usage, .support]),
         Principal(id: "n", role: .billingAgent), true),
        (Principal(id: "a", role: .operatorAdmin), Principal(id: "n", role: .customer), true),
    ] as [(Principal, Principal, Bool)])
    func aPrincipalCoversOnlyWhatItMayDoItself(asker: Principal, created: Principal, covered: Bool) {
        #expect(asker.covers(created) == covered)
    }

    @Test(arguments: [("court", "marie", false), ("un-mot-de-passe", "marie", true), ("marie-et-son-chat", "marie", false)])
    func passwordsAreLongAndDoNotContainTheLogin(password: String, login: String, accepted: Bool) {
        #expect((PasswordRules.problem(with: password, login: login) == nil) == accepted)
    }
}
