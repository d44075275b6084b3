import Foundation
import GuichetCore
import GuichetStore

/// People's accounts: one stream `user:<login>` each — creation, password changes, closing, sign-in attempts —
/// folded into the `users` table that sign-in, sessions and lists read. Sign-in attempts change no row, so a
/// session check reads one row however long the account's history grows.
package struct UserRepository: StateRepository {
    package static let table = StateTable.users
    package let store: any EventStore

    package static let prefix = "user:"
    package static func stream(_ login: String) -> String { prefix + login.lowercased() }

    /// An account as its history leaves it: `generation` counts the password changes, which sessions and reset
    /// links carry (F7); the hash is bcrypt's, never the password.
    package struct State: Codable, Hashable {
        package var user: AccountService.User
        package var hash: String
        package var generation: Int
        package var disabled: Bool
    }

    /// The list's query parameters and the columns they filter.
    package static let filters = ["tenant": "tenant", "role": "role", "status": "status"]

    package static func row(_ s: State) throws -> StateRow {
        var values = ["role": s.user.role.rawValue, "status": s.disabled ? "disabled" : "active"]
        values["tenant"] = s.user.tenant
        return StateRow(table: .users, key: s.user.login, values: values, search: [s.user.login, s.user.name, s.user.email], body: try StoredJSON.text(s))
    }

    package static func fold(_ events: [StoredEvent]) throws -> State? {
        guard let first = events.first else { return nil }
        let created = try JSONDecoder().decode(AccountService.Created.self, from: Data(first.payload.utf8))
        var s = State(user: created.user, hash: created.passwordHash, generation: 0, disabled: false)
        for e in events.dropFirst() {
            switch e.type {
            case "user-disabled": s.disabled = true
            case "user-enabled": s.disabled = false
            case "password-changed":
                s.hash = try JSONDecoder().decode(AccountService.PasswordChanged.self, from: Data(e.payload.utf8)).passwordHash
                s.generation += 1
            default: break
            }
        }
        return s
    }

    package static func fold(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? { try fold(events).map(row) }

    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? { try Self.fold(stream, events) }


}
