import GuichetCore
import GuichetData
import Testing

@Suite struct CallerIDPolicyTests {
    static let policy = CallerIDPolicy(plan: try! ReferenceData.numberingPlan(), ownNumbers: ["+33562070410"], delegatedNumbers: ["+590590271234"])

    @Test(arguments: [
        ("05 62 07 04 10", "+33562070410"),     // own number
        ("+590 590 27 12 34", "+590590271234"), // delegated by its assignee
    ])
    func ownAndDelegatedNumbersMayBePresented(presented: String, e164: String) throws {
        #expect(try Self.policy.check(presented) == e164)
    }

    @Test(arguments: [
        ("ACME-PARIS", "004 §2.4.1 CLI-2"),          // alphanumeric
        ("05 62 07 04", "004 §2.4.1 CLI-2"),         // wrong length
        ("3617", "004 §2.4.1 CLI-4"),                // short special number
        ("3909", "004 §2.4.1 CLI-4"),
        ("0899 12 34 56", "004 §2.4.1 CLI-5"),       // long premium
        ("08 25 12 34 56", "004 §2.4.1 CLI-5"),
        ("16 05 62 07 04 10", "004 §2.4.1 CLI-1"),   // a routing prefix in front
        ("+33 590 12 34 56", "004 §2.4.1 CLI-3"),    // not an assigned +33 range
        ("05 62 07 04 11", "loi n° 2020-901 art. 10"), // somebody else's number
    ])
    func refusalsNameTheRule(presented: String, rule: String) {
        #expect { try Self.policy.check(presented) } throws: { ($0 as? CallerIDPolicy.Refusal)?.rule == rule }
    }
}
