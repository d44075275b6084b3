import GuichetCore
import GuichetData
import Testing

@Suite struct CatalogValidationTests {
    typealias S = ShippedCatalogs

    @Test func theShippedCatalogsHaveNoError() {
        #expect(S.loaded.documents.map(\.info.document).sorted() == ["000", "001", "002", "003", "004"])
        // The warnings left are the DOM 2 prices the document prints rounded to the cent (D-CAT-4), kept as printed.
        #expect(S.loaded.warnings.map(\.field).sorted() == [
            "tariffs[A4-F14].rates.DOM2.perMinute", "tariffs[A4-M1].rates.DOM2.perMinute",
            "tariffs[A4-M2].rates.DOM2.perMinute", "tariffs[A4-M3].rates.DOM2.perMinute",
        ])
    }

    /// 001 Annexe 4 as printed: the validator finds the document's own contradictions
    /// (spec livebox §31.1 item 5), each naming the file, the line and the destination.
    @Test func theRawAnnex4ConflictsAreFound() throws {
        let raw = RepositoryFiles.url("Catalogs/sources/001-annexe4-as-printed.yaml").path
        let doc = try CatalogFile.read(path: raw)
        let issues = CatalogValidator(taxZones: S.taxZones).validate([doc])
        let errors = issues.filter { $0.severity == .error }
        #expect(errors.map(\.field) == [
            "tariffs[A4-F14].destinations[Grenade]",
            "tariffs[A4-F14].destinations[St Christophe]",
            "tariffs[A4-F20].destinations[Samoa américaines]",
            "tariffs[A4-M7].destinations[Chypre]",
            "tariffs[A4-M11].destinations[St-Christophe]",
        ])
        #expect(errors.allSatisfy { $0.at.file == raw && $0.at.line > 0 })
        #expect(errors[0].message.contains("fixed +1473") && errors[0].message.contains("0.39") && errors[0].message.contains("1.14"))
        let warnings = issues.filter { $0.severity == .warning }.map(\.description)
        #expect(warnings.contains { $0.contains("A4-F7") && $0.contains("+421 is listed again") })   // "Slovaquie" ×3
        #expect(warnings.contains { $0.contains("A4-F7") && $0.contains("+357") })                   // Chypre in F4 and F7
        #expect(warnings.contains { $0.contains("A4-M2].rates.DOM2.perMinute") })                    // 0.04 in both zones
        // Each conflict is resolved in the shipped catalog, with its decision.
        let shipped = Dictionary(uniqueKeysWithValues: S.set.tariffs.map { ($0.id, $0) })
        for id in ["A4-F14", "A4-F20", "A4-M7", "A4-M9", "A4-M4", "A4-M5", "A4-M7-UE", "A4-F7"] {
            #expect(shipped[id]?.resolution?.contains("D-CAT-") == true, "\(id)")
        }
    }

    static let good = """
        catalog: {id: test, name: Test, document: "001"}
        offerings:
          - {id: o1, name: Offer, category: c, validFrom: 2026-01-01, source: test}
        prices:
          - {id: p1, name: Monthly, offering: o1, kind: recurring, unit: month, amount: "10.00", taxIncluded: true, taxZone: DOM1, validFrom: 2026-01-01, source: test}
        """

    // (what is broken, replacement, expected error)
    @Test(arguments: [
        ("a bad amount", ("amount: \"10.00\"", "amount: \"10,0x\""), "t.yaml:5: prices[0].amount: '10,0x' is not a decimal amount"),
        ("a misspelt field", ("taxZone: DOM1", "taxzone: DOM1"), "t.yaml:5: prices[0].taxzone: unknown field"),
        ("a bad kind", ("kind: recurring", "kind: monthly"), "t.yaml:5: prices[0].kind: 'monthly' is not one of recurring, oneTime, usage, compensation"),
        ("a bad date", ("validFrom: 2026-01-01, source: test}\nprices", "validFrom: 2026-13-01, source: test}\nprices"), "t.yaml:3: offerings[0].validFrom: '2026-13-01' is not a valid date (expected YYYY-MM-DD)"),
        ("no tax basis", ("taxIncluded: true, ", ""), "t.yaml:5: prices[0].taxIncluded: missing: say whether the amount includes VAT (TTC) or not (HT)"),
        ("bad YAML", ("offerings:", "offerings: ["), "t.yaml:"),
    ])
    func fileErrorsNameLineAndField(what: String, change: (String, String), expected: String) {
        let text = Self.good.replacingOccurrences(of: change.0, with: change.1)
        #expect {
            try CatalogFile.parse(text, file: "t.yaml")
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    // (what is wrong, replacement, expected issue)
    @Test(arguments: [
        ("an unknown offering", ("offering: o1", "offering: o2"), "t.yaml:5: error: prices[p1].offering: unknown offering 'o2'"),
        ("no tax zone", ("taxZone: DOM1, ", ""), "t.yaml:5: error: prices[p1].taxZone: a price needs a tax zone (a zone id or 'customer')"),
        ("an unknown tax zone", ("taxZone: DOM1", "taxZone: DOM3"), "t.yaml:5: error: prices[p1].taxZone: unknown tax zone 'DOM3'"),
        ("no amount", ("amount: \"10.00\", ", ""), "t.yaml:5: error: prices[p1].amount: no amount; write `missing: true` where the document leaves the price blank"),
    ])
    func referenceErrorsNameLineAndField(what: String, change: (String, String), expected: String) throws {
        let doc = try CatalogFile.parse(Self.good.replacingOccurrences(of: change.0, with: change.1), file: "t.yaml")
        #expect(CatalogValidator(taxZones: S.taxZones).validate([doc]).map(\.description) == [expected])
    }

    @Test func overlappingVersionsOfOnePriceAreRefused() throws {
        let text = Self.good + """

              - {id: p1, name: Monthly, offering: o1, kind: recurring, unit: month, amount: "11.00", taxIncluded: true, taxZone: DOM1, validFrom: 2026-06-01, source: test}
            """
        let doc = try CatalogFile.parse(text, file: "t.yaml")
        #expect(CatalogValidator(taxZones: S.taxZones).validate([doc]).map(\.description) == [
            "t.yaml:6: error: prices[p1].validFrom: version from 2026-06-01 overlaps the version from 2026-01-01 (t.yaml:5)",
        ])
        // Closing the first version makes them two successive versions.
        let fixed = try CatalogFile.parse(text.replacingOccurrences(of: "validFrom: 2026-01-01, source: test}\n  - {id: p1", with: "validFrom: 2026-01-01, validTo: 2026-06-01, source: test}\n  - {id: p1"), file: "t.yaml")
        #expect(CatalogValidator(taxZones: S.taxZones).validate([fixed]).isEmpty)
        let book = CatalogSet([fixed]).prices
        #expect(book.price("p1", on: try LocalDate(iso: "2026-05-31"))?.amount == (try Money("10.00")))
        #expect(book.price("p1", on: try LocalDate(iso: "2026-06-01"))?.amount == (try Money("11.00")))
    }

    /// D-RAT-11: a destination may list whole short numbers, service (3BPQ) or directory (118XYZ) numbers only.
    @Test func shortNumbersAreServiceNumbers() throws {
        let text = Self.good + """

            tariffs:
              - id: sc
                name: Service
                lineType: fixed
                validFrom: 2026-01-01
                source: test
                includedIn: [o1]
                destinations:
                  - {name: "numbers", shortNumbers: ["3900", "118712", "112", "1016"]}
            """
        let doc = try CatalogFile.parse(text, file: "t.yaml")
        #expect(CatalogValidator(taxZones: S.taxZones).validate([doc]).map(\.description) == [
            "t.yaml:14: error: tariffs[sc].destinations[numbers].shortNumbers: '112' is not a short service number (3BPQ) or a directory enquiry number (118XYZ)",
            "t.yaml:14: error: tariffs[sc].destinations[numbers].shortNumbers: '1016' is not a short service number (3BPQ) or a directory enquiry number (118XYZ)",
        ])
    }

    @Test func aBadFileInTheFolderLoadsNothing() throws {
        #expect { try CatalogDirectory.load([RepositoryFiles.url("Catalogs/sources/001-annexe4-as-printed.yaml").path], taxZones: S.taxZones) }
            throws: { ($0 as? CatalogLoadError)?.errors.count == 5 }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
