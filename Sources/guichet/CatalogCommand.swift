import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Validate, import, list, show and revise the catalogs.",
        subcommands: [Validate.self, Import.self, List.self, Show.self, Revise.self, Indices.self])

    struct Folder: ParsableArguments {
        @Option(help: "The catalog folder loaded at start.") var catalogs = CatalogDirectory.defaultPath
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check catalog files: schema, references, validity periods, prefixes, tax zones.")
        @Argument(help: "Catalog files or folders (default: ./Catalogs).") var paths: [String] = []
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                var files: [String] = []
                for path in paths.isEmpty ? [CatalogDirectory.defaultPath] : paths {
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                        files += try CatalogDirectory.files(in: path)
                    } else { files.append(path) }
                }
                var documents: [CatalogDocument] = []
                var issues: [CatalogIssue] = []
                var unreadable: [String] = []
                for file in files {
                    do { documents.append(try CatalogFile.read(path: file)) } catch { unreadable.append("\(error)") }
                }
                issues = CatalogValidator(taxZones: Set(try ReferenceData.taxZones().keys)).validate(documents)
                let errors = unreadable.count + issues.filter { $0.severity == .error }.count
                if json {
                    struct Report: Encodable { let files: [String]; let unreadable: [String]; let issues: [CatalogIssue] }
                    print(try jsonString(Report(files: files, unreadable: unreadable, issues: issues)))
                } else {
                    for line in unreadable { print(line) }
                    for issue in issues { print(issue) }
                    print("\(files.count) files, \(errors) errors, \(issues.count - issues.filter { $0.severity == .error }.count) warnings")
                }
                if errors > 0 { throw ExitCode.failure }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a catalog file into the database; it replaces the catalog of the same id.")
        @Argument(help: "The catalog file.") var file: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: Folder
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let registry = try await openRegistry(db, folder)
                let content = try String(contentsOfFile: file, encoding: .utf8)
                let result = try await registry.importCatalog(content: content, file: (file as NSString).lastPathComponent, at: try db.now())
                if json { print(try jsonString(result)) } else {
                    print(result.replayed ? "\(result.catalog): already imported, nothing changed" : "\(result.catalog): imported")
                    for w in result.warnings { print(w) }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the offerings in service.")
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: Folder
        @Option(help: "Prices on this day (YYYY-MM-DD); default today.") var on: String?
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let set = try await openRegistry(db, folder).current
                let day = try on.map { try LocalDate(iso: $0) } ?? db.now().utcDate
                let rows = set.offerings.map { o in
                    OfferingSummary(id: o.id, name: o.name, catalog: set.catalog(of: o)?.id ?? "",
                                    prices: set.prices.prices(on: day).filter { $0.offering == o.id }.map(PriceSummary.init))
                }
                if json { print(try jsonString(rows)) } else {
                    for r in rows {
                        print("\(r.id)  \(r.name)  [\(r.catalog)]  " + r.prices.map { "\($0.amount ?? "—") \($0.unit)" }.joined(separator: ", "))
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an offering, a price or a tariff group, with every version.")
        @Argument(help: "An offering, price or tariff id.") var id: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: Folder
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let set = try await openRegistry(db, folder).current
                var versions = set.prices.versions(of: id)
                if let o = set.offering(id) {
                    versions = set.allPriceVersions.filter { $0.offering == o.id }
                    if json { print(try jsonString(OfferingDetail(offering: o, versions: versions.map(PriceSummary.init)))) } else {
                        print("\(o.id): \(o.name) (\(o.status.rawValue), from \(o.validity.from), \(o.source))")
                        for i in o.includes { print("  + \(i)") }
                        for v in versions { print("  \(PriceSummary(v).line)") }
                    }
                } else if !versions.isEmpty {
                    if json { print(try jsonString(versions.map(PriceSummary.init))) } else { for v in versions { print(PriceSummary(v).line) } }
                } else if let t = set.tariffs.first(where: { $0.id == id }) {
                    let rates = t.rates.keys.sorted().map { "\($0): \(t.rates[$0]!.connection) € + \(t.rates[$0]!.perMinute) €/min" }
                    print("\(t.id): \(t.name) (\(t.lineType.rawValue), \(t.source))")
                    print("  " + (rates.isEmpty ? "no rate" : rates.joined(separator: "; ")) + (t.includedIn.isEmpty ? "" : "; included in \(t.includedIn.joined(separator: ", "))"))
                    for d in t.destinations { print("  \(d.name): " + (d.prefixes.map { "+" + $0 } + d.shortNumbers).joined(separator: ", ")) }
                } else {
                    throw CatalogLoadError(errors: ["no offering, price or tariff '\(id)'"])
                }
            }
        }
    }

    struct Revise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revise a catalog's prices with the 004 §15.1 index formula.")
        @Option(help: "CSV of index values: series,published,value.") var indexFile: String
        @Option(help: "Revision date (the first day of a month).") var on: String
        @Option(help: "The catalog to revise.") var catalog = "workplace-together-essentials"
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: Folder
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let day = try LocalDate(iso: on)
                let indices = try IndexFile.read(path: indexFile)
                let result = try await openRegistry(db, folder).revise(catalogID: catalog, on: day, indices: indices, at: try db.now())
                if json { print(try jsonString(result)) } else {
                    if result.replayed { print("already revised on \(day) with these indices; nothing changed") }
                    for l in result.lines { print("\(l.priceID): \(l.previous) → \(l.revised)   \(l.explanation.inputs["S"] ?? "")") }
                }
            }
        }
    }
}

