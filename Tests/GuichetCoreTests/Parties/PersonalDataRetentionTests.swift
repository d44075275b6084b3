import GuichetCore
import Testing

/// 001 Annexe 6 and 003 PDP: contract data kept at most 3 years from the end of the relationship.
@Suite struct PersonalDataRetentionTests {
    static func d(_ s: String) -> LocalDate { try! LocalDate(iso: s) }

    static func ended(_ base: Contract, _ steps: [(ContractAction, String)]) -> Contract {
        var c = base
        for (action, day) in steps { try! c.apply(action, on: d(day)) }
        return c
    }

    @Test func erasureIsDueThreeYearsAfterTheLastContractEnds() throws {
        let livebox = Self.ended(ContractFixtures.liveboxFibre, [(.requestTermination, "2027-01-10"), (.terminate, "2027-02-01")])
        let mobile = Self.ended(ContractFixtures.mayotte24, [(.terminate, "2027-03-31")])
        // The later end counts: 31 March 2027 + 36 months.
        let due = try #require(PersonalDataRetention.erasureDue([livebox, mobile]))
        #expect(due.date == Self.d("2030-03-31") && due.explanation.source == "001 Annexe 6; 003 PDP")
        #expect(PersonalDataRetention.endOfRelationship([livebox]) == Self.d("2027-02-01"))
        #expect(PersonalDataRetention.erasureRefusal([livebox, mobile]) == nil)
    }

    @Test func aLiveContractKeepsTheRelationshipAndRefusesErasure() {
        let livebox = Self.ended(ContractFixtures.liveboxFibre, [(.terminate, "2027-02-01")])
        #expect(PersonalDataRetention.erasureDue([livebox, ContractFixtures.mayotte24]) == nil)
        #expect(PersonalDataRetention.erasureRefusal([livebox, ContractFixtures.mayotte24])?.contains("is active") == true)
        #expect(PersonalDataRetention.erasureDue([]) == nil)
    }

    /// 001 Annexe 6 R-DSR-2: one month from receipt; the month's end clamps (31 January → 28 February).
    @Test(arguments: [("2026-11-21", "2026-12-21"), ("2026-01-31", "2026-02-28"), ("2028-01-31", "2028-02-29")])
    func aRequestIsAnsweredWithinOneMonth(received: String, due: String) {
        let r = PersonalDataRequest(id: "r", customerID: "c", kind: .erasure, receivedOn: Self.d(received))
        #expect(r.dueOn == Self.d(due) && r.dueExplanation.source.hasPrefix("001 Annexe 6"))
    }
}
