import ArgumentParser
import Foundation
import GuichetApp
import GuichetServer
import GuichetStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")

    @OptionGroup var db: DatabaseOption
    @Flag(help: "Print the result as JSON.") var json = false

    struct Report: Encodable {
        let database: String
        let newlyApplied: [AppliedMigration]
        let schemaVersion: Int?
    }

    func run() async throws {
        try await reportingFailure {
            let location = try db.location()
            let store = try await openStore(location, migrating: false, logger: makeLogger(level: .warning))
            let newly: [AppliedMigration]
            do {
                newly = try await store.migrate()
                try await StateTables.ensureBuilt(store, logger: makeLogger(level: .notice))
            } catch { try? await store.close(); throw error }
            let version = try await store.appliedMigrations().last?.version
            try await store.close()
            let report = Report(database: location.description, newlyApplied: newly, schemaVersion: version)
            if json {
                print(try jsonString(report))
            } else {
                let what = newly.isEmpty ? "already up to date" : "applied " + newly.map { "\($0.version) (\($0.name))" }.joined(separator: ", ")
                print("\(location): \(what); schema at version \(version ?? 0)")
            }
        }
    }
}

func jsonString(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
