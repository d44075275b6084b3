import ArgumentParser
import GuichetApp
import GuichetCore

/// What `guichet serve`'s scheduler does every minute, for cron-style operation and simulations (issue 23).
struct RunDueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-due",
        abstract: "Execute the obligations that are due (a termination on its effective date…), each once, due first.")
    @Option(help: "Execute those due on or before this day (YYYY-MM-DD) in their territory; default: those due by the clock's instant.")
    var until: String?
    @OptionGroup var db: DatabaseOption
    @OptionGroup var folder: CatalogCommand.Folder
    @Flag var json = false

    func run() async throws {
        try await reportingFailure {
            let now = try db.now()
            let day = try until.map { try LocalDate(iso: $0) }
            let settled = try await openServices(db, folder).obligations.runDue(by: day == nil ? now : nil, on: day, at: now)
            if json { print(try jsonString(settled)); return }
            for o in settled { print("\(o.dueOn)  \(o.resource)  \(o.kind.rawValue): \(o.state.rawValue) — \(o.outcome ?? "")") }
            print("\(settled.count) obligation(s) executed")
        }
    }
}
