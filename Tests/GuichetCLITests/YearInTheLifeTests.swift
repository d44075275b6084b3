import Foundation
import GuichetMail
import GuichetStore
import GuichetTestSupport
import Testing

/// Issue 23's acceptance: a base run through 2026 by `guichet simulate`, staff acting on their days with the clock set,
/// checked at hand-computed points. Customers never pay. Invoices are issued on the 1st, due 15 days later (seller.json).
struct YearInTheLifeTests {
    struct Listed: Decodable { let id: String; let externalID: String?; let customerID: String }
    struct Shown: Decodable {
        struct Doc: Decodable { struct Line: Decodable { let label: String; let amount: String }; let lines: [Line] }
        let invoice: Doc
    }

    static let customers = """
        externalId,name,kind,territory,email
        CRM-L,Léa Hoarau,consumer,GP,lea@example.fr
        CRM-T,Tom Joseph,consumer,MQ,tom@example.fr
        CRM-A,Ana Lubin,consumer,GP,ana@example.fr
        CRM-W,Atelier & Cie,business,FR,it@atelier.example

        """
    static let contracts = """
        externalId,customer,offering,orderedOn,engagementMonths,quantity,state,activatedOn
        K-L,CRM-L,livebox-essentiel-fibre,2025-12-01,,,active,2025-12-10
        K-T,CRM-T,livebox-essentiel-fibre,2025-11-20,,,active,2025-12-01
        K-A,CRM-A,livebox-essentiel-xdsl,2026-01-05,,,pendingActivation,
        K-W,CRM-W,wte-pack-calling,2025-03-15,36,2,active,2025-04-01

        """

