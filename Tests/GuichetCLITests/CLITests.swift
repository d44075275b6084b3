import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct CLITests {
    @Test func printsItsVersion() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    /// `guichet serve` with a database it cannot use stops at once, with one line naming the problem.
    @Test(arguments: [
        (["--database", "/nonexistent/dir/x.sqlite"], [:],
         "guichet: cannot open SQLite database /nonexistent/dir/x.sqlite: folder /nonexistent/dir does not exist"),
        (["--database", "postgres://guichet:pw@127.0.0.1:1/guichet"], [:],
         "guichet: cannot connect to PostgreSQL at postgres://guichet:***@127.0.0.1:1/guichet: "),
        (["--database", "mysql://root@127.0.0.1/guichet"], [:],
         "guichet: database location 'mysql://root@127.0.0.1/guichet' is neither a SQLite file path nor a postgres:// URL"),
        ([], ["GUICHET_DATABASE": "/nonexistent/env/x.sqlite"],
         "guichet: cannot open SQLite database /nonexistent/env/x.sqlite: folder /nonexistent/env does not exist"),
    ] as [([String], [String: String], String)])
    func serveRefusesAnUnusableDatabase(arguments: [String], environment: [String: String], line: String) throws {
        let r = try CLI.run(["serve", "--port", "\(CLI.freePort())"] + arguments, environment: environment)
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(r.stderr)")
        #expect(r.stderr.hasPrefix(line), "\(r.stderr)")
    }

    @Test func serveReportsACorruptedFileAndLeavesItAlone() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("guichet.sqlite")
        let content = Data("customer ledger exported by another tool\n".utf8)
        try content.write(to: file)
        let r = try CLI.run(["serve", "--port", "\(CLI.freePort())"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr == "guichet: ./guichet.sqlite is not a usable SQLite database (file is not a database: its header is not SQLite's); the file was left untouched\n")
        #expect(try Data(contentsOf: file) == content)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["guichet.sqlite"])
    }

    @Test func serveAnswersHealthAndShutsDownGracefully() async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = CLI.freePort()
        let server = try CLI.start(["serve", "--demo", "--port", "\(port)", "--catalogs", CLI.repository("Catalogs")], in: dir)
        let health = try await CLI.awaitHealth(port)
        #expect(health?.0 == 200)
        #expect(health?.1.contains(#""status":"ok""#) == true)
        server.process.terminate() // SIGTERM
        server.process.waitUntilExit()
        let log = String(decoding: server.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(server.process.terminationStatus == 0, "\(log)")
        #expect(log.contains("closing the database"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("guichet-demo.sqlite").path))
    }

    @Test func migrateReportsWhatItApplied() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        struct Report: Decodable { struct M: Decodable { let version: Int }; let newlyApplied: [M]; let schemaVersion: Int }
        let first = try CLI.run(["migrate", "--database", db, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(first.stdout.utf8))
        #expect(report.newlyApplied.map(\.version) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28] && report.schemaVersion == 28)
        let again = try CLI.run(["migrate", "--database", db])
        #expect(again.stdout.contains("already up to date; schema at version 28"))
    }

    @Test func calendarCommandsComputeWithJSON() throws {
        let r = try CLI.run(["calendar", "deadline", "--territory", "GP", "--from", "2026-05-22", "--days", "2", "--kind", "ouvres", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        struct D: Decodable { let lastDay: String }
        #expect(try JSONDecoder().decode(D.self, from: Data(r.stdout.utf8)).lastDay == "2026-05-28")
        let bad = try CLI.run(["calendar", "holidays", "--territory", "ZZ", "--year", "2026"])
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("guichet: unknown territory 'ZZ (known: BL, FR, GF, GP, MF, MQ, RE, YT)'"))
    }

    /// D-CAL-10: French Guiana's former id is accepted, said deprecated on standard error, and answered as GF (abolition
    /// of slavery on 10 June, décret n° 83-1003).
    @Test func frenchGuianasFormerIDIsAcceptedWithAWarning() throws {
        let r = try CLI.run(["calendar", "holidays", "--territory", "GY", "--year", "2026"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "guichet: warning: territory 'GY' is deprecated: use 'GF' (ISO 3166: GY is Guyana, French Guiana is GF)\n")
        #expect(r.stdout.contains("2026-06-10"))
        #expect(try CLI.run(["calendar", "holidays", "--territory", "GF", "--year", "2026"]).stderr.isEmpty)
    }
}

@Suite struct NumbersCLITests {
    @Test func rioCheck() throws {
        #expect(try CLI.run(["numbers", "rio-check", "02P131780R0W", "06 96 10 01 52"]).stdout == "valid\n")
        let bad = try CLI.run(["numbers", "rio-check", "02P131780R0X", "0696100152"])
        #expect(bad.status != 0)
        #expect(bad.stdout == "invalid: the key for 0696100152 is R0W, not R0X\n")
    }
}

@Suite struct ClassifyCLITests {
    @Test func classifyPrintsEachNumber() throws {
        let r = try CLI.run(["numbers", "classify", "0690 12 34 56", "3179"])
        #expect(r.stdout == "0690 12 34 56\t+590690123456\tGP\tmobile\n3179\t-\t-\tshortService\n")
        let bad = try CLI.run(["numbers", "classify", "06 12"])
        #expect(bad.status != 0 && bad.stderr.hasPrefix("guichet: number '06 12': 4 digits"))
    }
}
