import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 10.1: « Le Client recevra chaque mois une notification de mise à disposition de sa facture sur son adresse
/// électronique de contact » — queued in the transaction that issues the invoice, so a run started again after a crash
/// neither loses nor repeats one (D-BILL-11).
@Suite struct InvoiceNoticeTests {
    struct Mail: Decodable { let to: [String]; let subject: String; let body: String }

    @Test func eachIssuedInvoiceIsAnnouncedOnceToTheContactAddress() async throws {
        try await TestApp.run { client, store in
            typealias B = BillingRoutesTests
            let lea = try await B.create(client, "/api/v1/customers",
                                         #"{"name":"Léa Hoarau","kind":"consumer","territory":"MQ","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            let paul = try await B.create(client, "/api/v1/customers", #"{"name":"Paul Ursulet","kind":"consumer","territory":"GP"}"#)
            for cus in [lea, paul] {
                let ctr = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-infini-fibre","orderedOn":"2026-05-02"}"#)
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
}
