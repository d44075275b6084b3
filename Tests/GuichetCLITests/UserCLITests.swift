import Foundation
import Testing

/// `guichet user`: the first administrator of a new instance, with the password on standard input.
@Suite struct UserCLITests {
    @Test func theFirstAdministratorIsCreatedFromTheCommandLine() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = ["--database", dir.appendingPathComponent("u.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let base = ["user", "create", "--login", "chef", "--name", "Chef", "--email", "chef@example.org", "--role", "operatorAdmin"] + db
        let short = try CLI.run(base, input: "court\n")
        #expect(short.status == 1 && short.stderr.contains("au moins 12 caractères"))
        let ok = try CLI.run(base, input: "un-mot-de-passe-solide\n")
        #expect(ok.status == 0 && ok.stdout.contains("chef (operatorAdmin) created"), "\(ok.stderr)")
        #expect(try CLI.run(base, input: "un-mot-de-passe-solide\n").stderr.contains("taken"))
        let list = try CLI.run(["user", "list"] + db)
        #expect(list.stdout.split(separator: "\n").map { String($0.prefix(4)) } == ["chef"])
        #expect(!list.stdout.contains("$2b$"))
        // The command's change is audited as the system user's, with the command line (no password: it came on stdin).
        let audit = try CLI.run(["audit"] + db.prefix(2))
        let lines = audit.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].contains("  cli:") && lines[0].contains("CLI guichet user create --login chef"), "\(audit.stdout)")
        #expect(lines[1].hasPrefix("  + user:chef#") && !audit.stdout.contains("un-mot-de-passe-solide"))
    }
}
