import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 7 over HTTP: a bill run for May 2026 over the acceptance customers, from orders, lines
/// and imported CDRs to numbered invoices; documents; re-runs; credit notes; payments.
@Suite struct BillingRoutesTests {
    struct Created: Decodable { let id: String }
    struct Run: Decodable { let id: String; let finishedAt: String?; let accounts: Int; let issued: Int; let existing: Int; let empty: Int }
    struct View: Decodable {
        struct Doc: Decodable {
            struct Totals: Decodable { let excludingTax: String; let tax: String; let includingTax: String }
            struct Line: Decodable { let category: String; let label: String; let quantity: Int; let amount: String; let from: String? }
            let id: String; let number: String; let totals: Totals; let lines: [Line]; let corrects: String?; let surchargeOf: String?
            let issueDate: String; let mentions: [String]
        }
        let invoice: Doc; let state: String; let paid: String; let credited: String
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    /// The id of what a POST created; the server's refusal when it created nothing.
    static func create(_ client: any TestClientProtocol, _ uri: String, _ body: String) async throws -> String {
        let response = try await post(client, uri, body)
        try #require([.created, .accepted].contains(response.status), "\(uri): \(response.text)")
        guard let created = try? response.json(Created.self) else { throw DecodeFailure(text: "\(uri): \(response.text)") }
        return created.id
    }
    struct DecodeFailure: Error { let text: String }

