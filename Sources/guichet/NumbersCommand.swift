import ArgumentParser
import GuichetApp
import GuichetCore
import GuichetData

struct DialPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dialplan", abstract: "Internal multi-site dial plans (004 §2.6.3).",
                                                    subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A business customer's internal numbers: prefix 5, 2-digit site code, 3-digit extension from the DID.")
        @Argument(help: "The customer id.") var customer: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                guard let c = try await openContracts(db, folder).customer(customer) else {
                    throw NumberingError.badDialPlan("no customer '\(customer)'")
                }
                let (entries, problems) = c.details.dialPlan(.proposed)
                if json {
                    struct Report: Encodable { let entries: [DialPlan.Entry]; let problems: [DialPlan.Problem] }
                    print(try jsonString(Report(entries: entries, problems: problems)))
                } else {
                    for e in entries { print("\(e.internalNumber)  \(e.user)  (\(e.site))") }
                    for p in problems { print("problem: \(p)") }
                }
                if !problems.isEmpty { throw ExitCode.failure }
            }
        }
    }
}

struct NumbersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "numbers", abstract: "Numbering tools.", subcommands: [Classify.self, RIOCheck.self])

    struct Classify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Territory, country code, type and E.164 form of numbers.")
        @Argument(help: "National (0590 27 12 34), E.164 (+590590271234) or short (3179) numbers.") var numbers: [String]
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let plan = try ReferenceData.numberingPlan()
                let results = try numbers.map { try plan.classify($0) }
                if json { print(try jsonString(results)) } else {
                    for r in results {
                        print("\(r.input)\t\(r.e164 ?? "-")\t\(r.territory ?? "-")\t\(r.type.rawValue)")
                    }
                }
            }
        }
    }

    struct RIOCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rio-check", abstract: "Check a RIO against a 10-digit national number.")
        @Argument(help: "The 12-character RIO.") var rio: String
        @Argument(help: "The number, 10 digits with its leading 0.") var number: String
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let r = try RIO(rio)
                let national = number.filter { !" .-".contains($0) }
                let ok = try r.matches(nationalNumber: national)
                let expected = try RIO.key(prefix: r.operatorCode + String(r.type) + r.reference, nationalNumber: national)
                if json {
                    struct Report: Encodable { let rio: String; let number: String; let valid: Bool; let expectedKey: String; let mobile: Bool }
                    print(try jsonString(Report(rio: r.description, number: national, valid: ok, expectedKey: expected, mobile: r.isMobile)))
                } else {
                    print(ok ? "valid" : "invalid: the key for \(national) is \(expected), not \(r.key)")
                }
                if !ok { throw ExitCode.failure }
            }
        }
    }
}
