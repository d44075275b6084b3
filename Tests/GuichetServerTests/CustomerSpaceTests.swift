import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The customer space (001, 003, 000): what a customer does there, and sees of their own only.
@Suite struct CustomerSpaceTests {
    @Test func aRemoteAssistanceRequestFromTheSpaceIsListedWithItsCallbackDeadline() async throws {
        try await TestApp.run(demo: true) { client, store in
            let marie = try await PortalSession.open(client, "marie")
            let r = try await marie.post(client, "/espace-client/assistance",
                                         ["lastName": "Démo", "firstName": "Marie", "email": "marie@example.org", "forfait": "forfait-f01", "os": "windows"])
            #expect(r.status == .seeOther && r.headers[.location] == "/espace-client?fait=assistance", "\(r.status) \(r.text)")
            let page = try await marie.get(client, "/espace-client").text
            // 000 art. 4.2: a callback within 72 hours; the request is Windows, so it is offered at once.
            #expect(page.contains("rappel au plus tard") && page.contains("offered"))
            // Said sees none of it.
            let said = try await PortalSession.open(client, "said")
            #expect(!(try await said.get(client, "/espace-client").text.contains("rappel au plus tard 20")))
            // Her request is one row of the state table, under her customer's id.
            let rows = try await store.stateRows(.assistanceRequests)
            #expect(rows.count == 1 && rows[0].values["status"] == "offered" && rows[0].search.contains("marie"))
            // A forfait that does not exist is named in the refusal.
            let bad = try await marie.post(client, "/espace-client/assistance", ["lastName": "Démo", "firstName": "Marie", "email": "marie@example.org", "forfait": "forfait-x", "os": "windows"])
            #expect(bad.status == .badRequest && bad.text.contains("forfait-x"))
        }
    }

