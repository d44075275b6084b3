import Foundation
import GuichetMail
import GuichetStore
import GuichetTestSupport
import Testing

/// Issue 23's acceptance for 003 (mobile Mayotte): a base run through 2026 by `guichet simulate`, staff acting on their days
/// with the clock set (Mayotte is UTC+3), checked at hand-computed points. Mariam never pays; Nadia and Saïd pay each
/// invoice on its due day. Invoices are issued on the 1st, due 15 days later (seller.json); VAT does not apply in Mayotte.
struct YearInTheLifeMayotteTests {
    typealias Listed = YearInTheLifeTests.Listed
    typealias Shown = YearInTheLifeTests.Shown

    static let customers = """
        externalId,name,kind,territory,email
        CRM-M,Mariam Ali,consumer,YT,mariam@example.yt
        CRM-N,Nadia Saïd,consumer,YT,nadia@example.yt
        CRM-S,Saïd Madi,consumer,YT,said@example.yt

        """
    static let contracts = """
        externalId,customer,offering,orderedOn,state,activatedOn,chosenActivationDate
        K-M,CRM-M,mayotte-forfait-24-mois,2025-12-01,active,2025-12-05,
        K-N,CRM-N,mayotte-forfait-12-mois,2026-01-05,pendingActivation,,2026-01-08
        K-S,CRM-S,mayotte-forfait-sans-engagement,2025-10-01,active,2025-10-03,

        """

