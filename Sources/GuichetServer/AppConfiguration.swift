import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetMail
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
    /// The SMTP server outgoing mail goes through; without one, mail waits in the outbox.
    public var smtp: SMTPSettings?
    /// How often the outbox worker looks for mail to send.
    public var mailInterval: Duration
    /// A maildir whose new messages are read as inbound mail (answers, reports).
    public var inboundMaildir: String?
    /// An operator-administrator API token registered at start (hashed), for automation's first
    /// call; `guichet serve --bootstrap-token-env NAME` reads it from the environment.
    public var bootstrapToken: String?
    /// bcrypt's cost for new passwords; lowered only by the tests.
    public var passwordCost: UInt8
    public var throttle: LoginThrottle
    /// Where people reach this server (`https://guichet.example.fr`): the links mailed to them
    /// (password reset, an administrator's invitation) are built on it, never on the request's `Host`.
    public var publicURL: String
    /// How long a connection may stay silent before it is closed (F11: slow clients hold no socket for ever).
    public var idleTimeout: Duration
    /// Whether this server runs the scheduler: the obligations due every minute, dunning once a day. The route tests turn
    /// it off and take each step through the API, so that nothing writes behind them.
    public var scheduler: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqlite(path: DatabaseLocation.defaultPath),
                demo: Bool = false, version: String = GuichetVersion.current, catalogs: String = CatalogDirectory.defaultPath,
                now: @escaping @Sendable () -> Instant = SystemClock.now, smtp: SMTPSettings? = nil, mailInterval: Duration = .seconds(5), inboundMaildir: String? = nil,
                bootstrapToken: String? = nil, passwordCost: UInt8 = 12, throttle: LoginThrottle = LoginThrottle(),
                publicURL: String = "http://127.0.0.1:8080", idleTimeout: Duration = .seconds(30), scheduler: Bool = true) {
        self.host = host; self.port = port; self.database = database; self.demo = demo; self.version = version
        self.catalogs = catalogs; self.now = now; self.smtp = smtp; self.mailInterval = mailInterval
        self.inboundMaildir = inboundMaildir
        self.bootstrapToken = bootstrapToken; self.passwordCost = passwordCost; self.throttle = throttle
        self.publicURL = publicURL; self.idleTimeout = idleTimeout; self.scheduler = scheduler
    }
}

extension AppConfiguration {
    /// `--public-url` checked: http or https, a host, no query; kept without its trailing slash.
    public static func publicURL(_ text: String) throws(ConfigurationError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil else {
            throw ConfigurationError(field: "--public-url", reason: "'\(text)' is not an http(s) address such as https://guichet.example.fr")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let field: String
    public let reason: String
    public var description: String { "\(field): \(reason)" }
}

public enum GuichetVersion {
    public static let current = "0.1.0"
}
