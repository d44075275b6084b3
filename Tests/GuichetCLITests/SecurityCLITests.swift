import Foundation
import GuichetStore
import Testing

/// Issue 21 from the command line: F2 quantities bounded, F3 the public address, F6 tokens revoked,
/// F8 one server per SQLite file.
@Suite struct SecurityCLITests {
    /// F2: `contract order --quantity` takes no quantity beyond D-SEC-8's bound, and stores nothing.
    @Test func aHugeQuantityIsRefusedByTheCommand() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", dir.appendingPathComponent("q.sqlite").path, "--catalogs", CLI.repository("Catalogs")]
        let customer = try CLI.run(["customer", "create", "--name", "Atelier", "--kind", "business", "--territory", "FR"] + common)
        let cus = try #require(customer.stdout.split(separator: " ").first.map(String.init), "\(customer.stderr)")
        let order = try CLI.run(["contract", "order", "--customer", cus, "--offering", "wte-pack-calling", "--on", "2026-01-05",
                                 "--engagement-months", "36", "--quantity", "9223372036854775807"] + common)
        #expect(order.status != 0)
        #expect(order.stderr == "guichet: quantity: 9223372036854775807 is not between 1 and 10000 (D-SEC-8)\n", "\(order.stderr)")
        #expect(try CLI.run(["contract", "list"] + common).stdout == "0 of 0 from 1\n")
    }

    /// F8: a second `serve` on the same SQLite file is refused with one line; the first goes on.
    /// F3: outside `--demo` the public address is required.
    @Test func aSecondServerOnOneFileIsRefused() async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("one.sqlite").path
        let catalogs = ["--catalogs", CLI.repository("Catalogs")]
        let noURL = try CLI.run(["serve", "--port", "\(CLI.freePort())", "--database", db] + catalogs)
        #expect(noURL.status != 0 && noURL.stderr.hasPrefix("guichet: --public-url: give the address"), "\(noURL.stderr)")
        let port = CLI.freePort()
        let first = try CLI.start(["serve", "--port", "\(port)", "--database", db, "--public-url", "https://guichet.example.test"] + catalogs)
        defer { first.process.terminate(); first.process.waitUntilExit() }
        let health = try await CLI.awaitHealth(port)
        #expect(health?.0 == 200)
        let second = try CLI.run(["serve", "--port", "\(CLI.freePort())", "--database", db, "--public-url", "https://guichet.example.test"] + catalogs)
        #expect(second.status != 0)
        #expect(second.stderr == "guichet: another guichet serve is already running on \(db) (it holds \(db).lock): stop it, or give this one another --database\n",
                "\(second.stderr)")
        #expect(await CLI.get("http://127.0.0.1:\(port)/health")?.0 == 200)
    }

    /// F6: tokens are listed without their secret and revoked from the command line.
    @Test func aTokenIsListedAndRevokedFromTheCommandLine() async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.sqlite").path
        let token = "gt_cli-bootstrap-token-0123456789abcdef0123"
        let port = CLI.freePort()
        let server = try CLI.start(["serve", "--demo", "--port", "\(port)", "--database", db, "--catalogs", CLI.repository("Catalogs"),
                                    "--bootstrap-token-env", "GUICHET_T"], environment: ["GUICHET_T": token])
        #expect(try await CLI.awaitHealth(port)?.0 == 200)
        server.process.terminate(); server.process.waitUntilExit()
        struct Token: Decodable { let id: String; let name: String; let revokedAt: String? }
        let listed = try CLI.run(["token", "list", "--json", "--database", db])
        #expect(listed.status == 0 && !listed.stdout.contains(token), "\(listed.stderr)")
        let bootstrap = try #require(try JSONDecoder().decode([Token].self, from: Data(listed.stdout.utf8)).first { $0.name == "bootstrap" })
        #expect(bootstrap.revokedAt == nil)
        let revoked = try CLI.run(["token", "revoke", bootstrap.id, "--database", db])
        #expect(revoked.status == 0 && revoked.stdout == "token \(bootstrap.id) revoked\n", "\(revoked.stderr)")
        let after = try JSONDecoder().decode([Token].self, from: Data(try CLI.run(["token", "list", "--json", "--database", db]).stdout.utf8))
        #expect(after.first { $0.id == bootstrap.id }?.revokedAt != nil)
        #expect(try CLI.run(["token", "revoke", String(repeating: "0", count: 64), "--database", db]).status != 0)
    }
}
