import GuichetCore
import GuichetData
import Testing

/// Issue 7's first hand-computed invoices, as far as the core goes today: 001 CG 10.1 first-month
/// prorata, VoIP usage grouped per tariff (001 Annexe 4), VAT of the customer's zone.
@Suite struct FirstInvoiceTests {
    static let zones = try! ReferenceData.taxZones()

    struct Case: Sendable, CustomTestStringConvertible {
        let territory: String, zone: String, usage: [(String, String)], ttc: String, ht: String, vat: String
        var testDescription: String { territory }
    }

    static let cases: [Case] = [
        // Livebox Infini Fibre 64.90 TTC (001 Annexe 2) activated 17 May 2026: 64.90 × 15/31 = 31.4032 → 31.40.
        // Martinique (DOM1, VAT 8.5 %): Algeria fixed 125 s 2.1625 → 2.16, Brazil mobile 61 s 0.7019 → 0.70.
        // TTC 31.40 + 2.16 + 0.70 = 34.26; HT = 34.26 / 1.085 = 31.5760 → 31.58; VAT 2.68.
        Case(territory: "MQ", zone: "DOM1", usage: [("A4-F6", "2.1625"), ("A4-M12", "0.7019")], ttc: "34.26", ht: "31.58", vat: "2.68"),
        // Guyane (DOM2, VAT 0 %): 1.992 → 1.99, 0.6471 → 0.65; TTC = HT = 31.40 + 1.99 + 0.65 = 34.04.
        Case(territory: "GF", zone: "DOM2", usage: [("A4-F6", "1.992"), ("A4-M12", "0.6471")], ttc: "34.04", ht: "34.04", vat: "0.00"),
    ]

    @Test(arguments: cases)
    func liveboxInfiniActivatedOnThe17th(_ c: Case) throws {
        let (fee, why) = FirstMonthProrata.amount(monthly: try Money("64.90"), activatedOn: try LocalDate(iso: "2026-05-17"))
        #expect(fee == (try Money("31.40")))
        #expect(why.inputs["days billed"] == "15")
        var lines = [InvoiceLine(label: "Abonnement Livebox Infini Fibre (prorata)", amount: fee, taxIncluded: true, explanation: why)]
        for (group, amount) in c.usage {
            lines.append(InvoiceLine(label: group, amount: try Money(amount), taxIncluded: true,
                                     explanation: Explanation(rule: "rated usage of the period", source: "001 Annexe 4", inputs: [:], result: amount)))
        }
        let totals = InvoiceTotals(lines: lines, zone: try #require(Self.zones[c.zone]))
        #expect(totals.includingTax == (try Money(c.ttc)))
        #expect(totals.excludingTax == (try Money(c.ht)))
        #expect(totals.tax == (try Money(c.vat)))
    }

    @Test func prorataBoundaries() throws {
        let monthly = try Money("64.90")
        // Activated on the 1st: the whole month; on the last day of a 30-day month: 1/30 = 2.1633 → 2.16.
        #expect(FirstMonthProrata.amount(monthly: monthly, activatedOn: try LocalDate(iso: "2026-06-01")).amount == monthly)
        #expect(FirstMonthProrata.amount(monthly: monthly, activatedOn: try LocalDate(iso: "2026-06-30")).amount == (try Money("2.16")))
        // February 2028 has 29 days: activated on the 15th, 15/29 × 64.90 = 33.5689 → 33.57.
        #expect(FirstMonthProrata.amount(monthly: monthly, activatedOn: try LocalDate(iso: "2028-02-15")).amount == (try Money("33.57")))
    }
}