    /// 001 Annexe 3 art. 3.1: the customer space gives the RIO of each fixed number still in service, with the end of the
    /// engagement; a mobile line (Saïd's, 003) is not listed there.
    @Test func theCustomerFindsTheRIOOfHerFixedNumber() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let page = try await PortalSession.open(client, "marie").get(client, "/espace-client").text
            #expect(page.contains("Portabilité de vos numéros fixes"))
            let range = try #require(page.range(of: #"<td>\+590590271234</td><td>00F[0-9A-Z]{6}[0-9A-Z+]{3}</td>"#, options: .regularExpression))
            let rio = String(page[range].dropFirst("<td>+590590271234</td><td>".count).prefix(12))
            #expect(try RIO(rio).matches(nationalNumber: "0590271234"))
            #expect(!(try await PortalSession.open(client, "said").get(client, "/espace-client").text.contains("Portabilité de vos numéros fixes")))
        }
    }

    /// 001 Préambule: the detailed invoice, free, from the customer space: every call of the invoice's period in the
    /// customer's local time, the included ones marked so; another customer's is not found.
    @Test func theDetailedInvoiceListsEveryCallOfItsPeriod() async throws {
        try await TestApp.run(demo: true, clock: TestClock(try Instant(iso: "2026-12-02T12:00:00Z"))) { client, _ in
            let marie = try await PortalSession.open(client, "marie")
            let home = try await marie.get(client, "/espace-client").text
            let range = try #require(home.range(of: #"/espace-client/factures/[A-Za-z0-9_-]+/detail"#, options: .regularExpression))
            let link = String(home[range])
            let page = try await marie.get(client, link).text
            #expect(page.contains("période novembre 2026"), "\(page)")
            // Algeria 125 s at 0.10 + 0.99 × 125/60 = 2.1625 → 2,16 €; the 30 minutes to Paris included; 112 free.
            #expect(page.contains("<td>03/11/2026 10:00:00</td><td>+590590271234</td><td>+213210000000</td>"), "\(page)")
            #expect(page.contains("<td>2 min 05 s</td>") && page.contains("<td>30 min 00 s</td><td>inclus</td>"), "\(page)")
            #expect(try await PortalSession.open(client, "said").get(client, link).status == .notFound)
        }
    }

    /// 001 CG 8.2.2: « Le Client a la possibilité de s'opposer à tout moment et gratuitement » — Marie puts her number on
    /// the Liste Rouge from her space: publishers no longer receive it; another customer cannot choose for her number.
    @Test func theCustomerChoosesTheListeRougeFromHerSpace() async throws {
        struct Entry: Decodable { let number: String }
        try await TestApp.run(demo: true) { client, _ in
            func published() async throws -> [String] { try await client.execute(uri: "/api/v1/directory", method: .get).json([Entry].self).map(\.number) }
            #expect(try await published().contains("+590590271234"))
            let marie = try await PortalSession.open(client, "marie")
            #expect(try await marie.get(client, "/espace-client").text.contains("+590590271234 — Publié dans"))
            #expect(try await marie.post(client, "/espace-client/annuaire", ["number": "+590590271234", "unlisted": "on"]).status == .seeOther)
            let page = try await marie.get(client, "/espace-client").text
            #expect(page.contains("+590590271234 — Liste rouge : ni publié ni communiqué"), "\(page)")
            #expect(!(try await published().contains("+590590271234")))
            let said = try await PortalSession.open(client, "said")
            #expect(try await said.post(client, "/espace-client/annuaire", ["number": "+590590271234"]).status == .notFound)
        }
    }

    /// 001 CG 10.1: Marie asks for paper invoices from her space on 21 November; November's invoice, issued 1 December, is
    /// a letter in the back office's « Courriers à poster », which a billing agent marks as posted.
    @Test func paperInvoicesAreAskedFromTheSpaceAndPostedFromTheBackOffice() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let marie = try await PortalSession.open(client, "marie")
            #expect(try await marie.get(client, "/espace-client").text.contains("Recevoir aussi mes factures sur papier"))
            #expect(try await marie.post(client, "/espace-client/factures/papier", ["paper": "on"]).status == .seeOther)
            #expect(try await marie.get(client, "/espace-client").text.contains("Vous les recevez aussi sur papier, par courrier, depuis le 21/11/2026."))
            _ = try await BillingRoutesTests.runBills(client, "2026-11")
            let billing = try await PortalSession.open(client, "agent.facturation")
            let office = try await billing.get(client, "/back-office").text
            #expect(office.contains("1 courrier(s) à imprimer et poster") && office.contains("Marie Démo (sample), 12 rue Frébault, 97110 Pointe-à-Pitre"), "\(office)")
            let range = try #require(office.range(of: #"name="id" value="ltr_[0-9a-f]+""#, options: .regularExpression))
            let id = String(office[range].dropFirst(#"name="id" value=""#.count).dropLast())
            #expect(try await billing.post(client, "/back-office/courriers", ["id": id]).status == .seeOther)
            #expect(try await billing.get(client, "/back-office").text.contains("Aucun courrier en attente."))
            #expect(try await marie.post(client, "/espace-client/factures/papier", ["paper": ""]).status == .seeOther)
            #expect(try await marie.get(client, "/espace-client").text.contains("Recevoir aussi mes factures sur papier"))
        }
    }

    @Test func theCustomerAnswersTheQuestionsAskedOnHerTicket() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let marie = try await PortalSession.open(client, "marie")
            let home = try await marie.get(client, "/espace-client").text
            let range = try #require(home.range(of: #"/espace-client/tickets/REC-[0-9A-Z-]+"#, options: .regularExpression))
            let page = String(home[range])
            let reference = String(page.split(separator: "/").last!)
            let agent = try await PortalSession.open(client, "agent.support")
            for (action, text) in [("prise-en-charge", ""), ("questions", "Quel mois est concerné ?")] {
                #expect(try await agent.post(client, "/back-office/tickets/\(reference)", ["action": action, "text": text]).status == .seeOther)
            }
            let waiting = try await marie.get(client, page).text
            #expect(waiting.contains("En attente de votre réponse") && waiting.contains("Quel mois est concerné ?") && waiting.contains("Envoyer la réponse"))
            #expect(try await marie.post(client, "\(page)/retour", ["action": "complement", "text": "Février 2026."]).status == .seeOther)
            let answered = try await marie.get(client, page).text
            #expect(answered.contains("En cours de traitement") && answered.contains("reporterAnswered : Février 2026."))
        }
    }
}
