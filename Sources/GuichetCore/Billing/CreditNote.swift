/// Corrections of an issued invoice: a credit note naming it, with some or all of its lines
/// reversed; what is already credited cannot be credited again.
public enum CreditNote {
    /// - Parameters:
    ///   - lineIndexes: the invoice's lines to reverse (all when nil).
    ///   - alreadyCredited: TTC already credited on this invoice by earlier credit notes (positive).
    public static func draft(id: String, for invoice: Invoice, lineIndexes: [Int]?, reason: String, issuedOn day: LocalDate,
                             zone: TaxZone, alreadyCredited: Money) throws(BillingError) -> Invoice {
        guard invoice.kind == .invoice, !invoice.number.isEmpty else { throw .invalid(field: "invoice", reason: "only an issued invoice can be credited") }
        let indexes = lineIndexes ?? Array(invoice.lines.indices)
        guard !indexes.isEmpty, indexes.allSatisfy(invoice.lines.indices.contains), Set(indexes).count == indexes.count else {
            throw .invalid(field: "lines", reason: "line numbers must be distinct, among 0…\(invoice.lines.count - 1)")
        }
        let lines = indexes.map { i in
            let l = invoice.lines[i].reversed
            return InvoiceLine(category: l.category, label: l.label, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, taxIncluded: l.taxIncluded,
                               from: l.from, to: l.to,
                               explanation: Explanation(rule: "correction of an issued invoice by a credit note", source: "CGI art. 289 I; D-BILL-5",
                                                        inputs: ["invoice": invoice.number, "line": "\(i)", "reason": reason], result: l.amount.description))
        }
        let note = Invoice(id: id, kind: .creditNote, number: "", issueDate: day, period: invoice.period, seller: invoice.seller, buyer: invoice.buyer,
                           lines: lines, zone: zone, corrects: invoice.number)
        let remaining = invoice.totals.includingTax - alreadyCredited
        guard -note.totals.includingTax <= remaining else { throw .overCredit(invoice: invoice.number, remaining: remaining) }
        return note
    }
}
