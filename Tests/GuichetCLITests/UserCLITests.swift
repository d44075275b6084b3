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
    }
}
