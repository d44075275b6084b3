import GuichetCore
import GuichetData
import Testing

/// Remote assistance (000): billing on the outcome (art. 4.8, 4.9), qualification checks
/// (art. 3.3), the callback, slot and Mac feasibility deadlines (art. 3.2, 4.1), withdrawal (art. 10).
@Suite struct RemoteAssistanceTests {
    static let rules = try! ReferenceData.support().remoteAssistance
    static let fr = TestTerritories.calendar("FR")
    static func at(_ iso: String) -> Instant { TestTerritories.instant(iso) }
    static let who = AssistanceRequest.Identification(customerID: "cus_1", customerNumber: "000000042", lastName: "Hoarau", firstName: "Léa",
                                                      email: "lea@example.fr", professional: false)

    struct BillingCase: Sendable, CustomTestStringConvertible {
        let outcome: AssistanceOutcome
        let billed: [Bool]
        let article: String
        var testDescription: String { "\(outcome.rawValue) (\(article))" }
    }

    /// Lines: F13 virus removal, F21 advanced Livebox configuration.
    static let billing: [BillingCase] = [
        BillingCase(outcome: .done, billed: [true, true], article: "000 art. 3.3, 5"),
        BillingCase(outcome: .failed, billed: [true, false], article: "000 art. 4.9: virus removal billed in every case"),
        BillingCase(outcome: .escalatedToHomeVisit, billed: [false, false], article: "000 art. 4.8: only the home service is billed"),
    ]

    @Test(arguments: billing)
    func billedLinesFollowTheOutcome(_ c: BillingCase) {
        let lines = [ForfaitLine(forfait: "forfait-f13"), ForfaitLine(forfait: "forfait-f21")]
        #expect(Self.rules.billedLines(lines, outcome: c.outcome).map(\.billed) == c.billed)
    }

    @Test func qualificationChecks() {
        #expect(throws: SupportError.self) { try Self.rules.validate([ForfaitLine(forfait: "forfait-f19", quantity: 4)], professional: false) }
        #expect(throws: SupportError.self) { try Self.rules.validate([ForfaitLine(forfait: "forfait-f22")], professional: false) }
        #expect(throws: Never.self) { try Self.rules.validate([ForfaitLine(forfait: "forfait-f22"), ForfaitLine(forfait: "forfait-f19", quantity: 3)], professional: true) }
        let bad = AssistanceRequest.Identification(customerID: "c", customerNumber: "12345678", lastName: "A", firstName: "B", email: "a@b.fr", professional: false)
        #expect(throws: SupportError.invalid(field: "customerNumber", reason: "the 9-digit customer number printed on invoices (000 art. 3.2)")) { try bad.validate() }
    }

    /// Accepted Sat 14 Nov 2026 10:00 Paris: Saturday counts (14 h left that day), Sunday 15th does
    /// not; Mon 24 h, Tue 24 h → 62 h; 10 h more on Wed 18th → due Wed 18 Nov 10:00 (000 art. 3.2).
    @Test func callbackWithinSeventyTwoHoursSundayNotCounted() throws {
        var r = try AssistanceRequest(id: "ast_1", identification: Self.who, os: .windows, lines: [ForfaitLine(forfait: "forfait-f21")],
                                      at: Self.at("2026-11-14T08:55:00Z"), rules: Self.rules)
        try r.apply(.init(.accepted, at: Self.at("2026-11-14T09:00:00Z")), rules: Self.rules, calendar: Self.fr)
        #expect(r.callbackDeadline(Self.rules, calendar: Self.fr)?.endsAtLocal == "2026-11-18T10:00:00")
        // A slot after the deadline is refused unless the customer chose it; a slot past 21:00 never fits.
        #expect(throws: SupportError.self) { try r.apply(.init(.callbackBooked, at: Self.at("2026-11-14T09:01:00Z"), slotStart: Self.at("2026-11-18T10:00:00Z")), rules: Self.rules, calendar: Self.fr) }
        #expect(throws: SupportError.self) { try r.apply(.init(.callbackBooked, at: Self.at("2026-11-14T09:01:00Z"), slotStart: Self.at("2026-11-16T19:45:00Z")), rules: Self.rules, calendar: Self.fr) }
        try r.apply(.init(.callbackBooked, at: Self.at("2026-11-14T09:01:00Z"), slotStart: Self.at("2026-11-16T19:30:00Z")), rules: Self.rules, calendar: Self.fr)
        #expect(r.status == .scheduled)
        try r.apply(.init(.callbackBooked, at: Self.at("2026-11-14T09:02:00Z"), slotStart: Self.at("2026-11-20T09:00:00Z"), customerAskedLater: true), rules: Self.rules, calendar: Self.fr)
    }

