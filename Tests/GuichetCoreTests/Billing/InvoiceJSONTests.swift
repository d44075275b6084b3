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
}
