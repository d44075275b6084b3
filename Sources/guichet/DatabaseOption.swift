import ArgumentParser
import Foundation
import GuichetApp
import GuichetStore
import Logging

/// `--database`, shared by every command that reads or writes data.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "A SQLite file path or a postgres://user:password@host:port/database URL. Default: $GUICHET_DATABASE, else ./guichet.sqlite.")
    var database: String?

    func location(default fallback: String = DatabaseLocation.defaultPath) throws -> DatabaseLocation {
        let text = database ?? ProcessInfo.processInfo.environment["GUICHET_DATABASE"] ?? fallback
        return try DatabaseLocation(parsing: text)
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
