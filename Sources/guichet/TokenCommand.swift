import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore

/// Machines' credentials from the command line (F6): API tokens and wholesale operators' access
/// keys, listed without their secrets and revoked by id — also when the server is down.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "List and revoke API tokens and operators' access keys.",
                                                    subcommands: [List.self, Revoke.self, Keys.self, RevokeKey.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "API tokens: id, name, role, scopes, expiry, last use, revocation.")
        @OptionGroup var db: DatabaseOption
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let store = try await openAppStore(try db.location(), logger: makeLogger(level: .warning))
                let tokens = try await AccountService(store: store).tokens(StateQuery()).tokens
                try await store.close()
                if json { print(try jsonString(tokens)); return }
                for t in tokens {
                    let state = t.revokedAt.map { "revoked \($0)" } ?? t.expiresAt.map { "expires \($0)" } ?? "no expiry"
                    print([t.id, t.name, t.role.rawValue, t.scopes.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all",
                           state, "last used \(t.lastUsedAt?.description ?? "never")"].joined(separator: "\t"))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token by its id (from `guichet token list`).")
        @Argument var id: String
        @OptionGroup var db: DatabaseOption

        func run() async throws {
            try await reportingFailure {
                let store = try await openAppStore(try db.location(), logger: makeLogger(level: .warning))
                try await AccountService(store: store).revokeToken(id, at: try db.now())
                try await store.close()
                print("token \(id) revoked")
            }
        }
    }

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A wholesale operator's e-soutien access keys.")
        @Argument var operatorID: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let keys = try await openServices(db, folder).keys.keys(of: operatorID).keys
                if json { print(try jsonString(keys)); return }
                for k in keys {
                    print([k.id, k.revokedAt.map { "revoked \($0)" } ?? k.expiresAt.map { "expires \($0)" } ?? "no expiry"].joined(separator: "\t"))
                }
            }
        }
    }

    struct RevokeKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-key", abstract: "Revoke one of an operator's access keys by its id.")
        @Argument var operatorID: String
        @Argument var id: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                try await openServices(db, folder).keys.revoke(id: id, of: operatorID, at: try db.now())
                print("access key \(id) of \(operatorID) revoked")
            }
        }
    }
}
