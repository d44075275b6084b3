import ArgumentParser
import GuichetApp
import GuichetCore

/// Runs a database's clock day by day (issue 23): each day, what `serve`'s scheduler would have done by the end of it —
/// the obligations due that day — and, on the bill day, the bill run of the month before. For demos, acceptance
/// scenarios and "what happens if" on a copy of an operator's database.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the clock day by day over a database: obligations on their day, the bill run of the month before on the bill day.")
    @Option(help: "The first day (YYYY-MM-DD).") var from: String
    @Option(help: "The last day (YYYY-MM-DD).") var to: String
    @Option(help: "The day of the month the previous month is billed on (1 to 28).") var billDay = 1
    @OptionGroup var db: DatabaseOption
    @OptionGroup var folder: CatalogCommand.Folder

    func validate() throws {
        guard (1...28).contains(billDay) else { throw ValidationError("--bill-day: 1 to 28, not \(billDay)") }
    }

    func run() async throws {
        try await reportingFailure {
            let first = try LocalDate(iso: from), last = try LocalDate(iso: to)
            guard first <= last, last.ordinal - first.ordinal < 3_660 else { throw ValidationError("--from and --to: at most ten years, in order") }
            let services = try await openServices(db, folder)
            var day = first
            while day <= last {
                // Each day is run at noon UTC: every territory's day has begun (UTC−4 to UTC+4), none has ended.
                let now = Instant(seconds: Int64(day.ordinal) * 86_400 + 12 * 3_600)
                for o in try await services.obligations.runDue(by: nil, on: day, at: now) {
                    print("\(day)  \(o.resource)  \(o.kind.rawValue): \(o.state.rawValue) — \(o.outcome ?? "")  (\(o.explanation.source))")
                }
                for e in try await services.obligations.dunning(on: day, at: now) {
                    print("\(day)  dunning \(e.invoiceID)  \(e.step): \(e.detail)  (\(e.source))")
                }
                let (y, m, d) = day.components
                if d == billDay {
                    let period = try BillingPeriod(year: m == 1 ? y - 1 : y, month: m == 1 ? 12 : m - 1)
                    let r = try await services.billing.run(period: period, issueDate: day, at: now).run
                    print("\(day)  bill run \(r.period): \(r.issued) invoice(s) issued, \(r.existing) already issued, \(r.empty) account(s) owe nothing")
                }
                day = day.adding(days: 1)
            }
        }
    }
}
