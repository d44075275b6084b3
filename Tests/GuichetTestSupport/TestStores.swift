import Foundation
import GuichetStore
import Logging
import PostgresNIO

/// Fresh, empty stores of each engine for the conformance suite and the command tests. PostgreSQL is the real
/// server scripts/test.sh starts on loopback ($GUICHET_TEST_POSTGRES_URL); each test gets a
/// database of its own, dropped afterwards.
public enum TestStores {
    public static let logger: Logger = { var l = Logger(label: "guichet-tests"); l.logLevel = .error; return l }()
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["GUICHET_TEST_POSTGRES_URL"] }
    public static var requireAll: Bool { ProcessInfo.processInfo.environment["GUICHET_REQUIRE_ALL_SUITES"] == "1" }

    /// The engines to run: SQLite always; PostgreSQL when its server is there, and always under scripts/test.sh.
    public static var engines: [StoreEngine] { postgresURL != nil || requireAll ? [.sqlite, .postgres] : [.sqlite] }

    /// A location for a new, empty database of `engine`, and a clean-up to call when done.
    public static func freshLocation(_ engine: StoreEngine) async throws -> (DatabaseLocation, @Sendable () async throws -> Void) {
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return (.sqlite(path: dir.appendingPathComponent("test.sqlite").path), { try? FileManager.default.removeItem(at: dir) })
        case .postgres:
            guard let url = postgresURL, case .postgres(let admin) = try DatabaseLocation(parsing: url) else {
                throw StoreError.badLocation("GUICHET_TEST_POSTGRES_URL is not set: run scripts/test.sh")
            }
            let name = "guichet_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            try await adminQuery(admin, "CREATE DATABASE \(name)")
            let location = try DatabaseLocation(parsing: "postgres://\(admin.username)@\(admin.host):\(admin.port)/\(name)")
            return (location, { try await adminQuery(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
        }
    }

    /// Runs `body` with a migrated store of `engine`, then closes and removes it.
    public static func with<T>(_ engine: StoreEngine, migrated: Bool = true, _ body: (any Store, DatabaseLocation) async throws -> T) async throws -> T {
        let (location, cleanUp) = try await freshLocation(engine)
        let store = try await openStore(location, migrating: migrated, logger: logger)
        do {
            let result = try await body(store, location)
            try await store.close()
            try await cleanUp()
            return result
        } catch {
            try? await store.close()
            try? await cleanUp()
            throw error
        }
    }

    public static func adminQuery(_ admin: PostgresLocation, _ sql: String) async throws {
        let config = PostgresConnection.Configuration(host: admin.host, port: admin.port, username: admin.username,
                                                      password: admin.password, database: admin.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}
