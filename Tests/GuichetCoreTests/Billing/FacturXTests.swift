import Foundation
import GuichetCore
import GuichetData
import GuichetTestSupport
import Testing

/// The Factur-X XML (EN 16931 profile) of a business invoice and of a credit note, checked with
/// the `factur-x` package from PyPI (installed by scripts/test.sh) and against EN 16931's sums.
@Suite struct FacturXTests {
    static var required: Bool { ProcessInfo.processInfo.environment["GUICHET_REQUIRE_ALL_SUITES"] == "1" }
    static let zone = try! ReferenceData.taxZones()["FR"]!

    @Test func invoiceAndCreditNotePassTheFacturXValidator() throws {
        let invoice = try InvoiceDocumentTests.invoice()
        let note = try CreditNote.draft(id: "cn_1", for: invoice, lineIndexes: nil, reason: "error", issuedOn: try LocalDate(iso: "2026-06-10"),
                                        zone: Self.zone, alreadyCredited: .zero).numbered("AV2026-000001")
        for doc in [invoice, note] {
            let xml = FacturX.xml(doc, zone: Self.zone)
            #expect(xml.contains("<ram:ID>urn:cen.eu:en16931:2017</ram:ID>"))
            #expect(xml.contains("<ram:TaxBasisTotalAmount>\(doc.kind == .invoice ? "" : "-")84.45</ram:TaxBasisTotalAmount>"))
            #expect(xml.contains("<ram:TaxTotalAmount currencyID=\"EUR\">\(doc.kind == .invoice ? "" : "-")16.89</ram:TaxTotalAmount>"))
            try validate(xml)
        }
        #expect(FacturX.xml(note, zone: Self.zone).contains("<ram:IssuerAssignedID>FA2026-000001</ram:IssuerAssignedID>"))
    }

    @Test func escapesText() throws {
        #expect(FacturX.xml(try InvoiceDocumentTests.invoice(), zone: Self.zone).contains("Distillerie &amp; Fils"))
    }

    func validate(_ xml: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("facturx-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try ChildProcess.run("/usr/bin/env", ["python3", "-c", """
            import sys
            try:
                import facturx
            except ImportError:
                sys.exit(3)
            facturx.xml_check_xsd(open(sys.argv[1], 'rb').read(), flavor='factur-x', level='en16931')
            """, file.path])
        if check.status == 3 && !Self.required { return }
        #expect(check.status == 0, "factur-x rejected the XML: \(check.stderr)")
    }
}
