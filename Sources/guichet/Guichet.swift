import ArgumentParser
import GuichetServer

@main
struct Guichet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guichet",
        abstract: "Guichet, an open-source back office (BSS) for telecom operators.",
        version: GuichetVersion.current,
        subcommands: [Serve.self, Migrate.self, CatalogCommand.self, CustomerCommand.self, ContractCommand.self, NumbersCommand.self, DialPlanCommand.self, CalendarCommand.self, LineCommand.self, UsageCommand.self, BillCommand.self, UserCommand.self]
    )
}
