import Foundation
import GuichetCore
import Testing

/// The stored body written by `InvoiceJSON` is what `Invoice`'s Codable conformance reads back,
/// field for field, with the optional fields present and absent.
@Suite struct InvoiceJSONTests {
    @Test func decodesToTheSameInvoice() throws {
        let business = try InvoiceDocumentTests.invoice()
        let note = try CreditNote.draft(id: "cn_1", for: business, lineIndexes: [0], reason: "a \"quoted\"\nreason\\", issuedOn: try LocalDate(iso: "2026-06-10"),
                                        zone: try #require(InvoiceDocumentTests.zones["FR"]), alreadyCredited: .zero).numbered("AV2026-000001")
        let consumer = try InvoiceDocumentTests.invoice(kind: .consumer, zone: "YT")
        for invoice in [business, note, consumer] {
            let decoded = try JSONDecoder().decode(Invoice.self, from: Data(InvoiceJSON.encode(invoice).utf8))
            #expect(decoded == invoice)
        }
    }

    @Test func escapesControlCharacters() throws {
        let text = InvoiceJSON.encode(try InvoiceDocumentTests.invoice())
        #expect(!text.contains("\n"))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    /// Amounts as `Money` writes them: trailing zeros trimmed to two decimals, signs, large values.
    @Test(arguments: [0, 1, 5, 50, 1_730, 10_000, -28_600, 123_456_789, -1, Int64.max / 2])
    func moneyIsWrittenAsItsDescription(_ units: Int64) throws {
        let base = try InvoiceDocumentTests.invoice()
        let line = InvoiceLine(label: "x", unitPrice: Money(units: units), amount: .zero, taxIncluded: true, explanation: Explanation(rule: "", source: "", result: ""))
        let invoice = Invoice(id: base.id, kind: .invoice, number: base.number, issueDate: base.issueDate, period: base.period, seller: base.seller,
                              buyer: base.buyer, lines: [line], zone: try #require(InvoiceDocumentTests.zones["FR"]))
        #expect(InvoiceJSON.encode(invoice).contains(#""unitPrice":"\#(Money(units: units).description)""#))
    }
}
