import ArgumentParser
import GuichetCore

struct NumbersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "numbers", abstract: "Numbering tools.", subcommands: [RIOCheck.self])

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
