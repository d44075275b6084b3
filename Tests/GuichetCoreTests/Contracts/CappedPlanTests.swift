import GuichetCore
import Testing

/// 003 CS-FB 1: « La durée de l'engagement débute soit à compter de la date de souscription d'un nouvel abonnement au
/// forfait bloqué, soit à partir de la date de positionnement d'abonnements existants sur le forfait bloqué »; CG 14 counts
/// the other plans' from their activation.
@Suite struct CappedPlanTests {
    typealias F = ContractFixtures

    @Test(arguments: [
        // (offering, months, ordered, activated, repositioned on the capped plan on, engagement end, its source)
        ("mayotte-forfait-bloque", 12, "2026-01-05", "2026-01-10", nil, "2027-01-05", "003 CS-FB 1"),
        ("mayotte-forfait-24-mois", 24, "2026-01-05", "2026-01-10", nil, "2028-01-10", "003 CG 14"),
        ("mayotte-forfait-sans-engagement", 12, "2026-01-05", "2026-01-10", "2026-06-01", "2027-06-01", "003 CS-FB 1"),
    ] as [(String, Int, String, String, String?, String, String)])
    func theCommitmentStartsAsTheDocumentSays(_ offering: String, _ months: Int, _ ordered: String, _ activated: String, _ repositioned: String?,
                                              _ end: String, _ source: String) throws {
        var c = F.active(.mobileMayotte, offering: offering, fee: F.quote("15.00"), months: months, ordered: ordered, activated: activated, territory: "YT")
        if let repositioned {
            try c.changeOffer(OfferChange(on: F.d(repositioned), from: offering, to: "mayotte-forfait-bloque", fee: F.quote("15.00"),
                                          explanation: Explanation(rule: "test", source: "003 CG 6", inputs: [:], result: "")))
        }
        let engagement = try #require(c.deadlines(calendar: ContractRuleTests.calendar("YT"), on: F.d(activated)).engagementEnd)
        #expect(engagement.date == F.d(end))
        #expect(engagement.explanation.source == source)
    }
}