    @Test func mayotte2026() async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, _) = try ContractCLITests.imported(in: dir, customers: Self.customers, contracts: Self.contracts)
        let listed = try JSONDecoder().decode([Listed].self, from: Data(try CLI.run(["contract", "list", "--json"] + common).stdout.utf8))
        let ids = Dictionary(uniqueKeysWithValues: listed.map { ($0.externalID ?? "", $0) })
        let (mariam, nadia, said) = (try #require(ids["K-M"]), try #require(ids["K-N"]), try #require(ids["K-S"]))

        func simulate(_ from: String, _ to: String) throws -> String {
            let r = try CLI.run(["simulate", "--from", from, "--to", to] + common)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        func run(_ args: [String], clock: String) throws -> String {
            let r = try CLI.run(args + ["--clock", clock] + common)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r.stdout
        }
        func invoices(_ customer: String, _ period: String) throws -> [(id: String, total: String)] {
            try CLI.run(["bill", "list", "--period", period] + common).stdout.split(separator: "\n").filter { $0.contains(customer) }.map {
                let f = $0.split(separator: " ").map(String.init)
                return (f[1], f.last ?? "")
            }
        }
        func lines(_ invoice: String) throws -> [String] {
            try JSONDecoder().decode(Shown.self, from: Data(try CLI.run(["bill", "show", invoice] + common).stdout.utf8)).invoice.lines.map { "\($0.label) \($0.amount)" }
        }
        /// Pays each invoice of `customer` for `period` on its due day (the 16th), as the bank reports it.
        func pay(_ customer: String, _ period: String, on day: String) throws {
            let bill = try #require(try invoices(customer, period).first, "no invoice of \(customer) for \(period)")
            let shown = try CLI.run(["bill", "show", bill.id] + common).stdout
            struct Totals: Decodable { struct I: Decodable { struct T: Decodable { let includingTax: String }; let totals: T }; let invoice: I }
            let total = try JSONDecoder().decode(Totals.self, from: Data(shown.utf8)).invoice.totals.includingTax
            _ = try run(["bill", "pay", customer, "--id", "VIR-\(bill.id)", "--amount", total, "--on", day], clock: "\(day)T10:00:00+03:00")
        }

        var log = try simulate("2026-01-01", "2026-01-13")
        // Nadia chose 8 January for her line; it is activated on the 14th, more than 2 days later (003 CG 5).
        _ = try run(["contract", "transition", nadia.id, "activate", "--on", "2026-01-14"], clock: "2026-01-14T09:00:00+03:00")
        log += try simulate("2026-01-14", "2026-01-15")
        try pay(said.customerID, "2025-12", on: "2026-01-16")
        log += try simulate("2026-01-16", "2026-02-09")
        // Saïd's number leaves for another operator on 10 February: his contract ends that day, no notice (003 CG 19.1).
        _ = try run(["contract", "transition", said.id, "requestTermination", "--on", "2026-02-10", "--port-out"], clock: "2026-02-10T08:00:00+03:00")
        log += try simulate("2026-02-10", "2026-02-15")
        try pay(nadia.customerID, "2026-01", on: "2026-02-16")
        try pay(said.customerID, "2026-01", on: "2026-02-16")
        log += try simulate("2026-02-16", "2026-03-01")
        // Nadia leaves on 2 March, her 12-month engagement running: effective 10 days later (003 CG 16.2.1).
        _ = try run(["contract", "transition", nadia.id, "requestTermination", "--on", "2026-03-02"], clock: "2026-03-02T09:00:00+03:00")
        log += try simulate("2026-03-02", "2026-03-15")
        try pay(nadia.customerID, "2026-02", on: "2026-03-16")
        try pay(said.customerID, "2026-02", on: "2026-03-16")
        log += try simulate("2026-03-16", "2026-04-15")
        try pay(nadia.customerID, "2026-03", on: "2026-04-16")
        log += try simulate("2026-04-16", "2026-12-31")
        let all = log.split(separator: "\n").map(String.init)
        func on(_ day: String, _ text: String) -> Bool { all.contains { $0.hasPrefix(day) && $0.contains(text) } }

        // Mariam's December invoice: 20.00 × 27/31 = 17.42 for 5 to 31 December, due 16 January, never paid. The reminder
        // the next day (SAMPLE days), by e-mail; the line suspended the day after, the reminder gone unheeded (003 CG 15);
        // the formal notice 10 days after the due date; the termination 15 days after the suspension, made on 18 January, the
        // notice having had no effect (003 CG 16.1, D-CTR-7): 2 February.
        #expect(try lines(try invoices(mariam.customerID, "2025-12")[0].id) == ["Forfait mobile Mayotte engagement 24 mois (prorata) 17.42"])
        #expect(on("2026-01-17", "reminder: reminder for ") && on("2026-01-17", "e-mailed to mariam@example.yt"), "\(log)")
        #expect(on("2026-01-18", "suspension: suspend: \(mariam.id) (non-payment of "), "\(log)")
        #expect(on("2026-01-26", "formalNotice: formalNotice for ") && on("2026-01-26", "e-mailed to mariam@example.yt"), "\(log)")
        #expect(on("2026-02-02", "termination: terminate: \(mariam.id) (non-payment of "), "\(log)")
        // The surcharge once the notice has gone 8 days without effect (27 January to 3 February, 003 CG 7): 4 February, 19
        // days late, 2 periods: 17.42 × 3 × 6.65 % × 15/365 × 2 = 0.2856 → 0.29, billed on its own invoice. The next bill a
        // month later at the earliest (D-RUN-19): 3 March's period (4) is within it; 18 March's (5 periods: 0.7141 → 0.71)
        // bills 0.42 more.
        #expect(!on("2026-02-03", "penalty-") && on("2026-02-04", "penalty-2: surcharge accrued: 0.29 € (17.42 × 3 × 6.65 % × 15/365 × 2 = 0.29); 0.29 € billed on FA2026-"), "\(log)")
        #expect(on("2026-03-03", "penalty-4: surcharge accrued: 0.57 €") && !on("2026-03-03", "billed on"), "\(log)")
        #expect(on("2026-03-18", "penalty-5: surcharge accrued: 0.71 €") && on("2026-03-18", "0.42 € billed on FA2026-"), "\(log)")

        // Nadia's line, chosen for 8 January and activated on the 14th: 003 CG 5's flat 3.50 (catalog) credited on her first
        // invoice, with 22.00 × 18/31 = 12.77 for 14 to 31 January.
        #expect(try lines(try invoices(nadia.customerID, "2026-01")[0].id)
                == ["Forfait mobile Mayotte engagement 12 mois (prorata) 12.77", "Indemnité pour activation tardive -3.50"])
        // Her termination on 12 March, one whole month from activation (m = 1, N = 12): 22.00 × (12 − 1) = 242.00 less the days
        // of the engagement month in progress the invoices bill, 14 February to 12 March (22 × 15/28 = 11.79, 22 × 12/31 = 8.52)
        // = 221.69 (003 CG 16.2.1, D-RUN-10); and 1 to 12 March, 8.52.
        #expect(on("2026-03-12", "contract:\(nadia.id)  terminate: done — terminated on 2026-03-12  (003 CG 16.2.1)"), "\(log)")
        #expect(try lines(try invoices(nadia.customerID, "2026-03")[0].id)
                == ["Forfait mobile Mayotte engagement 12 mois (prorata) 8.52", "Mensualités restant dues 221.69"])

        // Saïd's number ported out on 10 February: his contract without engagement ends that day, nothing more owed; his
        // last invoice bills 1 to 10 February, 25.00 × 10/28 = 8.93.
        #expect(on("2026-02-10", "contract:\(said.id)  terminate: done — terminated on 2026-02-10  (003 CG 19.1)"), "\(log)")
        #expect(try lines(try invoices(said.customerID, "2026-02")[0].id) == ["Forfait mobile Mayotte sans engagement (prorata) 8.93"])
        // Those who paid on the due day are never dunned.
        #expect(!log.contains("nadia@example.yt") && !log.contains("said@example.yt"), "\(log)")

        // Nothing left to do twice: the year again executes nothing and issues nothing new.
        let again = try simulate("2026-01-01", "2026-12-31")
        #expect(again.split(separator: "\n").filter { $0.contains("bill run") }.allSatisfy { $0.contains(": 0 invoice(s) issued") }, "\(again)")
        #expect(!again.contains("done —") && !again.contains("dunning"), "\(again)")
    }
}
