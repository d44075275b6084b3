import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 10.1: « Le Client recevra chaque mois une notification de mise à disposition de sa facture sur son adresse
/// électronique de contact » — queued in the transaction that issues the invoice, so a run started again after a crash
/// neither loses nor repeats one (D-BILL-11).
@Suite struct InvoiceNoticeTests {
    typealias B = BillingRoutesTests
    struct Mail: Decodable { let to: [String]; let subject: String; let body: String }

    @Test func eachIssuedInvoiceIsAnnouncedOnceToTheContactAddress() async throws {
        try await TestApp.run { client, store in
            let lea = try await B.create(client, "/api/v1/customers",
                                         #"{"name":"Léa Hoarau","kind":"consumer","territory":"MQ","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            let paul = try await B.create(client, "/api/v1/customers", #"{"name":"Paul Ursulet","kind":"consumer","territory":"GP"}"#)
            for cus in [lea, paul] {
                let ctr = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-infini-fibre","orderedOn":"2026-05-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
                #expect(try await B.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-05-17"}"#).status == .ok)
            }
            let first = try await B.runBills(client)
            #expect(first.issued == 2)
            let again = try await B.runBills(client)
            #expect(again.issued == 0 && again.existing == 2)
            let invoice = try #require(try await B.invoices(client, lea).first).invoice
            let mails = try await store.events(stream: "outbox", after: 0).map { try JSONDecoder().decode(Mail.self, from: Data($0.payload.utf8)) }
            // Paul gave no e-mail address: his invoice is online, announced to no one.
            #expect(mails.map { "\($0.to) \($0.subject)" } == [#"["lea@example.fr"] Votre facture de mai 2026 est disponible"#])
            let body = try #require(mails.first?.body)
            #expect(body.contains("Votre facture \(invoice.number) du 01/06/2026 de mai 2026 est disponible dans votre Espace Client."), "\(body)")
            #expect(body.contains("TTC, à régler au plus tard le 16/06/2026."), "\(body)")
        }
    }

    /// 001 CG 10.3: « un tiers payeur qui recevra les factures et procédera à leur règlement »; 003 CG 10 asks for their
    /// attestation and lets them end their commitment (D-BILL-14). Designated from 10 May, Jean gets May's notice (issued
    /// 1 June) beside Léa; his commitment ended on 20 June, July's notice for June goes to Léa alone.
    @Test func aThirdPartyPayerReceivesTheNoticesUntilTheirCommitmentEnds() async throws {
        try await TestApp.run { client, store in
            func put(_ uri: String, _ body: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .put, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            }
            let lea = try await B.create(client, "/api/v1/customers",
                                         #"{"name":"Léa Hoarau","kind":"consumer","territory":"MQ","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            let ctr = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(lea)","offering":"livebox-infini-fibre","orderedOn":"2026-05-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await B.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-05-17"}"#).status == .ok)
            for (body, why) in [(#"{"name":"Jean","designatedOn":"2026-05-10"}"#, "an e-mail or a postal address"),
                                (#"{"name":"Jean","email":"jean at example.fr","designatedOn":"2026-05-10"}"#, "is not an e-mail address"),
                                (#"{"name":"Jean","email":"jean@example.fr","designatedOn":"2026-11-22"}"#, "is after today")] {
                let refused = try await put("/api/v1/customers/\(lea)/payer", body)
                #expect(refused.status == .badRequest && refused.text.contains(why), "\(refused.text)")
            }
            let designated = try await put("/api/v1/customers/\(lea)/payer", #"{"name":"Jean Hoarau","email":"jean@example.fr","designatedOn":"2026-05-10"}"#)
            #expect(designated.status == .ok, "\(designated.text)")
            #expect(try await B.runBills(client, "2026-05").issued == 1)
            let invoice = try #require(try await B.invoices(client, lea).first).invoice.number
            // Unpaid on its due day, 16 June: the reminder of the 17th goes to both, Léa staying liable.
            #expect(try await B.post(client, "/api/v1/dunning/run", #"{"on":"2026-06-17"}"#).status == .ok)
            #expect(try await B.post(client, "/api/v1/customers/\(lea)/payer/end", #"{"on":"2026-06-20"}"#).status == .ok)
            let twice = try await B.post(client, "/api/v1/customers/\(lea)/payer/end", #"{"on":"2026-06-21"}"#)
            #expect(twice.status == .badRequest && twice.text.contains("ended already, on 2026-06-20"), "\(twice.text)")
            #expect(try await B.runBills(client, "2026-06").issued == 1)
            let mails = try await store.events(stream: "outbox", after: 0).map { try JSONDecoder().decode(Mail.self, from: Data($0.payload.utf8)) }
            #expect(mails.map { "\($0.to) \($0.subject)" } == [#"["lea@example.fr", "jean@example.fr"] Votre facture de mai 2026 est disponible"#,
                                                                #"["lea@example.fr", "jean@example.fr"] Relance : facture \#(invoice) impayée"#,
                                                                #"["lea@example.fr"] Votre facture de juin 2026 est disponible"#])

            // 003 CG 10: a Mayotte mobile customer's payer gives their attestation; a business has no third-party payer.
            let ali = try await B.create(client, "/api/v1/customers", #"{"name":"Ali","kind":"consumer","territory":"YT"}"#)
            _ = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(ali)","offering":"mayotte-forfait-24-mois","orderedOn":"2026-05-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            let unattested = try await put("/api/v1/customers/\(ali)/payer", #"{"name":"Mariam","email":"mariam@example.fr","designatedOn":"2026-05-10"}"#)
            #expect(unattested.status == .badRequest && unattested.text.contains("003 CG 10"), "\(unattested.text)")
            #expect(try await put("/api/v1/customers/\(ali)/payer",
                                  #"{"name":"Mariam","email":"mariam@example.fr","designatedOn":"2026-05-10","attestationOn":"2026-05-10"}"#).status == .ok)
            let firm = try await B.create(client, "/api/v1/customers", #"{"name":"Atelier","kind":"business","territory":"GP"}"#)
            let business = try await put("/api/v1/customers/\(firm)/payer", #"{"name":"Banque","email":"b@example.fr","designatedOn":"2026-05-10"}"#)
            #expect(business.status == .badRequest && business.text.contains("consumer contracts"), "\(business.text)")
        }
    }

    struct Letter: Decodable {
        struct Address: Decodable { let city: String }
        let id: String; let name: String; let address: Address?; let subject: String; let text: String; let reference: String; let invoiceID: String?
        let queuedOn: String; let postedOn: String?
    }

    /// 001 CG 10.1: « Une facture sur support papier peut être envoyée au Client s'il en fait la demande expresse » (D-BILL-15).
    /// Asked on 20 May, May's invoice (issued 1 June) is queued as a letter to post with its cover text; given up on 10 June,
    /// June's is not. Without a postal address the request is refused. Unpaid, Paul — no e-mail address — is reminded by
    /// a letter too.
    @Test func aPaperInvoiceIsALetterToPostOnceAsked() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-20T12:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, _ in
            func put(_ uri: String, _ body: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .put, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            }
            func letters(_ status: String) async throws -> [Letter] {
                try await client.execute(uri: "/api/v1/letters?status=\(status)", method: .get).json([Letter].self)
            }
            let paul = try await B.create(client, "/api/v1/customers",
                #"{"name":"Paul Ursulet","kind":"consumer","territory":"GP","address":{"line1":"3 rue Schœlcher","postcode":"97110","city":"Pointe-à-Pitre","territory":"GP"}}"#)
            let ctr = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(paul)","offering":"livebox-infini-fibre","orderedOn":"2026-05-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await B.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-05-17"}"#).status == .ok)
            let homeless = try await B.create(client, "/api/v1/customers", #"{"name":"Léo","kind":"consumer","territory":"GP"}"#)
            let refused = try await put("/api/v1/customers/\(homeless)/paper-invoices", #"{"paper":true,"on":"2026-05-20"}"#)
            #expect(refused.status == .badRequest && refused.text.contains("no postal address"), "\(refused.text)")
            #expect(try await put("/api/v1/customers/\(paul)/paper-invoices", #"{"paper":true,"on":"2026-05-20"}"#).status == .ok)
            try clock.set("2026-06-01T08:00:00-04:00")
            #expect(try await B.runBills(client, "2026-05").issued == 1)
            let invoice = try #require(try await B.invoices(client, paul).first).invoice
            let queued = try await letters("pending")
            #expect(queued.map { "\($0.name) \($0.address?.city ?? "") \($0.subject) \($0.reference) \($0.queuedOn)" }
                    == ["Paul Ursulet Pointe-à-Pitre Votre facture de mai 2026 (n° \(invoice.number)) invoice \(invoice.number) 2026-06-01"])
            #expect(queued.first?.invoiceID == invoice.id && queued.first?.text.contains("Comme vous l'avez demandé, voici sur papier votre facture") == true)
            let letter = try #require(queued.first).id
            try clock.set("2026-06-17T08:00:00-04:00")
            let early = try await B.post(client, "/api/v1/letters/\(letter)/posted", #"{"on":"2026-05-31"}"#)
            #expect(early.status == .badRequest, "\(early.text)")
            #expect(try await B.post(client, "/api/v1/letters/\(letter)/posted", #"{"on":"2026-06-02"}"#).status == .ok)
            #expect(try await letters("posted").map(\.postedOn) == ["2026-06-02"])
            #expect(try await B.post(client, "/api/v1/letters/\(letter)/posted", #"{"on":"2026-06-03"}"#).status == .badRequest)

            // Unpaid on its due day: the reminder of the 17th goes by letter, no e-mail address being known.
            #expect(try await B.post(client, "/api/v1/dunning/run", #"{"on":"2026-06-17"}"#).status == .ok)
            #expect(try await letters("pending").map { "\($0.subject) \($0.reference)" } == ["Relance : facture \(invoice.number) impayée invoice \(invoice.number)"])

            #expect(try await put("/api/v1/customers/\(paul)/paper-invoices", #"{"paper":false,"on":"2026-06-10"}"#).status == .ok)
            try clock.set("2026-07-01T08:00:00-04:00")
            #expect(try await B.runBills(client, "2026-06").issued == 1)
            #expect(try await letters("pending").count == 1)
        }
    }
}
