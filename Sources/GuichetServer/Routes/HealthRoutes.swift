import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// `/health`: the process answers. `/ready`: the database answers too, so that a load
/// balancer sends traffic only where it can be served.
struct HealthRoutes {
    let store: any Store
    let version: String
    let alarm: StorageAlarm
    let now: @Sendable () -> Instant

    struct Status: ResponseEncodable {
        let status: String
        let version: String
        let database: String?
        let schemaVersion: Int?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/health") { _, _ in Status(status: "ok", version: version, database: nil, schemaVersion: nil) }
        router.get("/ready") { _, context -> Status in
            if let full = alarm.active(at: now()) {
                throw TMFError(.serviceUnavailable, code: "storageFull", reason: "the database's storage was full at \(full): writes fail until space is freed")
            }
            do {
                try await store.ping()
                let schema = try await store.appliedMigrations().last?.version
                return Status(status: "ready", version: version, database: store.engine.rawValue, schemaVersion: schema)
            } catch {
                context.logger.warning("not ready", metadata: ["error": "\(error)"])
                throw TMFError(.serviceUnavailable, code: "notReady", reason: "database \(store.engine.rawValue) does not answer",
                               message: "\(error)")
            }
        }
    }
}
