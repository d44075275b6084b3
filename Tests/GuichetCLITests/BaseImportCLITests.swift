import Foundation
import GuichetStore
import GuichetTestSupport
import Testing

/// `guichet import` and `guichet rebuild-state` as an operator runs them, on SQLite and PostgreSQL.
@Suite struct BaseImportCLITests {
    static let customers = """
        externalId,name,kind,territory,addressLine1,postcode,city,email
        CRM-1,"Dupont, Marie",consumer,GP,1 rue Frébault,97110,Pointe-à-Pitre,marie@example.org
        CRM-2,Saïd Ali,consumer,YT,,,,
        CRM-3,Atelier Martin,retail,MQ,,,,
        CRM-4,Jean Martin,consumer,MQ,,,,

        """
    /// Line 3's month 13 is the malformed row. 001 « Votre durée d'engagement »: the contract takes effect on activation, so the
    /// 12-month engagement of Annexe 1 runs from 2025-01-20 to 2026-01-20.
    static let contracts = """
        {"externalId":"K-1","customer":"CRM-1","offering":"livebox-essentiel-fibre","orderedOn":"2025-01-10","state":"active","activatedOn":"2025-01-20","engagementMonths":12,"engagementEnd":"2026-01-20"}
        {"externalId":"K-2","customer":"CRM-2","offering":"mayotte-forfait-24-mois","orderedOn":"2026-03-02","state":"terminated","activatedOn":"2026-03-05","changedOn":"2026-10-31"}
        {"externalId":"K-3","customer":"CRM-4","offering":"livebox-essentiel-fibre","orderedOn":"2025-13-01"}
        {"externalId":"K-4","customer":"CRM-4","offering":"livebox-essentiel-fibre","orderedOn":"2026-11-02"}

        """
    static let lines = """
        number,contract
        0590 27 12 34,K-1
        12,K-1
        +262639001122,K-2
        0596 61 00 00,K-4

        """

