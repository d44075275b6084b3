import ArgumentParser
import GuichetApp
import GuichetServer
import GuichetStore

extension UsageCommand {
    /// What `guichet serve`'s daily retention job does, for an instance run from the command line.
    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the traffic data past its retention: a month goes one year after its invoice fell due (CPCE L34-1, L34-2; D-PRIV-2).")
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let now = try db.now()
                let p = try await openUsage(db, folder).purgeTrafficData(on: UsageService.retentionDay(now), at: now)
                print(json ? try jsonString(p)
                      : "months before \(p.firstKeptPeriod) purged: \(p.records) usage record(s), \(p.alerts) alert(s), \(p.quarantined) quarantined row(s)")
            }
        }
    }
}
