import GuichetCore
import Testing

/// 001 Annexe 2 (D-CTR-18): Livebox Infini's options on request. Ordered 20 January 2026, the TV on a connected TV is asked
/// by 20 April (« dans un délai de trois (3) mois après souscription ») and provided 24 months from the request; the second
/// screen is a second decoder or a TV key, one at a time, and not in the version « sur ligne fixe ».
@Suite struct ContractOptionTests {
    typealias F = ContractFixtures

    static func infini(_ offering: String = "livebox-infini-fibre") -> Contract {
        F.active(.livebox, offering: offering, fee: F.quote("64.90"), months: 12, ordered: "2026-01-20", activated: "2026-02-01")
    }

    @Test(arguments: [
        // (offering, option, asked on, compatible TV, expected: ends on, or the refusal's words)
        ("livebox-infini-fibre", ContractOption.Kind.tvOnConnectedTV, "2026-04-20", true, "ends 2028-04-20"),
        ("livebox-infini-fibre", .tvOnConnectedTV, "2026-04-21", true, "by 2026-04-20"),
        ("livebox-infini-fibre", .tvOnConnectedTV, "2026-03-01", false, "Samsung connected TV"),
        ("livebox-infini-fibre", .secondDecoder, "2027-06-01", false, "ends never"),
        ("livebox-infini-xdsl-ligne-fixe", .tvKey, "2026-03-01", false, "does not give tvKey"),
        ("livebox-infini-xdsl-ligne-fixe", .multiScreenRecording, "2026-03-01", false, "ends never"),
        ("livebox-essentiel-fibre", .securitySuite, "2026-03-01", false, "does not give securitySuite"),
    ])
    func requestIsCheckedAgainstTheAnnex(_ offering: String, _ kind: ContractOption.Kind, _ on: String, _ tv: Bool, _ expected: String) {
        var c = Self.infini(offering)
        do {
            let o = try c.requestOption(kind, on: F.d(on), compatibleTV: tv)
            #expect("ends \(o.endsOn?.description ?? "never")" == expected)
            #expect(c.option(kind, on: F.d(on)) == o)
            #expect(o.endsOn.map { c.option(kind, on: $0.adding(days: -1)) != nil && c.option(kind, on: $0) == nil } ?? true)
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test func theSecondScreenIsOneOfTheTwoAtATime() throws {
        var c = Self.infini()
        try c.requestOption(.secondDecoder, on: F.d("2026-03-01"))
        #expect(throws: ContractError.self) { try c.requestOption(.tvKey, on: F.d("2026-03-02")) }
        #expect(throws: ContractError.self) { try c.requestOption(.secondDecoder, on: F.d("2026-03-02")) }
        try c.stopOption(.secondDecoder, on: F.d("2026-03-05"))
        #expect(c.option(.secondDecoder, on: F.d("2026-03-04")) != nil && c.option(.secondDecoder, on: F.d("2026-03-05")) == nil)
        try c.requestOption(.tvKey, on: F.d("2026-03-05"))
        #expect(c.options?.map(\.kind) == [.secondDecoder, .tvKey])
        #expect(throws: ContractError.self) { try c.stopOption(.secondDecoder, on: F.d("2026-03-06")) }
        // Moving to Essentiel on 1 June: what Essentiel does not give stops that day.
        try c.requestOption(.securitySuite, on: F.d("2026-03-06"))
        try c.changeOffer(OfferChange(on: F.d("2026-06-01"), from: "livebox-infini-fibre", to: "livebox-essentiel-fibre", fee: nil,
                                      explanation: Explanation(rule: "test", source: "001 CG 12", inputs: [:], result: "")))
        #expect(c.options?.map { $0.stoppedOn?.description ?? "-" } == ["2026-03-05", "2026-06-01", "2026-06-01"])
    }
}
