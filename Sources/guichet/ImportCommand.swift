import ArgumentParser
import Foundation
import GuichetApp
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
            let importer = try await openServices(db, folder).importer
            let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
            let report = try await importer.importFile(kind, path: file, format: format, at: try db.now()) { p in
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