    @Test func livebox2026AndAWorkplaceAnniversary() async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, _) = try ContractCLITests.imported(in: dir, customers: Self.customers, contracts: Self.contracts)
        let listed = try JSONDecoder().decode([Listed].self, from: Data(try CLI.run(["contract", "list", "--json"] + common).stdout.utf8))
        let ids = Dictionary(uniqueKeysWithValues: listed.map { ($0.externalID ?? "", $0) })
        let (lea, tom, ana, wte) = (try #require(ids["K-L"]), try #require(ids["K-T"]), try #require(ids["K-A"]), try #require(ids["K-W"]))
        let indices = dir.appendingPathComponent("indices.csv")
        try "syntec,2025-02-01,320.0\nsyntec,2026-02-01,330.0\ninsee-010765308,2025-02-01,110.0\ninsee-010765308,2026-02-01,105.0\n"
            .write(to: indices, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["catalog", "indices", indices.path] + common).status == 0)

        func simulate(_ from: String, _ to: String) throws -> String {
            let r = try CLI.run(["simulate", "--from", from, "--to", to] + common)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        func act(_ contract: String, _ action: String, _ day: String, clock: String, _ more: [String] = []) throws {
            let r = try CLI.run(["contract", "transition", contract, action, "--on", day, "--clock", clock] + more + common)
            #expect(r.status == 0, "\(r.stderr)")
        }
        func invoiceLines(_ customer: String, _ period: String) throws -> [String] {
            let row = try CLI.run(["bill", "list", "--period", period] + common).stdout.split(separator: "\n").first { $0.contains(customer) }
            let id = try #require(row?.split(separator: " ").dropFirst().first.map(String.init), "no invoice of \(customer) for \(period)")
            let shown = try JSONDecoder().decode(Shown.self, from: Data(try CLI.run(["bill", "show", id] + common).stdout.utf8))
            return shown.invoice.lines.map { "\($0.label) \($0.amount)" }
        }

        var log = try simulate("2026-01-01", "2026-01-04")
        #expect(log.hasPrefix("2026-01-01  bill run 2025-12: 3 invoice(s) issued"), "\(log)")
        // Tom asks to leave on 5 January (a Monday in Martinique): 001 CG 18.1, effective ten days later.
        try act(tom.id, "requestTermination", "2026-01-05", clock: "2026-01-05T10:00:00-04:00")
        log = try simulate("2026-01-05", "2026-02-05")
        let lines = log.split(separator: "\n").map(String.init)
        func on(_ day: String, _ text: String) -> Bool { lines.contains { $0.hasPrefix(day) && $0.contains(text) } }
        #expect(on("2026-01-15", "contract:\(tom.id)  terminate: done — terminated on 2026-01-15  (001 CG 18.1)"), "\(log)")
        // Léa's December invoice (due 16 January) unpaid: the reminder the next day, by e-mail (001 CG 17; sample days)…
        #expect(on("2026-01-17", "reminder: reminder for ") && on("2026-01-17", "e-mailed to lea@example.fr"), "\(log)")
        // …the formal notice 10 days after the due date (SAMPLE day), and the suspension the day after, the 10 days after the
        // due date (17 to 26 January) having passed unpaid and the reminder unanswered (001 CG 17); Tom's contract, already
        // terminated, is not suspended.
        #expect(on("2026-01-26", "formalNotice: formalNotice for ") && on("2026-01-26", "e-mailed to tom@example.fr"), "\(log)")
        #expect(!on("2026-01-26", "suspension: suspend:") && on("2026-01-27", "suspension: suspend: \(lea.id) (non-payment of "), "\(log)")
        #expect(on("2026-01-27", "suspension: suspend: no contract in a state that allows it"), "\(log)")
        // The surcharge once the notice has gone 8 days without effect (27 January to 3 February, 001 CG 10.2): 4 February,
        // 19 days late, two started 15-day periods.
        #expect(!on("2026-02-03", "penalty-") && on("2026-02-04", "penalty-2: surcharge accrued"), "\(log)")
        // Tom's January invoice: the days served, then what his termination moved, on its day (001 CG 18.1): the 50.00 fee and
        // F × (N − m) = 54.90 × (12 − 1) = 603.90 (activated 1 December, one whole month to 15 January) less the days 1 to 15
        // January this invoice bills, 54.90 × 15/31 = 26.56 (D-RUN-10): 577.34. With December, 12 × 54.90 in all, no day twice.
        let tomsJanuary = try invoiceLines(tom.customerID, "2026-01")
        #expect(tomsJanuary == ["Livebox Essentiel Fibre (prorata) 26.56", "Frais de résiliation 50.00",
                                                                "Mensualités restant dues jusqu'à la fin de l'engagement 577.34"])

        // Ana's xDSL line, ordered 5 January, activated 6 February: 17 days beyond the 15 of 001 CG 7.2, credited at the
        // monthly fee pro rata of each day: 49.90 × 11/31 + 49.90 × 6/28 = 17.7065 + 10.6929 = 28.40.
        try act(ana.id, "activate", "2026-02-06", clock: "2026-02-06T09:00:00-04:00")
        log = try simulate("2026-02-06", "2026-03-09")
        // Léa brings her Livebox and decoder back on 9 March, before they are claimed (001 CG 6.3), the Livebox in bad working
        // order: its repair, 45.00, is within the 100 € limit; Tom never brings his back.
        let returned = try CLI.run(["contract", "equipment-returned", lea.id, "--on", "2026-03-09", "--faulty-box", "45.00",
                                    "--clock", "2026-03-09T16:00:00-04:00"] + common)
        #expect(returned.stdout == "\(lea.id) equipment returned on 2026-03-09\n", "\(returned.stderr)")
        log += try simulate("2026-03-10", "2026-12-31")
        let rest = log.split(separator: "\n").map(String.init)
        func then(_ day: String, _ text: String) -> Bool { rest.contains { $0.hasPrefix(day) && $0.contains(text) } }
        // Léa terminated once the 30 days after the due date (17 January to 15 February) have passed, the formal notice
        // having gone unanswered (001 CG 18.2): 16 February.
        #expect(!then("2026-02-15", "termination: terminate: \(lea.id)") && then("2026-02-16", "termination: terminate: \(lea.id) (non-payment of "), "\(log)")
        // Before the end of her engagement (activated 10 December 2025): the fees left are due at once (001 CG 18.2), no
        // termination fee: 10 × 54.90 less 10 to 16 February, which this invoice bills (7 × 54.90/28 = 13.725 → 13.73) =
        // 535.27; the days served, 1 to 16 February: 54.90 × 16/28 = 31.37.
        let leasFebruary = try invoiceLines(lea.customerID, "2026-02")
        #expect(leasFebruary == ["Livebox Essentiel Fibre (prorata) 31.37", "Mensualités restant dues jusqu'à la fin de l'engagement 535.27"])
        #expect(try invoiceLines(lea.customerID, "2026-03") == ["Équipements restitués en mauvais état ou incomplets (Livebox) 45.00"])
        // Tom's Livebox and decoder, due back by 15 February: claimed the next day, charged 100.00 + 200.00 once the notice has
        // gone 7 days without effect (001 CG 6.3), on his February invoice.
        #expect(then("2026-02-16", "contract:\(tom.id)  equipmentReturn: done — formal notice e-mailed to tom@example.fr on 2026-02-16"), "\(log)")
        #expect(then("2026-02-24", "contract:\(tom.id)  equipmentFees: done — charged 300.00 on 2026-02-24"), "\(log)")
        #expect(try invoiceLines(tom.customerID, "2026-02") == ["Non-restitution des équipements (Livebox, décodeur TV) 300.00"])
        #expect(!log.contains("contract:\(lea.id)  equipment"), "\(log)")
        let anasFebruary = try invoiceLines(ana.customerID, "2026-02")
        #expect(anasFebruary == ["Livebox Essentiel ADSL/VDSL2 (prorata) 40.99", "Indemnité pour activation tardive -28.40"])
        // The Workplace module revised on the first day of its anniversary month (004 §15.1): 12.00 → 11.91, and billed so.
        #expect(then("2026-03-01", "contract:\(wte.id)  revise: done — monthly fee 12.00 → 11.91 from 2026-03-01  (004 §15.1)"), "\(log)")
        let wteMarch = try invoiceLines(wte.customerID, "2026-03")
        #expect(wteMarch == ["Pack Calling (prix révisé au 01/03/2026) 23.82"])
        // The notices are in the outbox, one per invoice and step: Léa's December invoice's reminder and formal notice first.
        let store = try await openStore(.sqlite(path: dir.appendingPathComponent("i.sqlite").path), migrating: false, logger: TestStores.logger)
        let mails = try await store.mailDeliveries(limit: 1_000).reversed().map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }
        try await store.close()
        let all = mails.filter { $0.to == ["lea@example.fr"] }.map(\.subject)
        // Each of her invoices announced once (001 CG 10.1), besides the dunning notices.
        let announced = all.filter { $0.hasPrefix("Votre facture de ") && $0.hasSuffix(" est disponible") }
        #expect(!announced.isEmpty && Set(announced).count == announced.count, "\(announced)")
        let leas = all.filter { !announced.contains($0) }
        #expect(leas.count >= 2 && leas[0].hasPrefix("Relance : facture ") && leas[1].hasPrefix("Mise en demeure de payer la facture "), "\(leas)")
        #expect(Set(leas).count == leas.count)
        // Nothing left to do twice: the year again executes nothing and issues nothing new.
        let again = try simulate("2026-01-01", "2026-12-31")
        let runs = again.split(separator: "\n").filter { $0.contains("bill run") }
        #expect(runs.count == 12 && runs.allSatisfy { $0.contains(": 0 invoice(s) issued") }, "\(again)")
        #expect(!again.contains("done —") && !again.contains("dunning"), "\(again)")
    }
}
