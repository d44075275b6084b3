import GuichetCore
import GuichetData
import Testing

@Suite struct TaxTests {
    let zones: [String: TaxZone]
    init() throws { zones = try ReferenceData.taxZones() }

    @Test func zonesCarryTheirRatesAndSources() throws {
        #expect(zones["FR"]?.treatment == .vat(try VATRate(percent: "20")))
        #expect(zones["DOM1"]?.treatment == .vat(try VATRate(percent: "8.5")))   // 001 Annexe 4 header
        #expect(zones["DOM2"]?.treatment == .vat(try VATRate(percent: "0")))     // 001 Annexe 4 header
        guard case .notApplicable(let mention)? = zones["YT"]?.treatment else {
            Issue.record("Mayotte must be 'VAT not applicable'"); return
        }
        #expect(mention.contains("294"))
        for zone in zones.values { #expect(!zone.source.isEmpty) }
    }

    @Test(arguments: [
        // Technician visit, 001 CG 5.1 / Annexes 1–2: 107.60 € TTC in DOM1, 99.17 € TTC in DOM2 — the same 99.17 € HT.
        ("DOM1", "107.60", "99.17", "8.43"),
        ("DOM2", "99.17", "99.17", "0.00"),
        // Livebox monthly price 49.90 € TTC (001 Annexe 1) in DOM1: 45.99 HT + 3.91 VAT.
        ("DOM1", "49.90", "45.99", "3.91"),
        ("FR", "12.00", "10.00", "2.00"),
        ("YT", "19.99", "19.99", "0.00"),
    ])
    func splitsPricesIncludingTax(zone: String, ttc: String, ht: String, vat: String) throws {
        let amount = TaxedAmount.fromIncludingTax(try Money(ttc), in: try #require(zones[zone]))
        #expect(amount.excludingTax == (try Money(ht)))
        #expect(amount.tax == (try Money(vat)))
        #expect(amount.includingTax == (try Money(ttc)))
        #expect(amount.explanation(article: "test").result == "HT \(ht) + TVA \(vat) = TTC \(ttc)")
    }

    @Test(arguments: [
        ("DOM1", "99.17", "107.60"),
        ("FR", "0.173", "0.203"),   // VAT rounded to the cent on the line: 0.0346 → 0.03
        ("DOM2", "45.00", "45.00"),
    ])
    func addsTaxToPricesExcludingTax(zone: String, ht: String, ttc: String) throws {
        let amount = TaxedAmount.fromExcludingTax(try Money(ht), in: try #require(zones[zone]))
        #expect(amount.includingTax == (try Money(ttc)))
    }

    @Test func refusesImpossibleRates() {
        #expect(throws: TaxError.self) { try VATRate(percent: "8.555") }
        #expect(throws: TaxError.self) { try VATRate(percent: "101") }
    }
}