    /// A Livebox Infini Fibre customer activated on 17 May 2026 with two calls (001 Annexe 4).
    static func livebox(_ client: any TestClientProtocol, territory: String, number: String) async throws -> String {
        let cus = try await create(client, "/api/v1/customers", #"{"name":"Client \#(territory)","kind":"consumer","territory":"\#(territory)"}"#)
        let ctr = try await create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-infini-fibre","orderedOn":"2026-05-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
        #expect(try await post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-05-17"}"#).status == .ok)
        #expect(try await post(client, "/api/v1/lines", #"{"number":"\#(number)","contractId":"\#(ctr)"}"#).status == .created)
        return cus
    }

    /// WTE: 2 sites, 7 Pack Calling licences (one assigned on 28 May), site B deployed on 4 May,
    /// site A's 2 000-minute pool (4 users) exceeded by 9 minutes to a mobile.
    static func workplace(_ client: any TestClientProtocol) async throws -> String {
        let cus = try await business(client)
        let ctr = try await create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"wte-pack-calling","quantity":7,"engagementMonths":36,"orderedOn":"2026-04-01"}"#)
        #expect(try await post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-05-04"}"#).status == .ok)
        for (user, site, day) in [("a1", "A", "04"), ("a2", "A", "04"), ("a3", "A", "04"), ("a4", "A", "04"), ("b1", "B", "04"), ("b2", "B", "04"), ("b3", "B", "28")] {
            #expect(try await post(client, "/api/v1/contracts/\(ctr)/licences", #"{"user":"\#(user)","site":"\#(site)","on":"2026-05-\#(day)"}"#).status == .created)
        }
        for (i, site) in ["A", "A", "A", "A"].enumerated() {
            #expect(try await post(client, "/api/v1/lines", #"{"number":"+3314000000\#(i)","contractId":"\#(ctr)","site":"\#(site)"}"#).status == .created)
        }
        let fee = try await post(client, "/api/v1/customers/\(cus)/charges", #"{"priceID":"wte-frais-deploiement-site-price","on":"2026-05-04","site":"B"}"#)
        #expect(fee.status == .created, "\(fee.text)")
        return cus
    }

    /// A business with two sites, A and B, and seven users.
    static func business(_ client: any TestClientProtocol) async throws -> String {
        let addr = #"{"line1":"1 rue A","postcode":"75001","city":"Paris","territory":"FR"}"#
        let users = (1...4).map { #"{"id":"a\#($0)","name":"A\#($0)","site":"A"}"# } + (1...3).map { #"{"id":"b\#($0)","name":"B\#($0)","site":"B"}"# }
        let body = #"{"name":"Atelier & Cie","kind":"business","territory":"FR","address":\#(addr),"sites":[{"id":"A","name":"Paris","address":\#(addr)},{"id":"B","name":"Lyon","address":\#(addr)}],"users":[\#(users.joined(separator: ","))]}"#
        return try await create(client, "/api/v1/customers", body)
    }

    static let cdrs = [
        "id,line,kind,called,start,quantity,called_type",
        "mq1,+596596711234,voice,+213210000000,2026-05-18T10:00:00-04:00,125,",
        "mq2,+596596711234,voice,+5511912345678,2026-05-18T11:00:00-04:00,61,mobile",
        "gy1,+594594301234,voice,+213210000000,2026-05-18T10:00:00-03:00,125,",
        "gy2,+594594301234,voice,+5511912345678,2026-05-18T11:00:00-03:00,61,mobile",
        "w1,+33140000000,voice,+33612345678,2026-05-05T10:00:00+02:00,30000,mobile",
        "w2,+33140000001,voice,+33612345678,2026-05-06T10:00:00+02:00,30000,mobile",
        "w3,+33140000002,voice,+33612345678,2026-05-07T10:00:00+02:00,30000,mobile",
        "w4,+33140000003,voice,+33612345678,2026-05-08T10:00:00+02:00,30000,mobile",
        "w5,+33140000000,voice,+33612345678,2026-05-21T10:00:00+02:00,540,mobile",
    ].joined(separator: "\n")

    static func runBills(_ client: any TestClientProtocol, _ period: String = "2026-05") async throws -> Run {
        let started = try await post(client, "/api/v1/bill-runs", #"{"period":"\#(period)"}"#)
        #expect(started.status == .accepted)
        guard let id = try? started.json(Created.self).id else { throw DecodeFailure(text: started.text) }
        for _ in 0..<200 {
            let run = try (try await client.execute(uri: "/api/v1/bill-runs/\(id)", method: .get)).json(Run.self)
            if run.finishedAt != nil { return run }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    static func invoices(_ client: any TestClientProtocol, _ customer: String) async throws -> [View] {
        try (try await client.execute(uri: "/api/v1/customers/\(customer)/invoices", method: .get)).json([View].self)
    }

    /// 004 §9.1 DUR-3 (D-RUN-26): six licences assigned on 4 May, two of them removed on 20 May, the seventh assigned on
    /// 28 May. June: 5 active, but the 6 packs once active at once are kept: 6 × 12.00 (SAMPLE) = 72.00.
    @Test func packsOnceActiveAreKeptUpToTheInitialOrder() async throws {
        try await TestApp.run { client, _ in
            let wte = try await Self.workplace(client)
            let ctr = try #require(try await client.execute(uri: "/api/v1/contracts?customer=\(wte)", method: .get).text
                .firstMatch(of: /"id":"(ctr_[^"]+)"/)?.1)
            for user in ["b1", "b2"] {
                let removed = try await Self.post(client, "/api/v1/contracts/\(ctr)/licences", #"{"user":"\#(user)","on":"2026-05-20","removed":true}"#)
                #expect(removed.status == .created, "\(removed.text)")
            }
            #expect(try await Self.runBills(client, "2026-05").issued == 1)
            #expect(try await Self.runBills(client, "2026-06").issued == 1)
            let june = try #require(try await Self.invoices(client, wte).first { $0.invoice.lines.first?.from == "2026-06-01" })
            #expect(june.invoice.lines.map(\.amount) == ["72.00"])
            #expect(june.invoice.lines[0].quantity == 6)
        }
    }

    /// 004 §9.2 TER-4 (D-RUN-27): seven packs ordered on 4 May, cancelled on 12 May before their mise en service: the two
    /// sites' deployment fees (SAMPLE 150.00 each) on the May invoice, nothing of the 36 months.
    @Test func anOrderCancelledBeforeItsMiseEnServiceOwesItsDeploymentFees() async throws {
        try await TestApp.run { client, _ in
            let cus = try await Self.business(client)
            let ctr = try await Self.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"wte-pack-calling","quantity":7,"engagementMonths":36,"orderedOn":"2026-05-04"}"#)
            let quote = try await client.execute(uri: "/api/v1/contracts/\(ctr)/termination-quote?on=2026-05-12", method: .get)
            #expect(quote.text.contains(#""total":"300.00""#) && quote.text.contains("004 §9.2 TER-4"), "\(quote.text)")
            let cancelled = try await Self.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"cancel","on":"2026-05-12"}"#)
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            #expect(try await Self.runBills(client).issued == 1)
            let may = try #require(try await Self.invoices(client, cus).first)
            #expect(may.invoice.lines.map { "\($0.label) \($0.amount)" } == ["Frais de déploiement des sites (annulation avant mise en service) 300.00"])
        }
    }

    @Test func mayBillRunForTheAcceptanceCustomers() async throws {
        try await TestApp.run { client, store in
            let mq = try await Self.livebox(client, territory: "MQ", number: "0596 71 12 34")
            let gy = try await Self.livebox(client, territory: "GF", number: "0594 30 12 34")
            let wte = try await Self.workplace(client)
            let imported = try await Self.post(client, "/api/v1/usage/imports?format=csv", Self.cdrs)
            #expect(imported.text.contains(#""quarantined":0"#), "\(imported.text)")

            let dry = try await Self.post(client, "/api/v1/bill-runs", #"{"period":"2026-05","dryRun":true}"#)
            #expect(dry.status == .ok && dry.text.contains(#""number":"""#))
            #expect(try await store.invoiceCount() == 0)

            let run = try await Self.runBills(client)
            #expect(run.accounts == 3 && run.issued == 3 && run.existing == 0 && run.empty == 0)

            // 001 CG 10.1 prorata 64.90 × 15/31 = 31.40; usage 2.1625 + 0.7019 (DOM1) → 34.26 TTC, 31.58 HT, VAT 8.5 % 2.68.
            let martinique = try #require(try await Self.invoices(client, mq).first)
            #expect(martinique.invoice.number == "FA2026-000001")
            #expect((martinique.invoice.totals.includingTax, martinique.invoice.totals.excludingTax, martinique.invoice.totals.tax) == ("34.26", "31.58", "2.68"))
            #expect(martinique.invoice.lines.map(\.category) == ["recurring", "usage", "usage"])
            // Guyane (DOM2, VAT 0 %): 31.40 + 1.992 + 0.6471 → 34.04.
            let guyane = try #require(try await Self.invoices(client, gy).first)
            #expect((guyane.invoice.totals.includingTax, guyane.invoice.totals.tax) == ("34.04", "0.00"))
            // WTE: 7 × 12.00 (SAMPLE) + deployment 150.00 (SAMPLE) + 540 s × 0.05/min (SAMPLE) = 234.45 HT, VAT 20 % 46.89.
            let business = try #require(try await Self.invoices(client, wte).first)
            #expect(business.invoice.lines.map(\.amount) == ["84.00", "150.00", "0.45"])
            #expect(business.invoice.lines[0].quantity == 7)
            #expect((business.invoice.totals.excludingTax, business.invoice.totals.tax, business.invoice.totals.includingTax) == ("234.45", "46.89", "281.34"))

            // Running the period again issues nothing and takes no number.
            let again = try await Self.runBills(client)
            #expect(again.issued == 0 && again.existing == 3)
            #expect(try await store.series() == ["FA2026": 3])

            // Documents: TMF678, its rates, the page, and the Factur-X XML of the business invoice.
            let bill = try await client.execute(uri: "/tmf-api/customerBillManagement/v4/customerBill/\(business.invoice.id)", method: .get)
            #expect(bill.text.contains(#""state":"validated""#) && bill.text.contains(#""taxIncludedAmount":{"unit":"EUR","value":281.34}"#))
            let rates = try await client.execute(uri: "/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate?bill.id=\(business.invoice.id)", method: .get)
            #expect(rates.text.contains(#""type":"recurring""#) && rates.text.contains("004 §15"))
            let page = try await client.execute(uri: "/api/v1/invoices/\(martinique.invoice.id)/html", method: .get)
            #expect(page.text.contains("Facture FA2026-000001") && page.text.contains("34,26"))
            #expect(page.text.contains("name=viewport") && page.text.contains("@media print"))
            let xml = try await client.execute(uri: "/api/v1/invoices/\(business.invoice.id)/facturx.xml", method: .get)
            #expect(xml.text.contains("<ram:GrandTotalAmount>281.34</ram:GrandTotalAmount>") && xml.text.contains("Atelier &amp; Cie"))
        }
    }

    @Test func creditNotesAndPayments() async throws {
        try await TestApp.run { client, _ in
            let mq = try await Self.livebox(client, territory: "MQ", number: "0596 71 12 34")
            _ = try await Self.post(client, "/api/v1/usage/imports?format=csv", Self.cdrs)
            _ = try await Self.runBills(client)
            let invoice = try #require(try await Self.invoices(client, mq).first).invoice

            // The usage lines (2.16 + 0.70) credited; the same key twice makes one note.
            let body = #"{"lines":[1,2],"reason":"appels contestés","on":"2026-06-05","key":"dispute-1"}"#
            let note = try (try await Self.post(client, "/api/v1/invoices/\(invoice.id)/credit-notes", body)).json(View.self)
            #expect(note.invoice.number == "AV2026-000001" && note.invoice.corrects == invoice.number)
            #expect(note.invoice.totals.includingTax == "-2.86")
            let same = try (try await Self.post(client, "/api/v1/invoices/\(invoice.id)/credit-notes", body)).json(View.self)
            #expect(same.invoice.number == "AV2026-000001")
            // A credit note owes nothing: asking for its dunning is a bad request, not a crash (found by schemathesis).
            let dunning = try await client.execute(uri: "/api/v1/invoices/\(note.invoice.id)/dunning", method: .get)
            #expect(dunning.status == .badRequest && dunning.text.contains("is a credit note"))
            // Crediting everything now exceeds what is left.
            let over = try await Self.post(client, "/api/v1/invoices/\(invoice.id)/credit-notes", #"{"reason":"x","key":"k2"}"#)
            #expect(over.status == .unprocessableContent)

            // 34.26 − 2.86 = 31.40 left: 20.00 then 11.40 settle it; the bank's id makes a replay harmless.
            let p1 = try await Self.post(client, "/api/v1/customers/\(mq)/payments", #"{"id":"VIR-1","method":"transfer","amount":"20.00","receivedOn":"2026-06-10"}"#)
            #expect(p1.status == .created, "\(p1.text)")
            #expect(try await Self.post(client, "/api/v1/customers/\(mq)/payments", #"{"id":"VIR-1","method":"transfer","amount":"20.00","receivedOn":"2026-06-10"}"#).status == .ok)
            var current = try #require(try await Self.invoices(client, mq).first { $0.invoice.id == invoice.id })
            #expect(current.state == "partiallyPaid" && current.paid == "20.00" && current.credited == "2.86")
            _ = try await Self.post(client, "/api/v1/customers/\(mq)/payments", #"{"id":"VIR-2","method":"card","amount":"11.40","receivedOn":"2026-06-12"}"#)
            current = try #require(try await Self.invoices(client, mq).first { $0.invoice.id == invoice.id })
            #expect(current.state == "settled")
            struct Balance: Decodable { let invoiced: String; let credited: String; let paid: String; let due: String }
            let balance = try (try await client.execute(uri: "/api/v1/customers/\(mq)/balance", method: .get)).json(Balance.self)
            #expect((balance.invoiced, balance.credited, balance.paid, balance.due) == ("34.26", "2.86", "31.40", "0.00"))
        }
    }

    /// 001 CG 17, 18.2 and 10.2 on the Martinique invoice (54.90… due 16 June 2026) left unpaid.
    @Test func dunningSuspendsThenTerminatesThroughTheContractStateMachine() async throws {
        try await TestApp.run { client, _ in
            let mq = try await Self.livebox(client, territory: "MQ", number: "0596 71 12 34")
            _ = try await Self.runBills(client)
            let invoice = try #require(try await Self.invoices(client, mq).first).invoice
            struct Entry: Decodable { let step: String; let on: String; let detail: String }
            func run(_ day: String) async throws -> [String] {
                try (try await Self.post(client, "/api/v1/dunning/run", #"{"on":"\#(day)"}"#)).json([Entry].self).map(\.step)
            }
            struct Contract: Decodable { let id: String; let state: String }
            func state() async throws -> String {
                try (try await client.execute(uri: "/api/v1/contracts?customer=\(mq)", method: .get)).json([Contract].self).first?.state ?? "none"
            }
            #expect(try await run("2026-06-16") == [])
            #expect(try await run("2026-06-17") == ["reminder"])
            #expect(try await run("2026-06-17") == [])
            // Day N, the 10th after the due date: the formal notice (SAMPLE day), no suspension yet; day N + 1, the suspension.
            #expect(try await run("2026-06-26") == ["formalNotice"])
            #expect(try await state() == "active")
            #expect(try await run("2026-06-27") == ["suspension"])
            #expect(try await state() == "suspended")
            // The notice unanswered for the 8 days after it (27 June to 4 July): nothing on the 4th, the surcharge from the 5th,
            // per started 15-day period.
            #expect(try await run("2026-07-04") == [])
            #expect(try await run("2026-07-05") == ["penalty-2"])
            // …billed that day on an invoice of its own, outside VAT's scope (D-RUN-19; EN 16931 mixes no "O" line with taxed
            // ones): the invoice's 28.94 HT × 3 × 6.65 % (the SAMPLE legal rate) × 15/365 × 2 periods (19 days late) = 0.4745 → 0.47.
            let late = try #require(try await Self.invoices(client, mq).first { $0.invoice.id == invoice.id }).invoice
            let surcharge = try #require(try await Self.invoices(client, mq).first { $0.invoice.surchargeOf == invoice.number }).invoice
            #expect(surcharge.issueDate == "2026-07-05" && surcharge.totals.tax == "0.00" && surcharge.totals.includingTax == surcharge.totals.excludingTax)
            #expect(surcharge.lines.map { "\($0.label) \($0.amount)" } == ["Majoration pour retard de paiement de la facture \(invoice.number) (2 période(s) de 15 jours) 0.47"])
            #expect(surcharge.mentions.contains(Invoice.surchargeMention))
            let xml = try await client.execute(uri: "/api/v1/invoices/\(surcharge.id)/facturx.xml", method: .get)
            #expect(xml.text.contains("<ram:CategoryCode>O</ram:CategoryCode>") && !xml.text.contains("<ram:CategoryCode>S</ram:CategoryCode>"), "\(xml.text)")
            // The 30 days after the due date end on 16 July: the termination on the 17th (001 CG 18.2).
            #expect(try await run("2026-07-16") == [])
            #expect(try await state() == "suspended")
            // The third period starts on the 31st day late, 17 July too, within a month of the surcharge billed: logged, billed
            // with the next one (D-RUN-19). A run on 16 August, the 61st day, finds 5 periods: 28.94 × 3 × 6.65 % × 15/365 × 5
            // = 1.1863 → 1.19, of which 0.47 is billed already: 0.72 on another invoice. The surcharges' own invoices are never dunned.
            #expect(try await run("2026-07-17") == ["termination", "penalty-3"])
            #expect(try await state() == "terminated")
            func surcharges() async throws -> [String] {
                try await Self.invoices(client, mq).filter { $0.invoice.surchargeOf == invoice.number }.map(\.invoice.totals.includingTax).sorted()
            }
            #expect(late.totals.excludingTax == "28.94")
            #expect(try await surcharges() == ["0.47"])
            #expect(try await run("2026-08-16") == ["penalty-5"])
            #expect(try await surcharges() == ["0.47", "0.72"])
            let status = try await client.execute(uri: "/api/v1/invoices/\(invoice.id)/dunning?on=2026-07-17", method: .get)
            #expect(status.text.contains("001 CG 10.2") && status.text.contains(#""daysLate":31"#), "\(status.text)")
        }
    }
}
