import Foundation
import Testing

@Suite struct ContractCLITests {
    @Test func orderActivateAndQuoteATermination() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", dir.appendingPathComponent("c.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let customer = try CLI.run(["customer", "create", "--name", "Saïd", "--kind", "consumer", "--territory", "YT"] + common)
        let cus = try #require(customer.stdout.split(separator: " ").first.map(String.init), "\(customer.stderr)")
        let order = try CLI.run(["contract", "order", "--customer", cus, "--offering", "mayotte-forfait-24-mois", "--on", "2026-01-05", "--identity", "nationalIdCard", "--bank-details"] + common)
        let ctr = try #require(order.stdout.split(separator: " ").first.map(String.init), "\(order.stderr)")
        #expect(try CLI.run(["contract", "transition", ctr, "activate", "--on", "2026-01-10"] + common).stdout == "\(ctr) active\n")
        // 003 CG 16.2.1 with the sample 20.00 fee: received 31 March, effective 10 April (m = 3): 9 × 20 less 10 April billed
        // (20/30 = 0.67, D-RUN-10) + ¼ × 20 × 12 = 239.33.
        let quote = try CLI.run(["contract", "quote-termination", ctr, "--on", "2026-03-31", "--json"] + common)
        #expect(quote.status == 0, "\(quote.stderr)")
        #expect(quote.stdout.contains(#""total" : "239.33""#), "\(quote.stdout)")
        #expect(quote.stdout.contains(#""source" : "003 CG 16.2.1; C. conso L224-28""#))
        let illegal = try CLI.run(["contract", "transition", ctr, "activate", "--on", "2026-01-11"] + common)
        #expect(illegal.status != 0)
        #expect(illegal.stderr == "guichet: cannot activate a contract that is active\n")
    }

    /// Léa's Livebox Essentiel Fibre in Guadeloupe, ordered 20 January 2026, imported: the options naming the base, and its id.
    static func oneLivebox(in dir: URL) throws -> (common: [String], contract: String) {
        let (common, _) = try imported(in: dir, customers: "externalId,name,kind,territory\nCRM-1,Léa,consumer,GP\n",
                                       contracts: "externalId,customer,offering,orderedOn\nK-1,CRM-1,livebox-essentiel-fibre,2026-01-20\n")
        return (common, try #require(try CLI.run(["contract", "list"] + common).stdout.split(separator: " ").first.map(String.init)))
    }

    /// 001 CG 5.2 from the command line: a visit needed, then booked within the three months; beyond them, refused.
    @Test func aTechniciansVisitIsRecordedStepByStep() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, ctr) = try Self.oneLivebox(in: dir)
        let clock = ["--clock", "2026-01-21T10:00:00-04:00"]
        #expect(try CLI.run(["contract", "appointment", ctr, "needed"] + clock + common).stdout == "\(ctr) visit needed\n")
        let beyond = try CLI.run(["contract", "appointment", ctr, "booked", "--slot", "2026-04-21T10:00:00-04:00"] + clock + common)
        #expect(beyond.status != 0 && beyond.stderr.contains("within three months of the subscription, by 2026-04-20"), "\(beyond.stderr)")
        let booked = try CLI.run(["contract", "appointment", ctr, "booked", "--slot", "2026-02-09T10:00:00-04:00"] + clock + common)
        #expect(booked.stdout == "\(ctr) visit booked for 2026-02-09T14:00:00Z\n", "\(booked.stderr)")
        #expect(try CLI.run(["contract", "obligations", ctr] + common).stdout.hasPrefix("2026-04-21  appointmentDeadline  done  001 CG 5.2"))
    }

    /// 001 CG 3 from the command line: a deposit asked and not paid that day, the contract ends that day by run-due.
    @Test func aDepositIsAskedThenTheContractEndsUnpaid() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, ctr) = try Self.oneLivebox(in: dir)
        let clock = ["--clock", "2026-01-21T10:00:00-04:00"]
        let asked = try CLI.run(["contract", "deposit", ctr, "requested", "--on", "2026-01-21", "--reason", "prepaidBankAccount", "--amount", "150.00"] + clock + common)
        #expect(asked.stdout == "\(ctr) deposit requested on 2026-01-21 (150.00)\n", "\(asked.stderr)")
        let unknown = try CLI.run(["contract", "deposit", ctr, "paid", "--on", "2026-01-22"] + clock + common)
        #expect(unknown.status != 0 && unknown.stderr.contains("2026-01-22 is after today"), "\(unknown.stderr)")
        #expect(try CLI.run(["run-due", "--until", "2026-01-21"] + ["--clock", "2026-01-22T00:00:00-04:00"] + common).status == 0)
        #expect(try CLI.run(["contract", "obligations", ctr] + common).stdout.hasPrefix("2026-01-21  depositDue  done  001 CG 3"))
    }

    /// 001 CG 2 from the command line: a distance sale's reminder scheduled 16 days after the order, cancelled by the copies'
    /// receipt; copies given with the order schedule none.
    @Test func aDistanceSalesDocumentsAreAwaitedThenRecorded() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", dir.appendingPathComponent("c.sqlite").path, "--catalogs", CLI.repository("Catalogs"), "--clock", "2026-01-30T10:00:00-04:00"]
        let cus = try #require(try CLI.run(["customer", "create", "--name", "Léa", "--kind", "consumer", "--territory", "GP"] + common)
            .stdout.split(separator: " ").first.map(String.init))
        let order = ["contract", "order", "--customer", cus, "--offering", "livebox-essentiel-fibre", "--on", "2026-01-20", "--distance-sale"]
        let ctr = try #require(try CLI.run(order + common).stdout.split(separator: " ").first.map(String.init))
        #expect(try CLI.run(["contract", "obligations", ctr] + common).stdout.hasPrefix("2026-02-05  documentsReminder  pending  001 CG 2"))
        let received = try CLI.run(["contract", "documents", ctr, "--received-on", "2026-01-29"] + common)
        #expect(received.stdout == "\(ctr) subscription documents received on 2026-01-29\n", "\(received.stderr)")
        #expect(try CLI.run(["contract", "obligations", ctr] + common).stdout.hasPrefix("2026-02-05  documentsReminder  cancelled  001 CG 2"))
        let with = try #require(try CLI.run(order + ["--documents-received-on", "2026-01-20"] + common).stdout.split(separator: " ").first.map(String.init))
        #expect(try CLI.run(["contract", "obligations", with] + common).stdout.isEmpty)
    }

    /// 001 CG 12 from the command line: a move to a home eligible to fibre, the customer consenting, asked for the move's day
    /// and made by run-due on it.
    @Test func anOfferChangeIsAskedThenMadeOnItsDay() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, ctr) = try Self.oneLivebox(in: dir)
        #expect(try CLI.run(["contract", "transition", ctr, "activate", "--on", "2026-02-01"] + common).status == 0)
        let clock = ["--clock", "2026-03-16T10:00:00-04:00"]
        let asked = try CLI.run(["contract", "change-offer", ctr, "--offering", "livebox-infini-fibre", "--requested-on", "2026-03-16", "--timing", "on",
                                 "--on", "2026-03-25", "--moved-on", "2026-03-25", "--home", "fibreEligible", "--consent"] + clock + common)
        #expect(asked.stdout == "\(ctr) change to livebox-infini-fibre asked for 2026-03-25  (001 CG 12)\n", "\(asked.stderr)")
        #expect(try CLI.run(["run-due", "--until", "2026-03-25", "--clock", "2026-03-25T10:00:00-04:00"] + common).status == 0)
        #expect(try CLI.run(["contract", "show", ctr] + common).stdout.contains("livebox-infini-fibre"))
        // 001 CG 6.3: the decoder's deposit recorded.
        let deposit = try CLI.run(["contract", "decoder-deposit", ctr, "--paid-on", "2026-03-25", "--amount", "75.00", "--clock", "2026-03-25T10:00:00-04:00"] + common)
        #expect(deposit.stdout == "\(ctr) decoder deposit 75.00 paid on 2026-03-25\n", "\(deposit.stderr)")
    }

    /// 001 CG 17, 12 and 9.1 from the command line: a formal notice for misuse, the suspension on 28 May; a move's options; a
    /// month under 97 % availability.
    @Test func aMisuseNoticeAndAMoveAreAnswered() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, ctr) = try Self.oneLivebox(in: dir)
        #expect(try CLI.run(["contract", "transition", ctr, "activate", "--on", "2026-02-01"] + common).status == 0)
        let notice = try CLI.run(["contract", "misuse", ctr, "notice", "--on", "2026-05-22", "--clock", "2026-05-22T10:00:00-04:00"] + common)
        #expect(notice.stdout == "\(ctr) misuse notice on 2026-05-22, next action on 2026-05-28\n", "\(notice.stderr)")
        let move = try CLI.run(["contract", "moving", ctr, "--home", "abroad", "--on", "2026-06-01"] + common)
        #expect(move.stdout == "terminate without fees (legitimate reason)  (001 CG 18.1: no fee)\n", "\(move.stderr)")
        // 001 CG 9.1: 30 h down in March, 54.90 × 108 000 / 2 678 400 = 2.21, credited.
        let quality = try CLI.run(["contract", "quality-claim", ctr, "--kind", "availability", "--month", "2026-03",
                                   "--period", "2026-03-03T10:00:00-04:00/2026-03-04T16:00:00-04:00", "--clock", "2026-04-02T10:00:00-04:00"] + common)
        #expect(quality.stdout == "\(ctr) credited 2.21  (001 CG 9.1: 54.90 × 108000 s / 2678400 s = 2.21)\n", "\(quality.stderr)")
    }

    /// 004 §2.5: equipment is ordered rented or bought; only equipment is (the option is refused on a pack).
    @Test func equipmentIsOrderedRentedOrBought() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", dir.appendingPathComponent("e.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let customer = try CLI.run(["customer", "create", "--name", "Atelier", "--kind", "business", "--territory", "FR"] + common)
        let cus = try #require(customer.stdout.split(separator: " ").first.map(String.init), "\(customer.stderr)")
        let order = ["contract", "order", "--customer", cus, "--on", "2026-11-02", "--json"]
        let bought = try CLI.run(order + ["--offering", "wte-boitier-ata", "--equipment", "purchase"] + common)
        #expect(bought.status == 0 && bought.stdout.contains(#""purchasePrice""#) && !bought.stdout.contains(#""monthlyFee""#), "\(bought.stderr)")
        let rented = try CLI.run(order + ["--offering", "wte-boitier-ata"] + common)
        #expect(rented.stdout.contains(#""priceID" : "wte-boitier-ata-rental""#) && !rented.stdout.contains(#""purchasePrice""#), "\(rented.stdout)")
        let pack = try CLI.run(order + ["--offering", "wte-pack-calling", "--engagement-months", "36", "--equipment", "rental"] + common)
        #expect(pack.status != 0 && pack.stderr.contains("equipment: 'wte-pack-calling' is not equipment"), "\(pack.stderr)")
    }

    /// Issue 23: a command runs at the instant `--clock` or `$GUICHET_CLOCK` sets (with its offset), and its changes are
    /// recorded then; a clock that is not an instant is refused by name.
    @Test func aCommandRunsAtTheInstantItsClockSets() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", dir.appendingPathComponent("k.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let customer = try CLI.run(["customer", "create", "--name", "Saïd", "--kind", "consumer", "--territory", "YT", "--clock", "2026-05-07T15:00:00+02:00"] + common)
        let cus = try #require(customer.stdout.split(separator: " ").first.map(String.init), "\(customer.stderr)")
        let order = try CLI.run(["contract", "order", "--customer", cus, "--offering", "mayotte-forfait-24-mois", "--on", "2026-05-07", "--identity", "nationalIdCard", "--bank-details"] + common,
                                environment: ["GUICHET_CLOCK": "2026-05-08T09:30:00+03:00"])
        #expect(order.status == 0, "\(order.stderr)")
        let audit = try CLI.run(["audit"] + common.prefix(2)).stdout.split(separator: "\n")
            .filter { $0.contains("CLI guichet customer create") || $0.contains("CLI guichet contract order") }.map { $0.prefix(20) }
        #expect(audit == ["2026-05-08T06:30:00Z", "2026-05-07T13:00:00Z"], "\(audit)")
        let bad = try CLI.run(["customer", "create", "--name", "X", "--kind", "consumer", "--territory", "YT"] + common, environment: ["GUICHET_CLOCK": "demain"])
        #expect(bad.status != 0 && bad.stderr == "guichet: GUICHET_CLOCK: 'demain' is not an instant with its offset (2026-05-07T15:00:00+02:00)\n", "\(bad.stderr)")
    }

    /// A Mayotte contract activated on 10 January 2026 whose termination was requested on 31 March.
    static func terminationRequested(_ common: [String]) throws -> String {
        let customer = try CLI.run(["customer", "create", "--name", "Saïd", "--kind", "consumer", "--territory", "YT"] + common)
        let cus = try #require(customer.stdout.split(separator: " ").first.map(String.init), "\(customer.stderr)")
        let order = try CLI.run(["contract", "order", "--customer", cus, "--offering", "mayotte-forfait-24-mois", "--on", "2026-01-05", "--identity", "nationalIdCard", "--bank-details"] + common)
        let ctr = try #require(order.stdout.split(separator: " ").first.map(String.init), "\(order.stderr)")
        #expect(try CLI.run(["contract", "transition", ctr, "activate", "--on", "2026-01-10"] + common).status == 0)
        #expect(try CLI.run(["contract", "transition", ctr, "requestTermination", "--on", "2026-03-31"] + common).status == 0)
        return ctr
    }

    /// Issue 23: `guichet run-due` executes what is due by the clock, once; 003 CG 16.2.1: a Mayotte termination takes
    /// effect 10 days after the request is received.
    @Test func runDueExecutesATerminationOnItsDayOnce() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", dir.appendingPathComponent("o.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let ctr = try Self.terminationRequested(common)
        let scheduled = try CLI.run(["contract", "obligations", ctr] + common).stdout
        #expect(scheduled.hasPrefix("2026-04-10  terminate  pending  003 CG 16.2.1"), "\(scheduled)")
        // 9 April 23:00 in Mayotte (UTC+3) is before the day it is due; 10 April 00:30 there is on it.
        #expect(try CLI.run(["run-due", "--clock", "2026-04-09T23:00:00+03:00"] + common).stdout == "0 obligation(s) executed\n")
        let run = try CLI.run(["run-due", "--clock", "2026-04-10T00:30:00+03:00"] + common)
        #expect(run.stdout.hasSuffix("terminate: done — terminated on 2026-04-10\n1 obligation(s) executed\n"), "\(run.stdout) \(run.stderr)")
        #expect(try CLI.run(["run-due", "--clock", "2026-04-11T00:00:00+03:00"] + common).stdout == "0 obligation(s) executed\n")
        #expect(try CLI.run(["contract", "show", ctr] + common).stdout.contains(#""state" : "terminated""#))
    }

    /// Issue 23: `guichet simulate` runs the clock day by day — the bill run of March on 1 April, the termination requested
    /// on 31 March carried out on 10 April (003 CG 16.2.1) — and run again over the same days, does nothing twice.
    @Test func aSimulationRunsTheClockDayByDay() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", dir.appendingPathComponent("s.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let ctr = try Self.terminationRequested(common)
        let days = ["simulate", "--from", "2026-04-01", "--to", "2026-04-12"] + common
        #expect(try CLI.run(days).stdout == """
            2026-04-01  bill run 2026-03: 1 invoice(s) issued, 0 already issued, 0 account(s) owe nothing
            2026-04-10  contract:\(ctr)  terminate: done — terminated on 2026-04-10  (003 CG 16.2.1)

            """)
        #expect(try CLI.run(days).stdout == "2026-04-01  bill run 2026-03: 0 invoice(s) issued, 1 already issued, 0 account(s) owe nothing\n")
        #expect(try CLI.run(["simulate", "--from", "2026-04-12", "--to", "2026-04-01"] + common).stderr.contains("at most ten years, in order"))
    }

    /// Issue 23: a termination requested before the migration (an imported contract `pendingTermination`, `changedOn` the
    /// day the request was received) is carried out on its effective date like one requested here (001 CG 18.1: 10 days).
    @Test func anImportedTerminationRequestIsCarriedOut() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, imported) = try Self.imported(in: dir, customers: "externalId,name,kind,territory\nCRM-1,Léa,consumer,GP\n", contracts: """
            externalId,customer,offering,orderedOn,state,activatedOn,changedOn
            K-1,CRM-1,livebox-essentiel-fibre,2025-01-10,pendingTermination,2025-01-20,2026-03-02

            """)
        #expect(imported == "contracts: 1 read, 1 imported, 0 already there, 0 rejected\n")
        let listed = try CLI.run(["contract", "list", "--state", "pendingTermination"] + common).stdout
        let ctr = try #require(listed.split(separator: " ").first.map(String.init), "\(listed)")
        #expect(try CLI.run(["contract", "obligations", ctr] + common).stdout.hasPrefix("2026-03-12  terminate  pending  001 CG 18.1"))
        #expect(try CLI.run(["run-due", "--until", "2026-03-12"] + common).stdout.hasSuffix("terminate: done — terminated on 2026-03-12\n1 obligation(s) executed\n"))
    }

    /// Issue 23: `run-due` takes the day's dunning steps with the obligations, as `serve` does once a day. An imported
    /// Livebox customer billed for May 2026 (due 16 June) and left unpaid: the reminder the day after (001 CG 17), by e-mail.
    @Test func runDueTakesTheDaysDunningSteps() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, _) = try Self.imported(in: dir, customers: "externalId,name,kind,territory,email\nCRM-1,Léa Hoarau,consumer,GP,lea@example.fr\n",
                                            contracts: "externalId,customer,offering,orderedOn,state,activatedOn\nK-1,CRM-1,livebox-essentiel-fibre,2026-05-02,active,2026-05-17\n")
        #expect(try CLI.run(["bill", "run", "--period", "2026-05"] + common).status == 0)
        #expect(try CLI.run(["run-due", "--until", "2026-06-16"] + common).stdout == "0 obligation(s) executed\n")
        let ran = try CLI.run(["run-due", "--until", "2026-06-17"] + common).stdout
        #expect(ran.hasPrefix("2026-06-17  dunning ") && ran.contains("  reminder: reminder for ") && ran.contains("e-mailed to lea@example.fr"), "\(ran)")
        #expect(try CLI.run(["run-due", "--until", "2026-06-17"] + common).stdout == "0 obligation(s) executed\n")
    }

    /// A database in `dir` with the customers and contracts of two CSV files imported; its options, and what the contracts'
    /// import printed.
    static func imported(in dir: URL, customers: String, contracts: String) throws -> (common: [String], contracts: String) {
        let common = ["--database", dir.appendingPathComponent("i.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let files = (dir.appendingPathComponent("c.csv"), dir.appendingPathComponent("k.csv"))
        try customers.write(to: files.0, atomically: true, encoding: .utf8)
        try contracts.write(to: files.1, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["import", "customers", files.0.path] + common).status == 0)
        return (common, try CLI.run(["import", "contracts", files.1.path] + common).stdout)
    }
}
