import Foundation
import GuichetStore
import GuichetTestSupport
import Testing

@Suite struct PostgresStoreTests {
    @Test(arguments: [
        ("mysql://u@h/db", "neither a SQLite file path nor a postgres:// URL"),
        ("postgres://127.0.0.1/db", "no user name"),
        ("postgres://u@127.0.0.1:5432/", "no database name"),
        ("postgres://u@127.0.0.1/db?sslmode=verify", "sslmode must be disable or require"),
    ])
    func badURLsAreRefusedWithTheReason(url: String, reason: String) {
        #expect { try DatabaseLocation(parsing: url) } throws: { "\($0)".contains(reason) }
    }

    @Test func passwordsNeverAppearInMessages() throws {
        guard case .postgres(let p) = try DatabaseLocation(parsing: "postgres://guichet:s3cret@db.local:6543/bss") else {
            Issue.record("not parsed as PostgreSQL"); return
        }
        #expect(p.masked == "postgres://guichet:***@db.local:6543/bss")
        #expect(p.port == 6543 && p.database == "bss" && p.password == "s3cret")
    }

    @Test func aServerThatIsNotThereFailsAtOnceWithItsAddress() async throws {
        guard case .postgres(let target) = try DatabaseLocation(parsing: "postgres://guichet:pw@127.0.0.1:1/guichet") else { return }
        await #expect {
            try await PostgresStore.connect(target, logger: TestStores.logger)
        } throws: { error in
            "\(error)".hasPrefix("cannot connect to PostgreSQL at postgres://guichet:***@127.0.0.1:1/guichet: ")
        }
    }

    @Test(.enabled(if: TestStores.postgresURL != nil || TestStores.requireAll))
    func anUnknownDatabaseIsNamedByTheServer() async throws {
        let admin = try #require(TestStores.postgresURL)
        let url = admin.replacingOccurrences(of: "/postgres", with: "/no_such_database")
        guard case .postgres(let target) = try DatabaseLocation(parsing: url) else { return }
        await #expect {
            try await PostgresStore.connect(target, logger: TestStores.logger)
        } throws: { "\($0)".contains("no_such_database") && "\($0)".contains("does not exist") }
    }
}
