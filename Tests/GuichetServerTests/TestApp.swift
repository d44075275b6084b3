import Foundation
import GuichetApp
import GuichetCore
import GuichetMail
import GuichetServer
import GuichetStore
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization

/// The real application (built by the same `buildApplication` as `guichet serve`) on a fresh
/// SQLite file.
enum TestApp {
    /// The fixed clock of the server tests.
    static let now = try! Instant(iso: "2026-11-21T10:00:00Z")

    static let logger: Logger = { var l = Logger(label: "guichet-server-tests"); l.logLevel = .error; return l }()

    /// The operator administrator's API token every test client sends unless it says otherwise.
    static let adminToken = "gt_test-administrator-token-0123456789abcdef"

    /// The public address the tests' server builds mailed links on.
    static let publicURL = "https://guichet.example.test"

    /// - Parameter asAdmin: false gives the bare client, for tests of who may do what.
    /// - Parameter database: an existing SQLite file to serve (a restart); a fresh one by default.
    static func run<T: Sendable>(
        demo: Bool = false, clock: TestClock? = nil, smtp: SMTPSettings? = nil, inboundMaildir: String? = nil, asAdmin: Bool = true,
        passwordCost: UInt8 = 4, bootstrapToken: String? = adminToken, database: String? = nil, live: Bool = false,
        idleTimeout: Duration = .seconds(30), mailInterval: Duration = .seconds(5),
        _ body: @Sendable (any TestClientProtocol, any Store) async throws -> T
    ) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let location = DatabaseLocation.sqlite(path: database ?? dir.appendingPathComponent("app.sqlite").path)
        let store = try await openStore(location, logger: logger)
        let fixed: @Sendable () -> Instant = { now }
        let clockNow: @Sendable () -> Instant = clock.map { c in { @Sendable in c.now } } ?? fixed
        let app = try await buildApplication(
            configuration: AppConfiguration(port: 0, database: location, demo: demo, catalogs: RepositoryFiles.path("Catalogs"), now: clockNow, smtp: smtp, mailInterval: mailInterval,
                                            inboundMaildir: inboundMaildir, bootstrapToken: bootstrapToken, passwordCost: passwordCost,
                                            publicURL: publicURL, idleTimeout: idleTimeout, scheduler: false),
            store: store, logger: logger)
        defer { Task { try? await store.close() } }
        return try await app.test(live ? .live : .router) { client in
            try await body(asAdmin ? AdminClient(base: client) : client, store)
        }
    }
}

/// Sends the administrator's token with every API request that carries no credentials of its own
/// (the portal's pages are left to their sessions).
struct AdminClient: TestClientProtocol {
    let base: any TestClientProtocol
    var port: Int? { base.port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var h = headers
        if h[.authorization] == nil, h[.cookie] == nil, uri.hasPrefix("/api/") || uri.hasPrefix("/tmf-api/") {
            h[.authorization] = "Bearer \(TestApp.adminToken)"
        }
        return try await base.executeRequest(uri: uri, method: method, headers: h, body: body)
    }
}

/// A clock the test moves forward.
final class TestClock: Sendable {
    private let value: Mutex<Instant>
    init(_ start: Instant = TestApp.now) { value = Mutex(start) }
    var now: Instant { value.withLock { $0 } }
    func advance(seconds: Int64) { value.withLock { $0 = $0.adding(seconds: seconds) } }
    func set(_ iso: String) throws { let t = try Instant(iso: iso); value.withLock { $0 = t } }
}

struct TMFErrorBody: Decodable, Equatable {
    let code: String
    let reason: String
    let status: String
    let type: String

    enum CodingKeys: String, CodingKey { case code, reason, status, type = "@type" }
}

extension TestResponse {
    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer: body))
    }

    var text: String { String(buffer: body) }
}

enum RepositoryFiles {
    /// A path in this repository, found from this source file's place in it.
    static func path(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }
}
