import Foundation
import GuichetCore
import GuichetMail
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 24, acceptance: a Livebox customer's whole life through the API, each step on its day (the clock moved with
/// it), each invoice hand-computed. Léa, Guadeloupe (DOM1), Livebox Essentiel ADSL/VDSL2 at 49.90 (001 Annexe 1), then
/// Livebox Essentiel Fibre at 54.90 after her move.
@Suite struct LiveboxLifeTests {
    struct Stated: Decodable {
        struct Deposit: Decodable { let amount: String; let refunded: String? }
        let state: String; let customerID: String; let equipmentReturnedOn: String?; let deposit: Deposit?
    }
    struct Line: Decodable { let amount: String }

    @Test func orderToPortOut() async throws {
        let clock = TestClock(try Instant(iso: "2026-01-05T09:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, store in
            typealias B = BillingRoutesTests
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            func on(_ local: String) throws { try clock.set(local + "-04:00") }
            let cus = try await B.create(client, "/api/v1/customers",
                                         #"{"name":"Léa Bonheur","kind":"consumer","territory":"GP","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            // Ordered at a distance on Monday 5 January 2026 (CG 1: a consumer in Guadeloupe).
            let ctr = try await B.create(client, "/api/v1/contracts",
                                         #"{"customer":"\#(cus)","offering":"livebox-essentiel-xdsl","orderedOn":"2026-01-05","distanceSale":true}"#)
            let contract = "/api/v1/contracts/\(ctr)"
            // CG 2: her documents' copies arrive on 12 January, within the 15 days: no reminder.
            try on("2026-01-12T10:00:00")
            #expect(try await post("\(contract)/subscription-documents", #"{"receivedOn":"2026-01-12"}"#).status == .ok)
            // CG 3: a deposit asked the next day, within the 48 hours, paid that day.
            try on("2026-01-06T10:00:00")
            #expect(try await post("\(contract)/deposit", #"{"step":"requested","on":"2026-01-06","reason":"noDirectDebit","amount":"150.00"}"#).status == .ok)
            #expect(try await post("\(contract)/deposit", #"{"step":"paid","on":"2026-01-06"}"#).status == .ok)
            // CG 5.2: the technician's visit, fixed for 22 January and held.
            #expect(try await post("\(contract)/appointments", #"{"step":"needed","at":"2026-01-05T10:00:00-04:00"}"#).status == .ok)
            #expect(try await post("\(contract)/appointments", #"{"step":"booked","slot":"2026-01-22T09:00:00-04:00","at":"2026-01-06T10:00:00-04:00"}"#).status == .ok)
            try on("2026-01-24T12:00:00")
            #expect(try await post("\(contract)/appointments", #"{"step":"held","at":"2026-01-22T11:00:00-04:00"}"#).status == .ok)
            // CG 7.2: activated Saturday 24 January, four days after the 15 (21 to 24 January): 49.90 × 4 / 31 = 6.44 credited.
            #expect(try await post("\(contract)/transitions", #"{"action":"activate","on":"2026-01-24"}"#).status == .ok)
            #expect(try await post("/api/v1/lines", #"{"number":"0590 27 12 34","contractId":"\#(ctr)"}"#).status == .created)
            // February's calls: the customer service (Préambule: a normal call, included) and Algeria, 125 s: 0.10 + 0.99 × 125 / 60.
            let calls = ["id,line,kind,called,start,quantity,called_type",
                         "c1,+590590271234,voice,3900,2026-02-10T10:00:00-04:00,600,",
                         "c2,+590590271234,voice,+213210000000,2026-02-10T11:00:00-04:00,125,"].joined(separator: "\n")
            try on("2026-02-11T08:00:00")
            #expect(try await post("/api/v1/usage/imports?format=csv", calls).json(LineReleaseRoutesTests.Report.self).rated == 2)
            // CG 13: reported Monday 2 March 09:00, due back by Monday 16 March 09:00 (12 jours ouvrables), back on Friday 20:
            // the 18 days refunded, 49.90 × 18 / 31 = 28.97.
            try on("2026-03-21T10:00:00")
            let refund = try await post("\(contract)/quality-compensation",
                                        #"{"kind":"restoration","reportedAt":"2026-03-02T09:00:00-04:00","restoredAt":"2026-03-20T09:00:00-04:00"}"#)
            #expect(try refund.json(Line.self).amount == "28.97", "\(refund.text)")
            // CG 12: moving on 1 April to a home fibre reaches, she consents to Livebox Essentiel Fibre (54.90), asked on the
            // 21st for the move's day and made by the scheduler on it; the engagement goes on.
            let move = try await client.execute(uri: "\(contract)/moving?home=fibreEligible&on=2026-04-01", method: .get)
            #expect(move.status == .ok && move.text.contains("001 CG 12"), "\(move.text)")
            #expect(try await post("\(contract)/offer-changes", #"{"offering":"livebox-essentiel-fibre","requestedOn":"2026-03-21","timing":"on","on":"2026-04-01","moving":{"movedOn":"2026-04-01","home":"fibreEligible"},"consent":true}"#).status == .ok)
            for period in ["2026-01", "2026-02", "2026-03"] { _ = try await B.runBills(client, period) }
            try on("2026-04-01T06:00:00")
            #expect(try await post("/api/v1/obligations/run-due", #"{"until":"2026-04-01"}"#).json([ObligationRoutesTests.Due].self).map(\.kind) == ["offerChange"])
            // A3 3.3: the number leaves on Tuesday 14 April: the contract ends that day, the line with it.
            try on("2026-04-14T09:00:00")
            #expect(try await post("\(contract)/transitions", #"{"action":"requestTermination","on":"2026-04-14","termination":{"portOut":true}}"#).status == .ok)
            #expect(try await post("/api/v1/obligations/run-due", #"{"until":"2026-04-14"}"#).status == .ok)
            // CG 6.3: the Livebox back on 20 April, confirmed.
            try on("2026-04-20T15:00:00")
            #expect(try await post("\(contract)/equipment-return", #"{"on":"2026-04-20"}"#).status == .ok)
            // January and February paid; March's left unpaid when the deposit comes back (CG 3, D-RUN-20): kept in deduction.
            let invoices = try await B.invoices(client, cus).sorted { $0.invoice.issueDate < $1.invoice.issueDate }
            for paid in invoices.prefix(2) {
                #expect(try await post("/api/v1/customers/\(cus)/payments",
                                       #"{"id":"VIR-\#(paid.invoice.number)","method":"transfer","amount":"\#(paid.invoice.totals.includingTax)","receivedOn":"2026-04-20"}"#).status == .created)
            }
            try on("2026-04-24T09:00:00")
            #expect(try await post("/api/v1/obligations/run-due", #"{"until":"2026-04-24"}"#).status == .ok)
            _ = try await B.runBills(client, "2026-04")

            let ended = try await client.execute(uri: contract, method: .get).json(Stated.self)
            #expect(ended.state == "terminated" && ended.equipmentReturnedOn == "2026-04-20", "\(ended)")
            let all = try await B.invoices(client, cus).sorted { $0.invoice.issueDate < $1.invoice.issueDate }
            let lines = all.map { i in "\(i.invoice.issueDate) \(i.invoice.totals.includingTax) " + i.invoice.lines.map { "\($0.label) \($0.amount)" }.joined(separator: "; ") }
            #expect(lines == [
                // 24 to 31 January: 49.90 × 8 / 31 = 12.88, less the late activation.
                "2026-02-01 6.44 Livebox Essentiel ADSL/VDSL2 (prorata) 12.88; Indemnité pour activation tardive -6.44",
                // The month, and Algeria: 2.1625 → 2.16; the 3900 call included.
                "2026-03-01 52.06 Livebox Essentiel ADSL/VDSL2 49.90; Communications : Maghreb (1) 2.16",
                // March, less CG 13's refund.
                "2026-04-01 20.93 Livebox Essentiel ADSL/VDSL2 49.90; Remboursement : service rétabli au-delà de 12 jours ouvrables -28.97",
                // Fibre since the move: 1 to 14 April, 54.90 × 14 / 30 = 25.62; CG 18.1 and A3 3.3: the 50.00 fee and the
                // engagement's rest at 54.90, to 23 January 2027 — 15 to 30 April (16/30: 29.28), May to December (8 × 54.90),
                // 1 to 23 January (23/31: 40.73).
                "2026-05-01 584.83 Livebox Essentiel Fibre (prorata) 25.62; Frais de résiliation 50.00; Mensualités restant dues jusqu'à la fin de l'engagement 509.21",
            ], "\(lines)")
            // The deposit back on 24 April, ten days after the end: 150.00 less March's 20.93 still owed.
            #expect(ended.deposit?.refunded == "129.07", "\(String(describing: ended.deposit))")
            let mails = try await store.mailDeliveries(limit: 100).map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }
            #expect(mails.filter { $0.subject.hasSuffix(" est disponible") }.count == 4)
            // A3 3.2: told the port-out was confirmed, with its day and what it ends (outside the withdrawal period: the engagement).
            let ported = try #require(mails.first { $0.subject == "Portabilité de votre numéro confirmée (contrat \(ctr))" })
            #expect(ported.to == ["lea@example.fr"] && ported.body.contains("Le portage aura lieu le 14/04/2026")
                    && ported.body.contains("durée d'engagement de votre contrat restent applicables"), "\(ported.body)")
        }
    }
}
