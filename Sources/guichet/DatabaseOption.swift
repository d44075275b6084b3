import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Logging

/// `--database` and `--clock`, shared by every command that reads or writes data.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "A SQLite file path or a postgres://user:password@host:port/database URL. Default: $GUICHET_DATABASE, else ./guichet.sqlite.")
    var database: String?

    @Option(name: .long, help: "The instant the command runs at, ISO 8601 with its offset (2026-05-07T15:00:00+02:00); for serve, the start, then time runs on. Default: $GUICHET_CLOCK, else the system clock.")
    var clock: String?

    func location(default fallback: String = DatabaseLocation.defaultPath) throws -> DatabaseLocation {
        let text = database ?? ProcessInfo.processInfo.environment["GUICHET_DATABASE"] ?? fallback
        return try DatabaseLocation(parsing: text)
    }

    /// The instant a command runs at (`--clock`, `$GUICHET_CLOCK` or the system's).
    func now() throws -> Instant {
        try RunClock.named(clock, environment: ProcessInfo.processInfo.environment, running: false).now()
    }
}

/// Runs a command body; any failure becomes one line on standard error and exit status 1.
func reportingFailure(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("guichet: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

func makeLogger(level: Logger.Level = .info) -> Logger {
    var logger = Logger(label: "guichet")
    logger.logLevel = level
    return logger
}
