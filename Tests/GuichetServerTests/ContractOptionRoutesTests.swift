import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 Annexe 2 (D-CTR-18): Livebox Infini's options asked through the API and the customer space, the second screen's
/// activation billed (10.00, the catalog's), the TV on a connected TV ended by the scheduler after its 24 months.
@Suite struct ContractOptionRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    struct Option: Decodable { let kind: String; let requestedOn: String; let endsOn: String?; let stoppedOn: String? }
    struct Held: Decodable { let options: [Option]? }
    struct Charge: Decodable { let label: String; let unitPrice: String; let on: String }

    /// Léa, in Guadeloupe, ordered Livebox Infini Fibre on 20 January 2026 at a shop, activated 1 February.
    static func infini(_ client: any TestClientProtocol, offering: String = "livebox-infini-fibre") async throws -> (customer: String, contract: String) {
        let cus = try await BillingRoutesTests.create(client, "/api/v1/customers",
                                                      #"{"name":"Léa","kind":"consumer","territory":"GP","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
        let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"\#(offering)","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
        #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-02-01"}"#).status == .ok)
        return (cus, ctr)
    }

    @Test func optionsAreAskedBilledAndEndedOnTheirDay() async throws {
        let clock = TestClock(try Instant(iso: "2026-03-10T10:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, store in
            let (cus, ctr) = try await Self.infini(client)
            func ask(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/options", body) }
            let noTV = try await ask(#"{"option":"tvOnConnectedTV"}"#)
            #expect(noTV.status == .badRequest && noTV.text.contains("Samsung connected TV sold since 2018"), "\(noTV.text)")
            let tv = try await ask(#"{"option":"tvOnConnectedTV","compatibleTV":true}"#)
            #expect(tv.status == .ok, "\(tv.text)")
            #expect(try tv.json(Held.self).options?.map { "\($0.kind) \($0.requestedOn) \($0.endsOn ?? "-")" } == ["tvOnConnectedTV 2026-03-10 2028-03-10"])
            #expect(try await ask(#"{"option":"secondDecoder"}"#).status == .ok)
            let both = try await ask(#"{"option":"tvKey"}"#)
            #expect(both.status == .badRequest && both.text.contains("the second screen is secondDecoder already"), "\(both.text)")
            // The second decoder's activation, the catalog's 10.00, on the next invoice; the connected TV is free.
            let charges = try await client.execute(uri: "/api/v1/customers/\(cus)/charges", method: .get).json([Charge].self)
            #expect(charges.map { "\($0.on) \($0.label) \($0.unitPrice)" } == ["2026-03-10 Activation clé TV ou second décodeur TV 10.00"])
            _ = try await BillingRoutesTests.runBills(client, "2026-03")
            let march = try #require(try await BillingRoutesTests.invoices(client, cus).first)
            #expect(march.invoice.lines.map(\.amount).contains("10.00"))
            // Provided 10 March 2026 to 9 March 2028: ended on the 10th, the customer told.
            let end = try await client.execute(uri: "/api/v1/contracts/\(ctr)/obligations", method: .get).json([Due].self).filter { $0.kind == "optionEnd" }
            #expect(end.map { "\($0.state) \($0.dueOn) \($0.explanation.source)" } == ["pending 2028-03-10 001 Annexe 2"])
            try clock.set("2028-03-09T12:00:00-04:00")
            #expect(try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2028-03-09"}"#).json([Due].self).filter { $0.kind == "optionEnd" }.isEmpty)
            try clock.set("2028-03-10T12:00:00-04:00")
            let ran = try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2028-03-10"}"#).json([Due].self).filter { $0.kind == "optionEnd" }
            #expect(ran.map { "\($0.state) \($0.outcome ?? "")" } == ["done stopped on 2028-03-10 after 24 months; e-mailed to lea@example.fr"])
            #expect(try await EquipmentReturnRoutesTests.mails(store, to: "lea@example.fr").contains("Fin de votre option TV d'Orange sur TV connectée (contrat \(ctr))"))
            // Asked again after its end: its 3 months are long gone.
            let again = try await ask(#"{"option":"tvOnConnectedTV","compatibleTV":true}"#)
            #expect(again.status == .badRequest && again.text.contains("by 2026-04-20"), "\(again.text)")
        }
    }

    @Test func aStoppedOptionCancelsItsEndAndOnlyInfiniGivesThem() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-04-20T10:00:00-04:00"))) { client, _ in
            let (_, ctr) = try await Self.infini(client)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/options", #"{"option":"tvOnConnectedTV","compatibleTV":true}"#).status == .ok)
            let stopped = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/options/tvOnConnectedTV/stop", "")
            #expect(stopped.status == .ok, "\(stopped.text)")
            #expect(try stopped.json(Held.self).options?.map { $0.stoppedOn ?? "-" } == ["2026-04-20"])
            let obligations = try await client.execute(uri: "/api/v1/contracts/\(ctr)/obligations", method: .get).json([Due].self).filter { $0.kind == "optionEnd" }
            #expect(obligations.map(\.state) == ["cancelled"])
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/options/tvOnConnectedTV/stop", "").status == .badRequest)
            // Asked and stopped again the same day: each step is recorded.
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/options", #"{"option":"tvOnConnectedTV","compatibleTV":true}"#).status == .ok)
            let again = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/options/tvOnConnectedTV/stop", "")
            #expect(try again.json(Held.self).options?.map { $0.stoppedOn ?? "-" } == ["2026-04-20", "2026-04-20"])
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/options/nope/stop", "").status == .badRequest)
            let (_, essentiel) = try await Self.infini(client, offering: "livebox-essentiel-fibre")
            let refused = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(essentiel)/options", #"{"option":"securitySuite"}"#)
            #expect(refused.status == .badRequest && refused.text.contains("does not give securitySuite on request (001 Annexe 2)"), "\(refused.text)")
        }
    }

    /// « sur demande … dans l'Espace client »: Marie asks for the multi-screen recording from her space, then stops it;
    /// another customer cannot act on her contract.
    @Test func theCustomerAsksForAnOptionFromHerSpace() async throws {
        struct Customer: Decodable { let id: String; let name: String }
        try await TestApp.run(demo: true) { client, _ in
            let marie = try #require(try await client.execute(uri: "/api/v1/customers?q=Marie", method: .get).json([Customer].self).first)
            let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(marie.id)","offering":"livebox-infini-fibre","orderedOn":"2026-11-01","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            let session = try await PortalSession.open(client, "marie")
            let page = try await session.get(client, "/espace-client").text
            #expect(page.contains("Options de votre offre") && page.contains("jusqu'au 01/02/2027") && page.contains(#"<option value="multiScreenRecording">"#), "\(page)")
            let said = try await PortalSession.open(client, "said")
            #expect(try await said.post(client, "/espace-client/options", ["contract": ctr, "option": "multiScreenRecording"]).status == .notFound)
            #expect(try await session.post(client, "/espace-client/options", ["contract": ctr, "option": "multiScreenRecording"]).status == .seeOther)
            let held = try await session.get(client, "/espace-client").text
            #expect(held.contains("<td>Enregistrement multi-écrans 100 h (avec décodeur TV6)</td><td>21/11/2026</td>"), "\(held)")
            #expect(try await session.post(client, "/espace-client/options/arret", ["contract": ctr, "option": "multiScreenRecording"]).status == .seeOther)
            #expect(!(try await session.get(client, "/espace-client").text.contains("<td>Enregistrement multi-écrans")))
        }
    }
}
