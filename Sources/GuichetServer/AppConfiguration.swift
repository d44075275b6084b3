import Foundation
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
    public var lockout: LoginLockout

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqlite(path: DatabaseLocation.defaultPath),
                demo: Bool = false, version: String = GuichetVersion.current, catalogs: String = CatalogDirectory.defaultPath,
                now: @escaping @Sendable () -> Instant = SystemClock.now, smtp: SMTPSettings? = nil, mailInterval: Duration = .seconds(5), inboundMaildir: String? = nil,
                bootstrapToken: String? = nil, passwordCost: UInt8 = 12, lockout: LoginLockout = LoginLockout()) {
        self.host = host; self.port = port; self.database = database; self.demo = demo; self.version = version
        self.catalogs = catalogs; self.now = now; self.smtp = smtp; self.mailInterval = mailInterval
        self.inboundMaildir = inboundMaildir
        self.bootstrapToken = bootstrapToken; self.passwordCost = passwordCost; self.lockout = lockout
    }
}

public enum GuichetVersion {
    public static let current = "0.1.0"
}
