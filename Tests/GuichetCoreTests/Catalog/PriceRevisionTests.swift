import GuichetCore
import GuichetData
import Testing

/// 004 §15.1: P = P-1 × [½ S/S-1 + ½ Eqpt/Eqpt-1], on the first day of the anniversary month.
@Suite struct PriceRevisionTests {
    static func d(_ s: String) -> LocalDate { try! LocalDate(iso: s) }

    static let indices: [IndexValue] = try! IndexFile.parse("""
        series,published,value
        syntec,2026-02-01,322.0
        syntec,2027-02-01,331.2
        insee-010765308,2026-02-15,103.1
        insee-010765308,2027-02-15,104.6
        # published after the revision date: not used
        syntec,2027-03-02,999.9
        """, file: "indices.csv")

    @Test func theSpecsWorkedExample() throws {
        // P-1 = 10.00, S = 330, S-1 = 320, Eqpt = 105, Eqpt-1 = 110 → 10 × 0.992898 = 9.9290 → 9.93.
        let r = PriceRevision(indices: [
            IndexValue(series: "syntec", published: Self.d("2025-02-01"), milli: 320_000),
            IndexValue(series: "syntec", published: Self.d("2026-02-01"), milli: 330_000),
            IndexValue(series: "insee-010765308", published: Self.d("2025-02-01"), milli: 110_000),
            IndexValue(series: "insee-010765308", published: Self.d("2026-02-01"), milli: 105_000),
        ])
        let result = try r.revise(try Money("10.00"), on: Self.d("2026-03-01"))
        #expect(result.revised == (try Money("9.93")))
        #expect(result.explanation.source == "004 §15.1")
    }

    // Hand-computed: factor = ½ × 331.2/322.0 + ½ × 104.6/103.1 = 1.0215602…
    @Test(arguments: [("12.00", "12.26"), ("18.00", "18.39"), ("8.00", "8.17")])
    func revisesWithTheLatestPublishedIndices(previous: String, revised: String) throws {
        #expect(try PriceRevision(indices: Self.indices).revise(try Money(previous), on: Self.d("2027-03-01")).revised == (try Money(revised)))
    }

    @Test func refusesOtherDaysAndMissingIndices() {
        #expect(throws: CatalogError.revisionDateNotFirstOfMonth(Self.d("2027-03-15"))) {
            try PriceRevision(indices: Self.indices).revise(try Money("12.00"), on: Self.d("2027-03-15"))
        }
        #expect(throws: CatalogError.indexMissing(series: "syntec", onOrBefore: Self.d("2025-03-01"))) {
            try PriceRevision(indices: Self.indices).revise(try Money("12.00"), on: Self.d("2026-03-01"))
        }
        #expect(throws: CatalogFileError.self) { try IndexFile.parse("syntec,2026-02-01,abc", file: "i.csv") }
    }

    /// A revision on the anniversary leaves what was quoted before unchanged and applies from
    /// the next billing period.
    @Test func aRevisionKeepsEarlierQuotesAndAppliesNext() throws {
        let set0 = ShippedCatalogs.set
        let february = try set0.prices.quote("wte-pack-calling-monthly", on: Self.d("2027-02-10"))
        #expect(february.amount == (try Money("12.00")))
        let revisedSet = CatalogSet(ShippedCatalogs.loaded.documents, revisions: [
            RevisedPrice(priceID: "wte-pack-calling-monthly", from: Self.d("2027-03-01"), amount: try Money("12.26"), source: "004 §15.1 revision on 2027-03-01"),
        ])
        // The February quote (an issued invoice line) keeps its version and amount…
        #expect(try revisedSet.prices.quote("wte-pack-calling-monthly", on: Self.d("2027-02-10")) == february)
        #expect(february.version == "wte-pack-calling-monthly@2024-01-01")
        // …and March, the next billing period, is billed at the revised price.
        let march = try revisedSet.prices.quote("wte-pack-calling-monthly", on: Self.d("2027-03-01"))
        #expect(march.amount == (try Money("12.26")))
        #expect(march.version == "wte-pack-calling-monthly@2027-03-01")
        #expect(revisedSet.prices.versions(of: "wte-pack-calling-monthly").map { $0.validity.to } == [Self.d("2027-03-01"), nil])
    }
}