extension CatalogCommand {
    struct Indices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the price index values that revise running Workplace contracts (004 §15.1), or list those held.",
            discussion: "The revisions that failed for want of a value are scheduled again on their day; the next run-due executes them.")
        @Argument(help: "CSV of index values: series,published,value (series syntec or insee-010765308). Without it, the values held.")
        var file: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: Folder
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let contracts = try await openServices(db, folder).contracts
                guard let file else {
                    let values = try await contracts.priceIndexValues()
                    if json { print(try jsonString(values)) } else {
                        for v in values { print("\(v.series) \(v.published) \(v.text)") }
                    }
                    return
                }
                let text: String
                do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw ValidationError("\(file): cannot be read: \(error.localizedDescription)") }
                let result = try await contracts.recordIndices(csv: text, file: file, at: try db.now())
                if json { print(try jsonString(result)) } else {
                    print(result.replayed ? "already recorded: nothing changed" : "recorded \(result.recorded) values (\(result.held) held)")
                    for o in result.retried { print("revision of \(o.resource) on \(o.dueOn) scheduled again") }
                }
            }
        }
    }
}

/// The services of the database a command names, with the catalogs of its folder: the composition root `serve` uses too.
func openServices(_ db: DatabaseOption, _ folder: CatalogCommand.Folder) async throws -> Services {
    try await Services.open(try db.location(), catalogs: folder.catalogs, logger: makeLogger(level: .warning))
}

func openRegistry(_ db: DatabaseOption, _ folder: CatalogCommand.Folder) async throws -> CatalogRegistry { try await openServices(db, folder).catalogs }

struct PriceSummary: Encodable {
    let id: String, version: String, name: String, amount: String?, unit: String, taxIncluded: Bool, taxZone: String?
    let validFrom: String, validTo: String?, sample: Bool, missing: Bool, source: String

    init(_ p: OfferingPrice) {
        id = p.id; version = p.version; name = p.name; amount = p.amount?.description; unit = p.unit; taxIncluded = p.taxIncluded
        taxZone = p.taxZone; validFrom = p.validity.from.description; validTo = p.validity.to?.description
        sample = p.sample; missing = p.missing; source = p.source
    }

    var line: String {
        "\(version): \(amount.map { "\($0) €" } ?? "no amount (missing)") \(taxIncluded ? "TTC" : "HT") per \(unit)"
            + (validTo.map { " until \($0)" } ?? "") + (sample ? " [SAMPLE]" : "") + " — \(source)"
    }
}

struct OfferingSummary: Encodable { let id: String, name: String, catalog: String, prices: [PriceSummary] }

struct OfferingDetail: Encodable {
    let id: String, name: String, status: String, includes: [String], source: String, versions: [PriceSummary]
    init(offering o: ProductOffering, versions: [PriceSummary]) {
        id = o.id; name = o.name; status = o.status.rawValue; includes = o.includes; source = o.source; self.versions = versions
    }
}
