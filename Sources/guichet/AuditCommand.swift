import ArgumentParser
import GuichetApp
import GuichetServer
import GuichetStore

/// The audit log from the command line, latest first: who changed what, from where, before and after.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the latest entries of the audit log.")
    @OptionGroup var db: DatabaseOption
    @Option(help: "How many entries.") var limit = 50
    @Option(help: "Only the changes of this actor (user:chef, cli:root, job:dunning).") var actor: String?
    @Option(help: "Only the changes written to this stream (customer:<id>, contract:<id>, ticket:<reference>).") var resource: String?
    @Flag var json = false

    func run() async throws {
        try await reportingFailure {
            let store = try await openAppStore(try db.location(), logger: makeLogger(level: .warning))
            let entries = try await store.auditEntries(AuditQuery(actor: actor, resource: resource, limit: limit)).entries
            try await store.close()
            if json { print(try jsonString(entries)); return }
            for e in entries {
                print("\(e.at)  \(e.actor)  \(e.method) \(e.path)")
                for b in e.before ?? [] { print("  - \(b)") }
                for c in e.changes ?? [] { print("  + \(c)") }
            }
        }
    }
}