    /// 000 art. 4.1: a Mac gets a feasibility answer within 4 hours, and no screen sharing.
    @Test func macFeasibilityAndNoScreenSharing() throws {
        var r = try AssistanceRequest(id: "ast_2", identification: Self.who, os: .mac, lines: [ForfaitLine(forfait: "forfait-f23")],
                                      at: Self.at("2026-11-10T19:30:00Z"), rules: Self.rules)
        #expect(r.status == .awaitingFeasibility)
        #expect(r.feasibilityDue(Self.rules) == Self.at("2026-11-10T23:30:00Z"))
        #expect(throws: SupportError.self) { try r.apply(.init(.accepted, at: Self.at("2026-11-10T19:40:00Z")), rules: Self.rules, calendar: Self.fr) }
        try r.apply(.init(.feasibilityAnswered, at: Self.at("2026-11-10T21:00:00Z"), feasible: true), rules: Self.rules, calendar: Self.fr)
        try r.apply(.init(.accepted, at: Self.at("2026-11-10T21:05:00Z")), rules: Self.rules, calendar: Self.fr)
        try r.apply(.init(.callbackBooked, at: Self.at("2026-11-10T21:06:00Z"), slotStart: Self.at("2026-11-11T09:00:00Z")), rules: Self.rules, calendar: Self.fr)
        #expect(throws: SupportError.self) { try r.apply(.init(.sharingConsented, at: Self.at("2026-11-11T09:05:00Z"), text: "clause"), rules: Self.rules, calendar: Self.fr) }
    }

    /// 000 art. 10: accepted Thu 5 Nov 2026 → J+8 = Fri 13 Nov, until 24:00; art. 2.2/4.6: each code
    /// needs a fresh consent.
    @Test func withdrawalThenConsentAndCodes() throws {
        var r = try AssistanceRequest(id: "ast_3", identification: Self.who, os: .windows, lines: [ForfaitLine(forfait: "forfait-f13")],
                                      at: Self.at("2026-11-05T10:00:00Z"), rules: Self.rules)
        try r.apply(.init(.accepted, at: Self.at("2026-11-05T10:00:00Z")), rules: Self.rules, calendar: Self.fr)
        #expect(r.withdrawalDeadline(Self.rules, calendar: Self.fr)?.lastDay == TestTerritories.date("2026-11-13"))
        var late = r
        #expect(throws: SupportError.self) { try late.apply(.init(.withdrawn, at: Self.at("2026-11-13T23:00:00Z")), rules: Self.rules, calendar: Self.fr) }
        var inTime = r
        try inTime.apply(.init(.withdrawn, at: Self.at("2026-11-13T22:59:00Z")), rules: Self.rules, calendar: Self.fr)
        #expect(inTime.status == .withdrawn)

        try r.apply(.init(.callbackBooked, at: Self.at("2026-11-05T10:01:00Z"), slotStart: Self.at("2026-11-06T09:00:00Z")), rules: Self.rules, calendar: Self.fr)
        let issue = AssistanceRequest.Event(.codeIssued, at: Self.at("2026-11-06T09:05:00Z"), expiresAt: Self.at("2026-11-06T09:35:00Z"))
        #expect(throws: SupportError.self) { try r.apply(issue, rules: Self.rules, calendar: Self.fr) }
        try r.apply(.init(.sharingConsented, at: Self.at("2026-11-06T09:04:00Z"), text: "J'accepte que le conseiller voie mon écran"), rules: Self.rules, calendar: Self.fr)
        try r.apply(issue, rules: Self.rules, calendar: Self.fr)
        #expect(throws: SupportError.self) { try r.apply(issue, rules: Self.rules, calendar: Self.fr) }
        try r.apply(.init(.outcome, at: Self.at("2026-11-06T09:40:00Z"), outcome: .failed), rules: Self.rules, calendar: Self.fr)
        #expect(r.status == .failed)
    }
}

/// 000 art. 4.6: "un code d'identification unique et valable pour une seule session".
@Suite struct SessionCodeTests {
    struct Fixed: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
    }

    @Test func codesAreReadableAndNormalised() {
        var rng = Fixed(state: 1)
        let code = SessionCode.make(using: &rng)
        #expect(code.count == 9 && code.dropFirst(4).first == "-")
        #expect(!code.contains { "01OIL".contains($0) })
        #expect(SessionCode.normalised(code.lowercased().replacingOccurrences(of: "-", with: " ")) == code)
        #expect(SessionCode.normalised("ABCD-EFG0") == nil)
        #expect(SessionCode.make(using: &rng) != code)
    }

    @Test func onceAndBeforeExpiry() throws {
        let grant = SessionCodeGrant(requestID: "ast_1", issuedAt: TestTerritories.instant("2026-11-06T09:05:00Z"),
                                     expiresAt: TestTerritories.instant("2026-11-06T09:35:00Z"))
        #expect(throws: Never.self) { try grant.checkRedeemable(at: TestTerritories.instant("2026-11-06T09:34:59Z"), alreadyUsed: false) }
        #expect(throws: SupportError.self) { try grant.checkRedeemable(at: TestTerritories.instant("2026-11-06T09:10:00Z"), alreadyUsed: true) }
        #expect(throws: SupportError.self) { try grant.checkRedeemable(at: TestTerritories.instant("2026-11-06T09:35:00Z"), alreadyUsed: false) }
    }
}
