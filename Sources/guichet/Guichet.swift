import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore

@main
struct Guichet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guichet",
        abstract: "Guichet, an open-source back office (BSS) for telecom operators.",
        version: GuichetVersion.current,
        subcommands: [Serve.self, Migrate.self, CatalogCommand.self, CustomerCommand.self, ContractCommand.self, NumbersCommand.self, DialPlanCommand.self, CalendarCommand.self, LineCommand.self, UsageCommand.self, BillCommand.self, UserCommand.self, TokenCommand.self, AuditCommand.self, ImportCommand.self, RebuildStateCommand.self, RunDueCommand.self, SimulateCommand.self]
    )

    /// Every change a command makes is audited as the system user's, with the command line
    /// (requests served by `guichet serve` are audited as their signed-in user's instead).
    static func main() async {
        ProcessHeap.configure()
        // Deprecated input (a former territory id) is accepted and said on standard error as it is met.
        let notes = DeprecationNotes { FileHandle.standardError.write(Data("guichet: warning: \($0)\n".utf8)) }
        await DeprecationNotes.$current.withValue(notes) {
            await AuditContext.$current.withValue(commandContext(CommandLine.arguments)) { await main(nil) }
        }
    }

    static func commandContext(_ arguments: [String]) -> AuditContext {
        let env = ProcessInfo.processInfo.environment
        let user = env["USER"] ?? env["LOGNAME"] ?? "uid \(getuid())"
        // A PostgreSQL URL may carry a password: postgres://user:secret@host/db.
        let line = (["guichet"] + arguments.dropFirst()).map {
            $0.replacingOccurrences(of: #"(://[^:/@\s]+):[^@\s]*@"#, with: "$1:***@", options: .regularExpression)
        }.joined(separator: " ")
        return AuditContext(actor: "cli:\(user)", method: "CLI", path: line)
    }
}
