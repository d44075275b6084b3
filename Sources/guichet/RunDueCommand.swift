import ArgumentParser
import GuichetApp
import GuichetCore

/// What `guichet serve`'s scheduler does every minute, for cron-style operation and simulations (issue 23).
struct RunDueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-due",
        abstract: "Execute the obligations that are due (a termination on its effective date…), each once, due first, and the day's dunning steps.")
    @Option(help: "Execute those due on or before this day (YYYY-MM-DD) in their territory; default: those due by the clock's instant.")
    var until: String?
    @OptionGroup var db: DatabaseOption
    @OptionGroup var folder: CatalogCommand.Folder
    @Flag var json = false

    struct Ran: Encodable { let obligations: [Obligation]; let dunning: [BillingService.DunningEntry] }

    func run() async throws {
        try await reportingFailure {
            let now = try db.now()
            let day = try until.map { try LocalDate(iso: $0) }
            let runner = try await openServices(db, folder).obligations
            let settled = try await runner.runDue(by: day == nil ? now : nil, on: day, at: now)
            let dunning = try await runner.dunning(on: day ?? now.utcDate, at: now)
            if json { print(try jsonString(Ran(obligations: settled, dunning: dunning))); return }
            for o in settled { print("\(o.dueOn)  \(o.resource)  \(o.kind.rawValue): \(o.state.rawValue) — \(o.outcome ?? "")") }
            for e in dunning { print("\(e.on)  dunning \(e.invoiceID)  \(e.step): \(e.detail)") }
            print("\(settled.count) obligation(s) executed")
        }
    }
}
