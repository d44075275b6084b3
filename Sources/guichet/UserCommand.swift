import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore

extension Role: ExpressibleByArgument {}

/// People's accounts from the command line: the first operator administrator of a new instance
/// is created here (or through the API with `serve --bootstrap-token-env`).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Create and list people's accounts.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; the password is read from standard input (one line).")
        @Option var login: String
        @Option var name: String
        @Option var email: String
        @Option(help: "customer, businessAdmin, wholesaleOperator, supportAgent, billingAgent or operatorAdmin.") var role: Role
        @Option(help: "The customer a customer, business administrator or wholesale operator acts for.") var tenant: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                    throw ValidationError("password: give it on standard input, e.g. `read -s P; echo \"$P\" | guichet user create …`")
                }
                let services = try await openServices(db, folder)
                if let tenant, try await services.contracts.customer(tenant) == nil { throw ValidationError("--tenant: no customer '\(tenant)'") }
                let user = try await services.accounts.createUser(.init(login: login, name: name, email: email, role: role, tenant: tenant), password: password,
                                                         at: try db.now())
                print(json ? try jsonString(user) : "\(user.login) (\(user.role.rawValue)) created")
            }
        }
    }

    struct List: AsyncParsableCommand {
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let users = try await openServices(db, folder).accounts.users(StateQuery()).users
                print(json ? try jsonString(users) : users.map { "\($0.login)\t\($0.role.rawValue)\t\($0.tenant ?? "-")\t\($0.email)" }.joined(separator: "\n"))
            }
        }
    }
}
