import Foundation
import GuichetCore
import GuichetData
import GuichetMail
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 25, acceptance: two Mayotte customers through their whole life over the API, each step on its day (Mayotte is
/// UTC+3), the invoices hand-computed. SAMPLE prices of the 003 catalog: capped plan 15.00 of credit a month, 24-month plan
/// 20.00; calls to Mayotte, France and the DOM 0.30 €/min out of the bundle.
@Suite struct MayotteLifeTests {
    struct Stated: Decodable { struct Deposit: Decodable { let amount: String; let paidOn: String? }; let state: String; let deposit: Deposit? }
    struct Credit: Decodable { let monthlyLeft: Money; let carriedLeft: Money; let rechargeLeft: Money }

    /// Zaïna: a capped plan ordered on Monday 5 January 2026 in a shop, activated on the 6th. Its schedule is mailed the day
    /// of the order. She tops up 10.00 on 10 February and calls a Réunion mobile 30 minutes from La Réunion on the 12th
    /// (9.00, roaming as at home, from her credit). She pays no invoice: reminded, suspended, then terminated.
    /// Ahmed: a 24-month plan the same day, a deposit asked and paid (no direct debit), activated on the 8th; his 20
    /// minutes from La Réunion to a Réunion line are in his unlimited calls, his call from Madagascar waits for the
    /// roaming price. His number leaves for another operator on 10 March.
    @Test func aCappedPlanAndA24MonthPlanFromOrderToPortOut() async throws {
        let clock = TestClock(try Instant(iso: "2026-01-05T09:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, store in
            typealias B = BillingRoutesTests
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            func on(_ local: String) throws { try clock.set(local + "+03:00") }
            func runDue(_ day: String) async throws -> [String] {
                try await post("/api/v1/obligations/run-due", #"{"until":"\#(day)"}"#).json([ObligationRoutesTests.Due].self).map { "\($0.kind) \($0.state)" }
            }
            let zaina = try await B.create(client, "/api/v1/customers",
                                           #"{"name":"Zaïna Abdou","kind":"consumer","territory":"YT","contacts":[{"name":"Zaïna","email":"zaina@example.yt"}]}"#)
            let ahmed = try await B.create(client, "/api/v1/customers",
                                           #"{"name":"Ahmed Soilihi","kind":"consumer","territory":"YT","contacts":[{"name":"Ahmed","email":"ahmed@example.yt"}]}"#)
            let documents = #""presentedDocuments":{"identity":"residentCard","bankDetails":true}"#
            let capped = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(zaina)","offering":"mayotte-forfait-bloque","orderedOn":"2026-01-05",\#(documents)}"#)
            let plan = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(ahmed)","offering":"mayotte-forfait-24-mois","orderedOn":"2026-01-05",\#(documents)}"#)
            // CS-FB 4: the capped plan's schedule goes out on the day it is subscribed.
            #expect(try await runDue("2026-01-05") == ["paymentSchedule done"])
            // CG 9: Ahmed's deposit, asked the next day (within 48 hours), paid that day.
            try on("2026-01-06T10:00:00")
            #expect(try await post("/api/v1/contracts/\(plan)/deposit", #"{"step":"requested","on":"2026-01-06","reason":"noDirectDebit","amount":"100.00"}"#).status == .ok)
            #expect(try await post("/api/v1/contracts/\(plan)/deposit", #"{"step":"paid","on":"2026-01-06"}"#).status == .ok)
            #expect(try await post("/api/v1/contracts/\(capped)/transitions", #"{"action":"activate","on":"2026-01-06"}"#).status == .ok)
            try on("2026-01-08T10:00:00")
            #expect(try await post("/api/v1/contracts/\(plan)/transitions", #"{"action":"activate","on":"2026-01-08"}"#).status == .ok)
            #expect(try await post("/api/v1/lines", #"{"number":"0639 00 55 01","contractId":"\#(capped)"}"#).status == .created)
            #expect(try await post("/api/v1/lines", #"{"number":"0639 00 55 02","contractId":"\#(plan)"}"#).status == .created)

            // CS-FB 3: February opens with 15.00 and January's unused 15.00; the voucher brings it to 40.00.
            try on("2026-02-10T18:00:00")
            let topUp = try await post("/api/v1/contracts/\(capped)/top-ups", #"{"id":"MC-7731","amount":"10.00","channel":"voucher"}"#)
            #expect(try topUp.json(CappedPlanTopUpRoutesTests.Receipt.self).balance == Money(cents: 4_000), "\(topUp.text)")
            // CG 13.2 from La Réunion; CG 13.1 from Madagascar.
            try on("2026-02-14T08:00:00")
            let calls = [CDRFormat.csvHeaderWithVisited,
                         "z1,+262639005501,voice,+262692123456,2026-02-12T10:00:00+04:00,1800,,RE",
                         "a1,+262639005502,voice,+262262123456,2026-02-12T11:00:00+04:00,1200,,RE",
                         "a2,+262639005502,voice,+261202212345,2026-02-13T11:00:00+03:00,300,fixed,MG"].joined(separator: "\n")
            let imported = try await post("/api/v1/usage/imports", calls).json(UsageRoutesTests.Report.self)
            #expect(imported.rated == 2 && imported.quarantined == 1, "\(imported)")
            struct Summary: Decodable { struct L: Decodable { let credit: Credit? }; let lines: [L] }
            let february = try await client.execute(uri: "/api/v1/customers/\(zaina)/consumption?period=2026-02", method: .get).json(Summary.self)
            #expect(february.lines.first?.credit.map { "\($0.monthlyLeft) \($0.carriedLeft) \($0.rechargeLeft)" } == "6.00 15.00 10.00")

            // CG 19: Ahmed's number leaves on Tuesday 10 March.
            try on("2026-03-10T09:00:00")
            #expect(try await post("/api/v1/contracts/\(plan)/transitions", #"{"action":"requestTermination","on":"2026-03-10","termination":{"portOut":true}}"#).status == .ok)
            #expect(try await runDue("2026-03-10") == ["terminate done"])
            #expect(try await client.execute(uri: "/api/v1/contracts/\(plan)", method: .get).json(Stated.self).state == "terminated")

            for period in ["2026-01", "2026-02"] { _ = try await B.runBills(client, period) }
            // Zaïna pays neither January's invoice (due 16 February) nor February's (due 16 March). The dunning run, first made
            // on 17 March, reminds and gives formal notice; the next day it suspends her line (CG 15) — and CG 16.1 ends the
            // contract 15 days after that suspension, on 2 April, not the same day (D-CTR-7).
            try on("2026-03-17T09:00:00")
            _ = try await post("/api/v1/dunning/run", #"{"on":"2026-03-17"}"#)
            try on("2026-03-18T09:00:00")
            _ = try await post("/api/v1/dunning/run", #"{"on":"2026-03-18"}"#)
            #expect(try await client.execute(uri: "/api/v1/contracts/\(capped)", method: .get).json(Stated.self).state == "suspended")
            try on("2026-04-01T09:00:00")
            _ = try await post("/api/v1/dunning/run", #"{"on":"2026-04-01"}"#)
            #expect(try await client.execute(uri: "/api/v1/contracts/\(capped)", method: .get).json(Stated.self).state == "suspended")
            try on("2026-04-02T09:00:00")
            _ = try await post("/api/v1/dunning/run", #"{"on":"2026-04-02"}"#)
            #expect(try await client.execute(uri: "/api/v1/contracts/\(capped)", method: .get).json(Stated.self).state == "terminated")
            for period in ["2026-03", "2026-04"] { _ = try await B.runBills(client, period) }

            func lines(_ customer: String) async throws -> [String] {
                try await B.invoices(client, customer).sorted { $0.invoice.issueDate < $1.invoice.issueDate }
                    .map { i in "\(i.invoice.issueDate) " + i.invoice.lines.map { "\($0.label) \($0.amount)" }.joined(separator: "; ") }
            }
            let zainas = try await lines(zaina)
            #expect(zainas == [
                // 6 to 31 January: 15.00 × 26 / 31 = 12.58; then whole months, suspended or not (CG 15: the fees remain due),
                // her calls paid from the credit; 1 and 2 April: 15.00 × 2 / 30 = 1.00.
                "2026-02-01 Forfait bloqué Mayotte (prorata) 12.58",
                "2026-03-01 Forfait bloqué Mayotte 15.00",
                "2026-04-01 Forfait bloqué Mayotte 15.00",
                // 003 CG 7.1: three times the legal rate (SAMPLE table) on January's 12.58, for three started periods of 15 days.
                "2026-04-01 Majoration pour retard de paiement de la facture FA2026-000001 (3 période(s) de 15 jours) 0.31",
                "2026-05-01 Forfait bloqué Mayotte (prorata) 1.00",
            ], "\(zainas)")
            let ahmeds = try await lines(ahmed)
            #expect(ahmeds == [
                // 8 to 31 January: 20.00 × 24 / 31 = 15.48; February; 1 to 10 March, 20.00 × 10 / 31 = 6.45, with CG 16.2.1's
                // fees on the port-out (L224-28): the months left to the 12th (11 March 2026 to 7 January 2027: 198.06 as the
                // quote counts them) and a quarter of months 13 to 24 (12 × 20.00 / 4 = 60.00).
                "2026-02-01 Forfait mobile Mayotte engagement 24 mois (prorata) 15.48",
                "2026-03-01 Forfait mobile Mayotte engagement 24 mois 20.00",
                "2026-04-01 Forfait mobile Mayotte engagement 24 mois (prorata) 6.45; Mensualités restant dues jusqu'au 12e mois 198.06; Un quart des mensualités des mois 13 à la fin de l'engagement 60.00",
                "2026-04-01 Majoration pour retard de paiement de la facture FA2026-000002 (3 période(s) de 15 jours) 0.38",
            ], "\(ahmeds)")
            let mails = try await EquipmentReturnRoutesTests.mails(store, to: "zaina@example.yt")
            #expect(mails.contains("Échéancier annuel de votre forfait bloqué (contrat \(capped))"), "\(mails)")
        }
    }
}
