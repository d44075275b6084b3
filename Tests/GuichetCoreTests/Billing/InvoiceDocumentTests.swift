import GuichetCore
import GuichetData
import Testing

/// Numbering, legal mentions, states and credit notes of issued invoices.
@Suite struct InvoiceDocumentTests {
    static let zones = try! ReferenceData.taxZones()
    static let seller = try! ReferenceData.seller()

    static func invoice(kind: PartyKind = .business, zone: String = "FR") throws -> Invoice {
        let buyer = BilledParty(customerID: "cus_1", customerNumber: "000000001", account: "ba_1", name: "Distillerie & Fils", kind: kind,
                                address: Address(line1: "2 rue du Port", postcode: "97200", city: "Fort-de-France", territory: "MQ"),
                                siren: "111111118")
        let lines = [
            InvoiceLine(category: .recurring, label: "Pack Calling", quantity: 7, unitPrice: try Money("12.00"), amount: try Money("84.00"), taxIncluded: false,
                        explanation: Explanation(rule: "r", source: "004 §15", result: "84.00")),
            InvoiceLine(category: .usage, label: "Communications", amount: try Money("0.4512"), taxIncluded: false,
                        explanation: Explanation(rule: "r", source: "004 §2.6.1", result: "0.4512")),
        ]
        return Invoice(id: "inv_1", kind: .invoice, number: "FA2026-000001", issueDate: try LocalDate(iso: "2026-06-01"),
                       period: try BillingPeriod("2026-05"), seller: seller, buyer: buyer, lines: lines, zone: try #require(zones[zone]))
    }

    @Test func numbersAreGaplessPerSeriesAndYear() throws {
        let day = try LocalDate(iso: "2026-06-01")
        #expect(InvoiceNumbering.series(.invoice, issuedOn: day) == "FA2026")
        #expect(InvoiceNumbering.series(.creditNote, issuedOn: day) == "AV2026")
        #expect(InvoiceNumbering.number(series: "FA2026", sequence: 42) == "FA2026-000042")
        #expect(InvoiceNumbering.number(series: "FA2026", sequence: 1_234_567) == "FA2026-1234567")
    }

    @Test func businessInvoiceCarriesItsLegalMentions() throws {
        let inv = try Self.invoice()
        // Due date: the seller's configured term (D-BILL-4, sample 15 days).
        #expect(inv.dueDate == (try LocalDate(iso: "2026-06-16")))
        #expect(inv.mentions.contains { $0.contains("40 €") })
        #expect(inv.mentions.contains { $0.contains("3 fois le taux d'intérêt légal") })
        #expect(inv.lines[1].amount == (try Money("0.45")))
        #expect(!(try Self.invoice(kind: .consumer)).mentions.contains { $0.contains("40 €") })
        // Mayotte: VAT does not apply, and the invoice says so (CGI art. 294).
        #expect((try Self.invoice(zone: "YT")).mentions.contains("TVA non applicable, art. 294-1° du CGI"))
    }

    @Test func statesFollowTMF678() {
        #expect(InvoiceState.issued.canBecome(.sent))
        #expect(InvoiceState.sent.canBecome(.partiallyPaid))
        #expect(InvoiceState.partiallyPaid.canBecome(.settled))
        #expect(!InvoiceState.settled.canBecome(.sent))
        #expect(!InvoiceState.draft.canBecome(.settled))
        #expect(InvoiceState.issued.tmf == "validated")
    }

    @Test func creditNotesReferenceTheInvoiceAndCannotOverCredit() throws {
        let inv = try Self.invoice()
        let zone = try #require(Self.zones["FR"])
        let day = try LocalDate(iso: "2026-06-10")
        let note = try CreditNote.draft(id: "cn_1", for: inv, lineIndexes: [1], reason: "tariff error", issuedOn: day, zone: zone, alreadyCredited: .zero)
        #expect(note.kind == .creditNote)
        #expect(note.corrects == "FA2026-000001")
        #expect(note.totals.includingTax == (try Money("-0.54")))
        // The whole invoice (101.34 TTC) after 0.54 already credited: too much.
        #expect(throws: BillingError.self) {
            try CreditNote.draft(id: "cn_2", for: inv, lineIndexes: nil, reason: "x", issuedOn: day, zone: zone, alreadyCredited: try Money("0.54"))
        }
        #expect(throws: BillingError.self) {
            try CreditNote.draft(id: "cn_3", for: inv, lineIndexes: [5], reason: "x", issuedOn: day, zone: zone, alreadyCredited: .zero)
        }
    }

    @Test func netAmountsOfTaxIncludedLinesSumToTheTotal() throws {
        // Three TTC lines of 10.00 in DOM1: each 9.22 HT (27.66), but 30.00 TTC is 27.65 HT.
        let lines = (0..<3).map { _ in InvoiceLine(label: "x", amount: try! Money("10.00"), taxIncluded: true, explanation: Explanation(rule: "", source: "", result: "")) }
        let totals = InvoiceTotals(lines: lines, zone: try #require(Self.zones["DOM1"]))
        #expect(totals.excludingTax == (try Money("27.65")))
        #expect(totals.netAmounts.reduce(Money.zero, +) == totals.excludingTax)
    }
}
