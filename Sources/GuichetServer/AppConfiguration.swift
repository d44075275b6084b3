import GuichetStore

/// What `guichet serve` was asked for.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// Demo mode: a local instance to look around in; the home page says so.
    public var demo: Bool
    public var version: String

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqlite(path: DatabaseLocation.defaultPath),
                demo: Bool = false, version: String = GuichetVersion.current) {
        self.host = host; self.port = port; self.database = database; self.demo = demo; self.version = version
    }
}

public enum GuichetVersion {
    public static let current = "0.1.0"
}
