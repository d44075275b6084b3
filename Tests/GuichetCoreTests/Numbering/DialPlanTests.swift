import GuichetCore
import Testing

/// 004 §2.6.3.3: the document's worked examples with the proposed rule (prefix 5, 2-digit site, 3-digit extension).
@Suite struct DialPlanTests {
    let sites = [DialPlan.Site(id: "toulouse", code: "01"), DialPlan.Site(id: "rennes", code: "02")]

    @Test func theDocumentsExamplesHold() {
        let (entries, problems) = DialPlan.proposed.generate(sites: sites, users: [
            .init(name: "A", site: "toulouse", did: "+33562070410"),
            .init(name: "B", site: "toulouse", did: "+33562070411"),
            .init(name: "C", site: "rennes", did: "+33223280411"),
        ])
        #expect(problems.isEmpty)
        #expect(entries.map(\.internalNumber) == ["501410", "501411", "502411"])
    }

    @Test func collidingExtensionsNameBothUsers() {
        // DP-5: +33562070410 and +33562080410 end in the same 3 digits on one site.
        let (entries, problems) = DialPlan.proposed.generate(sites: sites, users: [
            .init(name: "Alice Martin", site: "toulouse", did: "+33562070410"),
            .init(name: "Bruno Petit", site: "toulouse", did: "+33562080410"),
        ])
        #expect(entries.count == 1)
        #expect(problems.map(\.description) == ["004 §2.6.3 DP-5: Alice Martin and Bruno Petit would both be 501410 on site toulouse"])
        // With 4-digit extensions (MCDU), numbers that differ in the thousands no longer collide.
        let four = try! DialPlan(prefix: "5", siteCodeLength: 2, extensionLength: 4, mode: .fromDID)
        #expect(four.generate(sites: sites, users: [.init(name: "A", site: "toulouse", did: "+33562070410"),
                                                    .init(name: "B", site: "toulouse", did: "+33562081410")]).entries.map(\.internalNumber) == ["5010410", "5011410"])
    }

    @Test func sitesMustHaveDistinctCodes() {
        let (_, problems) = DialPlan.proposed.generate(sites: [.init(id: "a", code: "01"), .init(id: "b", code: "01"), .init(id: "c", code: "7")], users: [])
        #expect(problems.map(\.rule) == ["004 §2.6.3 DP-3", "004 §2.6.3 DP-3"])
    }

    @Test(arguments: ["0", "1", "3", "x"])
    func prefixesThatStartExternalNumbersAreRefused(prefix: Character) {
        #expect(throws: NumberingError.self) { try DialPlan(prefix: prefix, siteCodeLength: 2, extensionLength: 3, mode: .fromDID) }
    }
}