    static func argument(_ location: DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): path
        case .postgres(let p): "postgres://\(p.username)@\(p.host):\(p.port)/\(p.database)"
        }
    }

    struct Report: Decodable, Equatable {
        struct Rejected: Decodable, Equatable { let line: Int; let field: String }
        let read: Int, imported: Int, alreadyPresent: Int
        let errors: [Rejected]
    }

    /// Three files with one malformed row each: every good row stored once, each bad row named by its line and
    /// field; importing the files again stores nothing new. Then the state tables fold again to what was written live.
    @Test(arguments: TestStores.engines)
    func threeFilesImportOnceAndRebuildToTheLiveTables(engine: StoreEngine) async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (location, cleanUp) = try await TestStores.freshLocation(engine)
        let common = ["--database", Self.argument(location), "--catalogs", CLI.repository("Catalogs")]
        let files = [("customers", "customers.csv", Self.customers), ("contracts", "contracts.jsonl", Self.contracts), ("lines", "lines.csv", Self.lines)]
        for (_, name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        func run(_ kind: String, _ name: String) throws -> (Report, String) {
            let r = try CLI.run(["import", kind, dir.appendingPathComponent(name).path, "--json"] + common)
            #expect(r.status == 2, "a rejected row exits with 2: \(r.stderr)")
            return (try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8)), r.stderr)
        }
        let expected: [(Report, String)] = [
            (Report(read: 4, imported: 3, alreadyPresent: 0, errors: [.init(line: 4, field: "kind")]), "customers.csv:4: kind: 'retail' is not one of consumer, business, wholesale"),
            (Report(read: 4, imported: 3, alreadyPresent: 0, errors: [.init(line: 3, field: "orderedOn")]), "contracts.jsonl:3: orderedOn: '2025-13-01' is not a date"),
            (Report(read: 4, imported: 3, alreadyPresent: 0, errors: [.init(line: 3, field: "number")]), "lines.csv:3: number:"),
        ]
        for ((kind, name, _), (report, message)) in zip(files, expected) {
            let (got, stderr) = try run(kind, name)
            #expect(got == report, "\(kind)")
            #expect(stderr.contains(message), "\(stderr)")
        }
        for ((kind, name, _), (report, _)) in zip(files, expected) {
            let (again, _) = try run(kind, name)
            #expect(again == Report(read: 4, imported: 0, alreadyPresent: 3, errors: report.errors), "\(kind) again")
        }

        let store = try await openStore(location, logger: TestStores.logger)
        #expect(try await store.statePage(.customers, StateQuery()).total == 3)
        #expect(try await store.streams(withPrefix: "contract:").count == 3)
        let k1 = try #require(try await store.stateRows(.contracts, where: "external_id", in: ["K-1"]).first)
        #expect(k1.values["state"] == "active" && k1.values["engagement_end"] == "2026-01-20")
        let k2 = try #require(try await store.stateRows(.contracts, where: "external_id", in: ["K-2"]).first)
        #expect(k2.values["state"] == "terminated")
        #expect(try await store.stateRow(.lines, key: "+590590271234")?.values["contract_id"] == k1.key)
        try await store.close()

        // Live changes beside the imported rows, then the rebuild.
        #expect(try CLI.run(["contract", "transition", k1.key, "suspend", "--on", "2026-11-03"] + common).status == 0)
        let created = try CLI.run(["customer", "create", "--name", "Nouveau", "--kind", "consumer", "--territory", "GP"] + common)
        let cus = try #require(created.stdout.split(separator: " ").first.map(String.init), "\(created.stderr)")
        #expect(created.stdout.hasSuffix("customer number 000000004\n"), "numbered after the imported: \(created.stdout)")
        let ordered = try CLI.run(["contract", "order", "--customer", cus, "--offering", "livebox-essentiel-fibre", "--on", "2026-11-02", "--identity", "nationalIdCard", "--bank-details"] + common)
        let ctr = try #require(ordered.stdout.split(separator: " ").first.map(String.init), "\(ordered.stderr)")
        #expect(try CLI.run(["line", "assign", "--number", "0590 27 99 99", "--contract", ctr] + common).status == 0)
        // The contracts listed a page at a time, filtered as the API filters them.
        let page = try CLI.run(["contract", "list", "--offset", "1", "--limit", "2"] + common).stdout.split(separator: "\n")
        #expect(page.count == 3 && page.last == "2 of 4 from 2", "\(page)")
        let suspended = try CLI.run(["contract", "list", "--state", "suspended"] + common).stdout.split(separator: "\n")
        #expect(suspended.count == 2 && suspended[0].hasPrefix("\(k1.key)  livebox") && suspended[1] == "1 of 1 from 1", "\(suspended)")
        let rebuilt = try CLI.run(["rebuild-state", "--json", "--database", Self.argument(location)])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        struct Result: Decodable, Equatable { let table: String; let rows: Int; let differing: Int }
        #expect(try JSONDecoder().decode([Result].self, from: Data(rebuilt.stdout.utf8))
                == [Result(table: "customers", rows: 4, differing: 0), Result(table: "contracts", rows: 4, differing: 0), Result(table: "lines", rows: 4, differing: 0),
                   Result(table: "tickets", rows: 0, differing: 0), Result(table: "users", rows: 0, differing: 0),
                   Result(table: "api_tokens", rows: 0, differing: 0), Result(table: "access_keys", rows: 0, differing: 0),
                   Result(table: "porting_requests", rows: 0, differing: 0), Result(table: "assistance_requests", rows: 0, differing: 0),
                   Result(table: "privacy_requests", rows: 0, differing: 0), Result(table: "sda_numbers", rows: 0, differing: 0),
                   Result(table: "obligations", rows: 0, differing: 0), Result(table: "letters", rows: 0, differing: 0)])
        try await cleanUp()
    }

    /// D-CAL-10: an operator's file that still says GY for French Guiana imports as GF, and the import says so.
    @Test func aCustomerFileSayingGYImportsAsGF() async throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (location, cleanUp) = try await TestStores.freshLocation(.sqlite)
        let file = dir.appendingPathComponent("customers.csv")
        try "externalId,name,kind,territory,addressLine1,postcode,city\nCRM-9,Léa,consumer,GY,1 rue Lallouette,97300,Cayenne\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["import", "customers", file.path, "--json", "--database", Self.argument(location), "--catalogs", CLI.repository("Catalogs")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("guichet: warning: territory 'GY' is deprecated: use 'GF'"))
        let store = try await openStore(location, logger: TestStores.logger)
        let row = try #require(try await store.stateRows(.customers, where: "external_id", in: ["CRM-9"]).first)
        #expect(row.values["territory"] == "GF" && row.body.contains(#""territory":"GF""#) && !row.body.contains("GY"))
        try await store.close()
        try await cleanUp()
    }
}
