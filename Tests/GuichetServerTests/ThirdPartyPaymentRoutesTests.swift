import Foundation
import HTTPTypes
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 Annexe 5 (D-BILL-17): Léa's Livebox pays merchants on its invoice. « le prix d'achat d'un Service de Tiers marchand
/// s'ajoute au prix de l'Offre »; the caps are the operator's (the figures here are this test's, the documents give none);
/// « désactivable(s) à tout moment »; a subscription billed « à terme à échoir », renewed at its anniversary until the
/// subscriber ends it or its total reaches the cap.
@Suite struct ThirdPartyPaymentRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    struct Charge: Decodable { let id: String; let label: String; let unitPrice: String; let on: String; let source: String }

    /// The operator's caps, imported with the 001 catalog: `monthly` a month's purchases, `subscription` a subscription's total.
    static func setCaps(_ client: any TestClientProtocol, monthly: String, subscription: String) async throws {
        let yaml = try String(contentsOfFile: RepositoryFiles.path("Catalogs/001-livebox-antilles-guyane.yaml"), encoding: .utf8)
        let anchor = try #require(yaml.range(of: "  - {id: livebox-seuil-avance-nouveau-client"))
        let caps = """
              - {id: livebox-plafond-achats-tiers-mensuel, name: "Plafond des achats auprès de tiers marchands par mois (test)", value: "\(monthly)", unit: EUR, source: 001 Annexe 5 art. 4.5}
              - {id: livebox-plafond-abonnement-tiers, name: "Plafond du coût total d'un abonnement auprès d'un tiers marchand (test)", value: "\(subscription)", unit: EUR, source: 001 Annexe 5 art. 5}

            """
        let imported = try await client.execute(uri: "/api/v1/catalogs/imports", method: .post, headers: [HTTPField.Name("X-File-Name")!: "001-caps.yaml"],
                                                body: ByteBuffer(string: yaml.replacingCharacters(in: anchor.lowerBound..<anchor.lowerBound, with: caps)))
        #expect(imported.status == .created, "\(imported.text)")
    }

    static func charges(_ client: any TestClientProtocol, _ ctr: String) async throws -> [String] {
        struct C: Decodable { let customerID: String }
        let cus = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(C.self).customerID
        return try await client.execute(uri: "/api/v1/customers/\(cus)/charges", method: .get).json([Charge].self)
            .filter { $0.source.hasPrefix("001 Annexe 5") }.map { "\($0.on) \($0.label) \($0.unitPrice)" }
    }

    @Test func purchasesAreCollectedWithinTheCapWhileTheSolutionIsOn() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-05-20T10:00:00-04:00"))) { client, _ in
            let ctr = try await ContractRoutesTests.liveboxContract(client)
            func buy(_ id: String, _ amount: String, on day: String = "2026-05-10") async throws -> TestResponse {
                try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/third-party-purchases",
                                                   #"{"id":"\#(id)","merchant":"Jeux Mobiles","label":"Pack de vies","amount":"\#(amount)","on":"\#(day)"}"#)
            }
            func solution(_ step: String) async throws -> TestResponse {
                try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/payment-solution", #"{"step":"\#(step)"}"#)
            }
            let first = try await buy("sms-1", "4.99")
            #expect(first.status == .created, "\(first.text)")
            // The merchant's retry records nothing twice.
            let again = try await buy("sms-1", "4.99")
            let (againID, firstID) = (try again.json(Charge.self).id, try first.json(Charge.self).id)
            #expect(again.status == .ok && againID == firstID)
            // A cap of 10.00 a month: 4.99 + 5.02 = 10.01 is beyond it, 4.99 + 5.01 = 10.00 is not; June starts afresh.
            try await Self.setCaps(client, monthly: "10.00", subscription: "100.00")
            let over = try await buy("sms-2", "5.02")
            #expect(over.status == .badRequest && over.text.contains("the payments to merchants of 2026-05 would reach 10.01, beyond the cap of 10.00 (001 Annexe 5 art. 4.5)"), "\(over.text)")
            #expect(try await buy("sms-3", "5.01").status == .created)
            // The subscriber turns it off: nothing more is collected until it is back on.
            #expect(try await solution("deactivated").status == .ok)
            let off = try await buy("sms-4", "1.00", on: "2026-05-20")
            #expect(off.status == .badRequest && off.text.contains("the subscriber deactivated it on 2026-05-20 (001 Annexe 5)"), "\(off.text)")
            #expect(try await solution("deactivated").status == .badRequest)
            #expect(try await solution("reactivated").status == .ok)
            // Off and on again the same day: each step is recorded.
            #expect(try await solution("deactivated").status == .ok)
            #expect(try await solution("reactivated").status == .ok)
            // Orange withdraws it for a breach (art. 7.4).
            #expect(try await solution("deprived").status == .ok)
            let deprived = try await buy("sms-5", "1.00", on: "2026-05-20")
            #expect(deprived.status == .badRequest && deprived.text.contains("Orange withdrew it on 2026-05-20 for a breach"), "\(deprived.text)")
            #expect(try await Self.charges(client, ctr) == ["2026-05-10 Achat auprès d'un tiers marchand — Jeux Mobiles : Pack de vies 4.99",
                                                           "2026-05-10 Achat auprès d'un tiers marchand — Jeux Mobiles : Pack de vies 5.01"])
            // « s'ajoute au prix de l'Offre »: on May's invoice with the monthly fee.
            _ = try await BillingRoutesTests.runBills(client, "2026-05")
            struct C: Decodable { let customerID: String }
            let cus = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(C.self).customerID
            let may = try #require(try await BillingRoutesTests.invoices(client, cus).first)
            #expect(may.invoice.lines.map(\.amount) == ["54.90", "4.99", "5.01"], "\(may.invoice.lines)")
        }
    }

    @Test func aSubscriptionIsBilledInAdvanceAndRenewedUntilEndedOrCapped() async throws {
        let clock = TestClock(try Instant(iso: "2026-03-05T10:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let ctr = try await ContractRoutesTests.liveboxContract(client)
            func runDue(_ day: String) async throws -> [String] {
                try clock.set("\(day)T12:00:00-04:00")
                return try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(day)"}"#).json([Due].self)
                    .filter { $0.kind == "merchantRenewal" }.map { "\($0.state) \($0.outcome ?? "")" }
            }
            let started = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/merchant-subscriptions",
                                                             #"{"id":"ip-1","merchant":"Vidéo+","label":"Films","price":"9.99","months":1,"on":"2026-03-05"}"#)
            #expect(started.status == .ok, "\(started.text)")
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/merchant-subscriptions",
                                                       #"{"id":"ip-1","merchant":"Vidéo+","label":"Films","price":"9.99","months":1,"on":"2026-03-05"}"#).status == .badRequest)
            // A term of weeks or of months, named as the field that is wrong.
            for (body, field) in [(#""weeks":1,"months":1"#, "weeks: a term of a positive number of weeks"), (#""months":0"#, "months: a term of a positive number")] {
                let bad = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/merchant-subscriptions",
                                                             #"{"id":"ip-2","merchant":"Vidéo+","label":"Films","price":"9.99",\#(body),"on":"2026-03-05"}"#)
                #expect(bad.status == .badRequest && bad.text.contains(field), "\(bad.text)")
            }
            #expect(try await runDue("2026-04-04").isEmpty)
            #expect(try await runDue("2026-04-05") == ["done renewed on 2026-04-05, 9.99 billed in advance"])
            // A cap of 19.98 on a subscription's total: reached after two terms, it is not renewed on 5 May.
            try await Self.setCaps(client, monthly: "100.00", subscription: "19.98")
            #expect(try await runDue("2026-05-05") == ["done not renewed, ended on 2026-05-05: its total of 19.98 reached the cap of 19.98"])
            // A weekly one the subscriber ends on the 8th: its week runs to the 11th, and it is not renewed on the 12th.
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/merchant-subscriptions",
                                                       #"{"id":"sms-w","merchant":"Horoscope","label":"Semaine","price":"1.50","weeks":1,"on":"2026-05-05"}"#).status == .ok)
            try clock.set("2026-05-08T10:00:00-04:00")
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/merchant-subscriptions/sms-w/cancel", "").status == .ok)
            #expect(try await runDue("2026-05-12") == ["done not renewed, ended on 2026-05-12: terminated by the subscriber on 2026-05-08"])
            #expect(try await Self.charges(client, ctr) == [
                "2026-03-05 Achat auprès d'un tiers marchand — Vidéo+ : Films, abonnement du 05/03/2026 au 04/04/2026 9.99",
                "2026-04-05 Achat auprès d'un tiers marchand — Vidéo+ : Films, abonnement du 05/04/2026 au 04/05/2026 9.99",
                "2026-05-05 Achat auprès d'un tiers marchand — Horoscope : Semaine, abonnement du 05/05/2026 au 11/05/2026 1.50",
            ])
            #expect(try await runDue("2026-12-31").isEmpty)
        }
    }

    /// A run made late by two weeks renews each week once, both billed the day it runs (never dated back).
    @Test func aLateRunRenewsEachTermOnce() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-05T10:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let ctr = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/merchant-subscriptions",
                                                       #"{"id":"w","merchant":"Horoscope","label":"Semaine","price":"1.50","weeks":1,"on":"2026-05-05"}"#).status == .ok)
            try clock.set("2026-05-20T12:00:00-04:00")
            let ran = try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-05-20"}"#).json([Due].self)
                .filter { $0.kind == "merchantRenewal" }.map { "\($0.dueOn) \($0.state) \($0.outcome ?? "")" }
            #expect(ran == ["2026-05-12 done renewed on 2026-05-20, 1.50 billed in advance", "2026-05-19 done renewed on 2026-05-20, 1.50 billed in advance"], "\(ran)")
            #expect(try await Self.charges(client, ctr).suffix(2) == [
                "2026-05-20 Achat auprès d'un tiers marchand — Horoscope : Semaine, abonnement du 12/05/2026 au 18/05/2026 1.50",
                "2026-05-20 Achat auprès d'un tiers marchand — Horoscope : Semaine, abonnement du 19/05/2026 au 25/05/2026 1.50",
            ])
        }
    }

    /// « désactivable(s) à tout moment dans l'espace client de l'Abonné » (art. 4.1, 7.2).
    @Test func theSubscriberTurnsItOffFromHerSpace() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let marie = try await PortalSession.open(client, "marie")
            let page = try await marie.get(client, "/espace-client").text
            #expect(page.contains("Ce paiement est activé") && page.contains("Désactiver le paiement sur facture"), "\(page)")
            let range = try #require(page.range(of: #"name="contract" value="ctr_[0-9a-f]+"><input type="hidden" name="step""#, options: .regularExpression))
            let ctr = String(page[range].dropFirst(#"name="contract" value=""#.count).prefix { $0 != "\"" })
            let said = try await PortalSession.open(client, "said")
            #expect(try await said.post(client, "/espace-client/paiement-tiers", ["contract": ctr, "step": "deactivated"]).status == .notFound)
            #expect(try await marie.post(client, "/espace-client/paiement-tiers", ["contract": ctr, "step": "deprived"]).status == .badRequest)
            #expect(try await marie.post(client, "/espace-client/paiement-tiers", ["contract": ctr, "step": "deactivated"]).status == .seeOther)
            #expect(try await marie.get(client, "/espace-client").text.contains("Ce paiement est désactivé depuis le 21/11/2026."))
            #expect(try await marie.post(client, "/espace-client/paiement-tiers", ["contract": ctr, "step": "reactivated"]).status == .seeOther)
            #expect(try await marie.get(client, "/espace-client").text.contains("Ce paiement est activé"))
        }
    }
}
