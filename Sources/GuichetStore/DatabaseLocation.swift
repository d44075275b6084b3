import Foundation

/// Where the data lives, from `--database` or `GUICHET_DATABASE`: a SQLite file path or a
/// `postgres://user:password@host:port/database` URL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public static let defaultPath = "./guichet.sqlite"

    public init(parsing text: String) throws(StoreError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: text))
        } else if text.contains("://") || text.isEmpty {
            throw .badLocation(text)
        } else {
            self = .sqlite(path: text)
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let p): p.masked
        }
    }
}

public struct PostgresLocation: Sendable, Equatable {
    public let host: String
    public let port: Int
    public let username: String
    public let password: String?
    public let database: String
    public let requireTLS: Bool

    init(url text: String) throws(StoreError) {
        guard let c = URLComponents(string: text), let host = c.host, !host.isEmpty else {
            throw .badLocation("\(text) (no host)")
        }
        guard let user = c.user, !user.isEmpty else { throw .badLocation("\(PostgresLocation.mask(text)) (no user name)") }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw .badLocation("\(PostgresLocation.mask(text)) (no database name after the host)") }
        let sslmode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard ["disable", "require"].contains(sslmode) else {
            throw .badLocation("\(PostgresLocation.mask(text)) (sslmode must be disable or require)")
        }
        self.host = host
        self.port = c.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = c.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        self.requireTLS = sslmode == "require"
    }

    /// The URL with the password replaced by `***`, for logs and errors.
    public var masked: String { "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)" }

    static func mask(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "postgres://…" }
        if c.password != nil { c.password = "***" }
        return c.string ?? "postgres://…"
    }
}

extension DatabaseLocation {
    /// The file of a SQLite location; nil for PostgreSQL.
    public var sqlitePath: String? {
        if case .sqlite(let path) = self { return path }
        return nil
    }
}
