import GuichetCore
import GuichetStore

/// `--demo`: one sample account per role, listed on the sign-in page (in demo mode only).
public enum DemoUsers {
    public struct Account: Sendable, Hashable {
        public let login: String
        public let password: String
        public let role: Role
    }

    /// The same sample password for every demo account: a demo instance holds nothing to protect.
    package static let password = "guichet-demo"

    /// Creates the accounts once, tied to the demo customers; returns them for the sign-in page.
    package static func seed(_ accounts: AccountService, _ contracts: ContractService, at now: Instant) async throws -> [Account] {
        let customers = try await contracts.customers(StateQuery(limit: 100)).customers
        func tenant(_ match: (ContractService.Customer) -> Bool) -> String? { customers.first(where: match)?.id }
        let wanted: [(String, String, Role, String?)] = [
            ("marie", "Marie Démo", .customer, tenant { $0.kind == .consumer && $0.territoryID == "GP" }),
            ("said", "Saïd Démo", .customer, tenant { $0.kind == .consumer && $0.territoryID == "YT" }),
            ("claire", "Claire Démo", .businessAdmin, tenant { $0.kind == .business }),
            ("noc", "NOC Opérateur Démo", .wholesaleOperator, tenant { $0.kind == .wholesale }),
            ("agent.support", "Agent support (démo)", .supportAgent, nil),
            ("agent.facturation", "Agent facturation (démo)", .billingAgent, nil),
            ("admin", "Administrateur (démo)", .operatorAdmin, nil),
        ]
        var seeded: [Account] = []
        for (login, name, role, tenant) in wanted where !role.isTenant || tenant != nil {
            if try await accounts.user(login) == nil {
                _ = try await accounts.createUser(.init(login: login, name: name, email: "\(login)@demo.example", role: role, tenant: tenant),
                                                  password: password, at: now)
            }
            seeded.append(Account(login: login, password: password, role: role))
        }
        return seeded
    }
}
