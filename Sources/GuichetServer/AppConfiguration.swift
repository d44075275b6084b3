import Foundation
import GuichetCore
import GuichetData
import GuichetStore

/// What `guichet serve` was asked for.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// Demo mode: a local instance to look around in; the home page says so.
    public var demo: Bool
    public var version: String
    /// The catalog folder loaded at start (Catalogs/*.yaml).
    public var catalogs: String
    /// The clock, read only here at the edge; tests fix it.
    public var now: @Sendable () -> Instant

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqlite(path: DatabaseLocation.defaultPath),
                demo: Bool = false, version: String = GuichetVersion.current, catalogs: String = CatalogDirectory.defaultPath,
                now: @escaping @Sendable () -> Instant = SystemClock.now) {
        self.host = host; self.port = port; self.database = database; self.demo = demo; self.version = version
        self.catalogs = catalogs; self.now = now
    }
}

public enum GuichetVersion {
    public static let current = "0.1.0"
}
