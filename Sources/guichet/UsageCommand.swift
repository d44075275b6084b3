import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore

extension CDRFormat: ExpressibleByArgument {}

struct LineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "line", abstract: "Subscriber lines: the numbers usage records are rated by.",
                                                    subcommands: [Assign.self])

    struct Assign: AsyncParsableCommand {
        @Option(help: "The line's number, national or E.164.") var number: String
        @Option var contract: String
        @Option(help: "The customer's site (Workplace Together lines).") var site: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let l = try await openUsage(db, folder).lines.assign(number: number, contractID: contract, site: site, at: try db.now())
                print(json ? try jsonString(l) : "\(l.number) → \(l.contractID)\(l.site.map { " (site \($0))" } ?? "")")
            }
        }
    }
}

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Usage records: import and rate, quarantine, consumption, alerts, re-rating.",
        subcommands: [Import.self, Summary.self, Quarantine.self, Replay.self, Alerts.self, Rerate.self, Purge.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a CSV or JSON Lines file of usage records (docs/usage-records.md).")
        @Argument var file: String
        @Option(help: "csv or jsonl (default: from the file name).") var format: CDRFormat?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
                let result = try await openUsage(db, folder).importFile(path: file, format: format, at: try db.now()) { p in
                    bar.show(done: p.bytesRead, of: p.totalBytes, "\(p.counts.read) read, \(p.counts.rated) rated, \(p.counts.duplicates) duplicate, \(p.counts.quarantined) quarantined")
                }
                bar.finish()
                print(json ? try jsonString(result)
                      : "\(result.id): \(result.read) read, \(result.rated) rated, \(result.duplicates) duplicate, \(result.quarantined) quarantined")
            }
        }
    }

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A customer's consumption for a month, against its allowances (#123#).")
        @Argument(help: "Customer id or billing account.") var account: String
        @Option(help: "YYYY-MM (default: this month).") var period: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let s = try await openUsage(db, folder).summary(account: account, period: period ?? String(db.now().utcDate.description.prefix(7)))
                if json { print(try jsonString(s)); return }
                print("\(s.customerID) \(s.period): out of bundle \(s.outOfBundle) €")
                for l in s.lines {
                    print("  \(l.line)\(l.site.map { " [\($0)]" } ?? ""): \(l.calls) calls, \(l.voiceSeconds / 60) min (\(l.includedSeconds / 60) included), \(l.messages) SMS, out of bundle \(l.outOfBundle) €"
                          + (l.credit.map { " — credit left \($0.balance) €" } ?? ""))
                }
                for site in s.sites {
                    print("  site \(site.site): \(site.pooledSeconds / 60)/\(site.allowanceSeconds / 60) pooled minutes, overage \(site.overageSeconds / 60) min = \(site.overageAmount) € (\(site.source))")
                }
            }
        }
    }

    struct Quarantine: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rows that could not be rated, with their line number and reason.")
        @Flag(help: "Include rows already replayed.") var all = false
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let rows = try await openUsage(db, folder).quarantined(openOnly: !all, limit: nil).rows
                if json { print(try jsonString(rows)); return }
                for q in rows { print("\(q.importID):\(q.lineNumber): \(q.field): \(q.reason) [\(q.status)]\n    \(q.raw)") }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rate the quarantined rows again (after fixing a line, a contract or the catalog).")
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let r = try await openUsage(db, folder).replayQuarantine(at: try db.now())
                print(json ? try jsonString(r) : "\(r.examined) examined, \(r.rated) rated, \(r.duplicates) duplicate, \(r.stillQuarantined.count) still quarantined")
            }
        }
    }

    struct Alerts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fair-use and consumption alerts raised while rating.")
        @Option var customer: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let alerts = try await openUsage(db, folder).alerts(customerID: customer, limit: nil).alerts
                if json { print(try jsonString(alerts)); return }
                for a in alerts { print("\(a.alert.period) \(a.alert.line) \(a.alert.rule): \(a.alert.message) (\(a.alert.value) / \(a.alert.limit); \(a.alert.source))") }
            }
        }
    }

    struct Rerate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rate a month again with the catalog in force (after a tariff correction).")
        @Option(help: "YYYY-MM.") var period: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let r = try await openUsage(db, folder).rerate(period: period, at: try db.now())
                print(json ? try jsonString(r) : "\(r.runID): \(r.examined) examined, \(r.changed) changed, \(r.failed.count) failed")
            }
        }
    }
}

func openUsage(_ db: DatabaseOption, _ folder: CatalogCommand.Folder) async throws -> UsageService { try await openServices(db, folder).usage }

/// A one-line progress bar on standard error, redrawn in place; silent when not on a terminal.
final class ProgressBar: Sendable {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func show(done: Int64, of total: Int64, _ text: String) {
        guard enabled else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int(fraction * 30)
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] \(Int(fraction * 100))% \(text)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}
