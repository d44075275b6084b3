import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23: dunning acts on its day and as the documents say. A Martinique Livebox invoice of May 2026, due 16 June,
/// left unpaid (001 CG 17: suspension after a reminder left without effect; 001 CG 18.2: termination after a formal
/// notice): a first run late on 26 June takes the reminder and the formal notice that day, each sent by e-mail, and no
/// measure yet; the next day's run suspends; the payment of what is owed resumes the line and ends the sequence.
@Suite struct DunningRunTests {
    struct Entry: Decodable { let step: String; let on: String; let detail: String }
    struct Mail: Decodable { let to: [String]; let subject: String; let body: String }
    struct Contract: Decodable { struct Step: Decodable { let action: String; let on: String; let note: String? }; let id: String; let state: String; let history: [Step] }

    @Test func aLateRunDatesItsStepsTheDayItRunsMailsItsNoticesAndAPaymentResumesTheLine() async throws {
        try await TestApp.run { client, store in
            typealias B = BillingRoutesTests
            let cus = try await B.create(client, "/api/v1/customers",
                                         #"{"name":"Léa Hoarau","kind":"consumer","territory":"MQ","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            let ctr = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-infini-fibre","orderedOn":"2026-05-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await B.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-05-17"}"#).status == .ok)
            _ = try await B.runBills(client)
            let invoice = try #require(try await B.invoices(client, cus).first).invoice
            func run(_ day: String) async throws -> [String] {
                try await B.post(client, "/api/v1/dunning/run", #"{"on":"\#(day)"}"#).json([Entry].self).map { "\($0.step) \($0.on)" }
            }
            func contract() async throws -> Contract { try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Contract.self) }

            // Late: the reminder (due 17 June) and the formal notice (26 June) go out on 26 June; the suspension waits for
            // the reminder to be left without effect.
            #expect(try await run("2026-06-26") == ["reminder 2026-06-26", "formalNotice 2026-06-26"])
            #expect(try await contract().state == "active")
            let mails = try await store.events(stream: "outbox", after: 0).compactMap { try? JSONDecoder().decode(Mail.self, from: Data($0.payload.utf8)) }
                .filter { $0.to == ["lea@example.fr"] }
            // The invoice's own notice came with it (001 CG 10.1), then the two dunning notices.
            #expect(mails.map(\.subject) == ["Votre facture de mai 2026 est disponible",
                                              "Relance : facture \(invoice.number) impayée", "Mise en demeure de payer la facture \(invoice.number)"])
            #expect(mails.dropFirst().allSatisfy { $0.body.contains("\(invoice.totals.includingTax) € TTC restent dus") && $0.body.contains("26/06/2026") })
            #expect(try await run("2026-06-26") == [])
            #expect(try await run("2026-06-27") == ["suspension 2026-06-27"])
            #expect(try await contract().state == "suspended")

            // Paid in full: the line is resumed the day the payment is recorded (the server's clock: 21 November 2026).
            let paid = try await B.post(client, "/api/v1/customers/\(cus)/payments",
                                        #"{"id":"VIR-9","method":"transfer","amount":"\#(invoice.totals.includingTax)","receivedOn":"2026-06-30"}"#)
            #expect(paid.status == .created, "\(paid.text)")
            let resumed = try await contract()
            #expect(resumed.state == "active")
            #expect(resumed.history.last.map { "\($0.action) \($0.on) \($0.note ?? "")" } == "resume 2026-11-21 payment VIR-9: nothing overdue")
            #expect(try await run("2026-07-16") == [])
        }
    }
}
