import Foundation
import ArgumentParser
import GuichetApp
import GuichetData
import GuichetMail
import GuichetServer
import GuichetStore
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the APIs and portals over HTTP.")

    @OptionGroup var db: DatabaseOption
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Run a demo instance (default database ./guichet-demo.sqlite).") var demo = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "The catalog folder loaded at start.") var catalogs = CatalogDirectory.defaultPath
    @Option(help: "SMTP server for outgoing mail, host:port; without it, mail waits in the outbox.") var smtp: String?
    @Option(help: "Sender address of outgoing mail.") var mailFrom = "guichet@localhost"
    @Option(help: "Domain of the operator's e-mail-to-SMS gateway: texts to customers' lines go to <number>@<domain> through --smtp.")
    var smsGateway: String?
    @Option(help: "A maildir whose new messages are read as inbound mail (ticket answers, reports).") var inboundMaildir: String?
    @Option(help: "An environment variable holding an operator-administrator API token to register at start (for automation).")
    var bootstrapTokenEnv: String?
    @Option(help: "The address people reach this server at (https://guichet.example.fr): mailed links point there. Required outside --demo.")
    var publicURL: String?
    @Option(help: "Seconds a connection may stay silent (or take to send its request head) before it is closed.") var idleTimeout = 30

    func run() async throws {
        try await reportingFailure {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("--log-level: '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            let logger = makeLogger(level: level)
            let location = try db.location(default: demo ? "./guichet-demo.sqlite" : DatabaseLocation.defaultPath)
            let store = try await openAppStore(location, logger: logger)
            // One server per SQLite file (F8): a second would serve catalogs and caches the first changes under it.
            let lock = try location.sqlitePath.map { try ServeLock(databasePath: $0) }
            guard let publicURL = try publicURL.map(AppConfiguration.publicURL) ?? (demo ? "http://\(host):\(port)" : nil) else {
                throw ValidationError("--public-url: give the address people reach this server at (e.g. https://guichet.example.fr); mailed links are built on it")
            }
            guard smsGateway == nil || smtp != nil else { throw ValidationError("--sms-gateway: texts go through the SMTP server: give --smtp too") }
            guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout: must be at least 1 second") }
            let clock = try RunClock.named(db.clock, environment: ProcessInfo.processInfo.environment, running: true)
            let config = AppConfiguration(host: host, port: port, database: location, demo: demo, catalogs: catalogs, now: clock.now,
                                          smtp: try smtp.map { try Self.smtpSettings($0, from: mailFrom, smsGateway: smsGateway) }, inboundMaildir: inboundMaildir,
                                          bootstrapToken: try bootstrapTokenEnv.map(Self.bootstrapToken), publicURL: publicURL,
                                          idleTimeout: .seconds(idleTimeout))
            logger.info("starting", metadata: ["database": "\(location)", "address": "\(host):\(port)", "demo": "\(demo)", "clock": "\(clock.now())"])
            let app = try await buildApplication(configuration: config, store: store, logger: logger)
            do {
                try await app.runService()
            } catch {
                throw ServeError(reason: "cannot serve on \(host):\(port): \(error)")
            }
            withExtendedLifetime(lock) {}
        }
    }
}

extension Serve {
    static func smtpSettings(_ hostPort: String, from: String, smsGateway: String?) throws -> SMTPSettings {
        let parts = hostPort.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
            throw ValidationError("--smtp: '\(hostPort)' is not host:port")
        }
        if let smsGateway, smsGateway.isEmpty || smsGateway.contains(where: { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) {
            throw ValidationError("--sms-gateway: '\(smsGateway)' is not a domain name")
        }
        return SMTPSettings(host: String(parts[0]), port: port, from: from, smsGateway: smsGateway)
    }
}

struct ServeError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

extension Serve {
    /// The token in the named variable: long enough to be a secret, never on the command line.
    static func bootstrapToken(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], value.hasPrefix("gt_"), value.count >= 35 else {
            throw ValidationError("--bootstrap-token-env: $\(name) must hold a token 'gt_' followed by at least 32 characters")
        }
        return value
    }
}
