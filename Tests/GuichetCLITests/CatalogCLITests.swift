import Foundation
import Testing

@Suite struct CatalogCLITests {
    @Test func validateReportsTheShippedCatalogsClean() throws {
        let r = try CLI.run(["catalog", "validate", CLI.repository("Catalogs")])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasSuffix("5 files, 0 errors, 4 warnings\n"))
    }

    /// D-RAT-11: the 3900 group shows its short number beside the E.164 prefixes other groups show.
    @Test func showListsAGroupsShortNumbers() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let show = try CLI.run(["catalog", "show", "SC-3900", "--database", dir.appendingPathComponent("c.sqlite").path, "--catalogs", CLI.repository("Catalogs")])
        #expect(show.stdout.hasSuffix("  Service Clients (3900): 3900\n"), "\(show.stdout)\(show.stderr)")
        let f1 = try CLI.run(["catalog", "show", "A4-F1", "--database", dir.appendingPathComponent("c.sqlite").path, "--catalogs", CLI.repository("Catalogs")])
        #expect(f1.stdout.hasSuffix(": +331, +332, +333, +334, +335, +339\n"), "\(f1.stdout)")
    }

    @Test func validateFailsOnTheRawAnnex4WithFileLineAndField() throws {
        let r = try CLI.run(["catalog", "validate", CLI.repository("Catalogs/sources/001-annexe4-as-printed.yaml")])
        #expect(r.status != 0)
        #expect(r.stdout.contains("001-annexe4-as-printed.yaml:384: error: tariffs[A4-F14].destinations[Grenade]: fixed +1473 is listed in A4-F12"))
        #expect(r.stdout.hasSuffix("1 files, 5 errors, 14 warnings\n"))
    }

    @Test func reviseShowListAgainstADatabase() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite").path
        let indexFile = dir.appendingPathComponent("indices.csv")
        try """
            series,published,value
            syntec,2026-02-01,322.0
            syntec,2027-02-01,331.2
            insee-010765308,2026-02-15,103.1
            insee-010765308,2027-02-15,104.6
            """.write(to: indexFile, atomically: true, encoding: .utf8)
        let common = ["--database", db, "--catalogs", CLI.repository("Catalogs")]
        let revise = try CLI.run(["catalog", "revise", "--index-file", indexFile.path, "--on", "2027-03-01"] + common)
        #expect(revise.status == 0, "\(revise.stderr)")
        #expect(revise.stdout.contains("wte-pack-calling-monthly: 12.00 → 12.26"))
        let show = try CLI.run(["catalog", "show", "wte-pack-calling-monthly"] + common)
        #expect(show.stdout.contains("wte-pack-calling-monthly@2024-01-01: 12.00 € HT per month until 2027-03-01 [SAMPLE]"))
        #expect(show.stdout.contains("wte-pack-calling-monthly@2027-03-01: 12.26 € HT per month [SAMPLE] — 004 §15.1 revision on 2027-03-01"))
        let list = try CLI.run(["catalog", "list", "--on", "2027-03-01", "--json"] + common)
        #expect(list.status == 0)
        #expect(list.stdout.contains(#""amount" : "12.26""#))
        let bad = try CLI.run(["catalog", "revise", "--index-file", indexFile.path, "--on", "2027-03-15"] + common)
        #expect(bad.stderr == "guichet: 2027-03-15: a revision applies on the first day of a month (004 §15.1)\n")
    }
}
