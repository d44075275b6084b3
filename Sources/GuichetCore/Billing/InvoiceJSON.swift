/// The stored body of an invoice: the same JSON `Invoice`'s Codable conformance reads, written
/// directly. A bill run writes one per account and Foundation's `JSONEncoder` spent 1.8 ms on
/// each (75 % of the run, docs/performance.md); this writer keeps the keys, formats and omitted
/// nils of the synthesized encoding, which `InvoiceJSONTests` checks by decoding.
public enum InvoiceJSON {
    public static func encode(_ i: Invoice) -> String { numbering(unnumbered(i), i.number) }

    /// The body without its number, written before the number is known (outside the transaction
    /// that takes it); `numbering` completes it. Key order does not matter to the decoder.
    public static func unnumbered(_ i: Invoice) -> String {
        var w = JSONText()
        w.object {
            $0.string("id", i.id)
            $0.string("kind", i.kind.rawValue)
            $0.string("issueDate", i.issueDate.description)
            $0.string("dueDate", i.dueDate.description)
            if let p = i.period { $0.string("period", p.description) }
            $0.object("seller") { s in
                s.string("name", i.seller.name); s.string("legalForm", i.seller.legalForm)
                s.object("address") { address(&$0, i.seller.address) }
                s.string("siren", i.seller.siren); s.string("vatID", i.seller.vatID); s.string("rcs", i.seller.rcs)
                s.number("paymentTermDays", i.seller.paymentTermDays); s.string("latePaymentMention", i.seller.latePaymentMention)
                s.bool("sample", i.seller.sample)
            }
            $0.object("buyer") { b in
                b.string("customerID", i.buyer.customerID); b.string("customerNumber", i.buyer.customerNumber); b.string("account", i.buyer.account)
                b.string("name", i.buyer.name); b.string("kind", i.buyer.kind.rawValue)
                if let a = i.buyer.address { b.object("address") { address(&$0, a) } }
                if let s = i.buyer.siren { b.string("siren", s) }
                if let v = i.buyer.vatID { b.string("vatID", v) }
            }
            $0.array("lines", i.lines) { w, l in
                w.object {
                    $0.string("category", l.category.rawValue); $0.string("label", l.label); $0.number("quantity", l.quantity)
                    $0.money("unitPrice", l.unitPrice); $0.money("amount", l.amount); $0.bool("taxIncluded", l.taxIncluded)
                    if let f = l.from { $0.string("from", f.description) }
                    if let t = l.to { $0.string("to", t.description) }
                    $0.object("explanation") { l.explanation.write(&$0) }
                }
            }
            $0.object("totals") { t in
                t.string("zoneID", i.totals.zoneID); t.string("rate", rate(i.totals.rate))
                t.money("excludingTax", i.totals.excludingTax); t.money("tax", i.totals.tax); t.money("includingTax", i.totals.includingTax)
                t.array("netAmounts", i.totals.netAmounts) { w, m in w.money(m) }
            }
            if let c = i.corrects { $0.string("corrects", c) }
            if let s = i.surchargeOf { $0.string("surchargeOf", s) }
            $0.string("currency", i.currency)
            $0.array("mentions", i.mentions) { w, m in w.value(m) }
        }
        return w.text
    }

    public static func numbering(_ unnumbered: String, _ number: String) -> String {
        var w = JSONText()
        w.value(number)
        // In place on the text (a Substring `+` counted the 20 kB body's characters, twice).
        var body = unnumbered
        body.removeLast()
        body += ",\"number\":"
        body += w.text
        body += "}"
        return body
    }

    static func address(_ w: inout JSONText.Members, _ a: Address) {
        w.string("line1", a.line1)
        if let l2 = a.line2 { w.string("line2", l2) }
        w.string("postcode", a.postcode); w.string("city", a.city); w.string("territory", a.territory)
    }

    /// "8.5", as `VATRate` encodes itself.
    static func rate(_ r: VATRate) -> String { String(r.description.dropLast(2)) }
}
