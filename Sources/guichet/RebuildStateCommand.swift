import ArgumentParser
import GuichetApp
import GuichetServer
import GuichetStore

struct RebuildStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-state",
        abstract: "Fold the state tables (customers, contracts, lines) again from their event streams, and say what differed.",
        discussion: "Each table is replaced in one transaction that keeps its writers waiting. A table the live writes kept right is identical.")

    @OptionGroup var db: DatabaseOption
    @Flag var json = false

    func run() async throws {
        try await reportingFailure {
            let store = try await openAppStore(try db.location(), logger: makeLogger(level: .warning))
            let results = try await StateTables.rebuild(store)
            try await store.close()
            if json { print(try jsonString(results)) } else {
                for r in results { print("\(r.table): \(r.rows) rows, \(r.differing == 0 ? "identical" : "\(r.differing) differed from the live table")") }
            }
        }
    }
}
