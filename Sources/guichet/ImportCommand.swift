import ArgumentParser
import Foundation
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore

extension BaseImport.Kind: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an operator's existing customers, contracts or lines from CSV or JSON Lines (docs/base-import.md).",
        discussion: "Import customers first, then contracts, then lines. Rows already imported (same external id, same number) are counted, not stored "
            + "again. Rejected rows are listed on standard error as FILE:LINE: FIELD: reason, and the command then exits with status 2.")

    @Argument(help: "customers, contracts or lines.") var kind: BaseImport.Kind
    @Argument var file: String
    @Option(help: "csv or jsonl (default: from the file name).") var format: CDRFormat?
    @OptionGroup var db: DatabaseOption
    @OptionGroup var folder: CatalogCommand.Folder
    @Flag var json = false

    func run() async throws {
        try await reportingFailure {
            let contracts = try await openContracts(db, folder)
            let lines = LineDirectory(store: contracts.store, contracts: contracts, plan: try ReferenceData.numberingPlan())
            let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
            let report = try await BaseImport(contracts: contracts, lines: lines).importFile(kind, path: file, format: format, at: SystemClock.now()) { p in
                bar.show(done: p.bytesRead, of: p.totalBytes,
                         "\(p.report.read) read, \(p.report.imported) imported, \(p.report.alreadyPresent) already there, \(p.report.errors.count) rejected")
            }
            bar.finish()
            for e in report.errors { FileHandle.standardError.write(Data("\(file):\(e.line): \(e.field): \(e.reason)\n".utf8)) }
            print(json ? try jsonString(report)
                  : "\(kind.rawValue): \(report.read) read, \(report.imported) imported, \(report.alreadyPresent) already there, \(report.errors.count) rejected")
            if !report.errors.isEmpty { throw ExitCode(2) }
        }
    }
}

struct RebuildStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-state",
        abstract: "Fold the state tables (customers, contracts, lines) again from their event streams, and say what differed.",
        discussion: "Each table is replaced in one transaction that keeps its writers waiting. A table the live writes kept right is identical.")

    @OptionGroup var db: DatabaseOption
    @Flag var json = false

    struct Result: Encodable { let table: String; let rows: Int; let differing: Int }

    func run() async throws {
        try await reportingFailure {
            let store = try await openAppStore(try db.location(), logger: makeLogger(level: .warning))
            var before: [String: [StateRow]] = [:]
            for t in StateTable.all { before[t.name] = try await store.stateRows(t) }
            let rebuilt = try await StateTables.rebuild(store)
            var results: [Result] = []
            for t in StateTable.all {
                let after = try await store.stateRows(t)
                results.append(Result(table: t.name, rows: after.count, differing: StateTables.differing(before[t.name] ?? [], after)))
            }
            try await store.close()
            precondition(rebuilt.map(\.table) == results.map(\.table))
            if json { print(try jsonString(results)) } else {
                for r in results { print("\(r.table): \(r.rows) rows, \(r.differing == 0 ? "identical" : "\(r.differing) differed from the live table")") }
            }
        }
    }
}
