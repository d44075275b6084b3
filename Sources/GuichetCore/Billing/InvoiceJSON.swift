/// The stored body of an invoice: the same JSON `Invoice`'s Codable conformance reads, written
/// directly. A bill run writes one per account and Foundation's `JSONEncoder` spent 1.8 ms on
/// each (75 % of the run, docs/performance.md); this writer keeps the keys, formats and omitted
/// nils of the synthesized encoding, which `InvoiceJSONTests` checks by decoding.
public enum InvoiceJSON {
    public static func encode(_ i: Invoice) -> String {
        var w = JSONText()
        w.object {
            $0.string("id", i.id)
            $0.string("kind", i.kind.rawValue)
            $0.string("number", i.number)
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
                    $0.string("unitPrice", l.unitPrice.description); $0.string("amount", l.amount.description); $0.bool("taxIncluded", l.taxIncluded)
                    if let f = l.from { $0.string("from", f.description) }
                    if let t = l.to { $0.string("to", t.description) }
                    $0.object("explanation") { explanation(&$0, l.explanation) }
                }
            }
            $0.object("totals") { t in
                t.string("zoneID", i.totals.zoneID); t.string("rate", rate(i.totals.rate))
                t.string("excludingTax", i.totals.excludingTax.description); t.string("tax", i.totals.tax.description)
                t.string("includingTax", i.totals.includingTax.description)
                t.array("netAmounts", i.totals.netAmounts) { w, m in w.value(m.description) }
            }
            if let c = i.corrects { $0.string("corrects", c) }
            $0.string("currency", i.currency)
            $0.array("mentions", i.mentions) { w, m in w.value(m) }
        }
        return w.text
    }

    static func address(_ w: inout JSONText.Members, _ a: Address) {
        w.string("line1", a.line1)
        if let l2 = a.line2 { w.string("line2", l2) }
        w.string("postcode", a.postcode); w.string("city", a.city); w.string("territory", a.territory)
    }

    static func explanation(_ w: inout JSONText.Members, _ e: Explanation) {
        w.string("rule", e.rule); w.string("source", e.source)
        w.object("inputs") { o in for (k, v) in e.inputs.sorted(by: { $0.key < $1.key }) { o.string(k, v) } }
        w.string("result", e.result)
        w.array("steps", e.steps) { w, s in w.object { explanation(&$0, s) } }
    }

    /// "8.5", as `VATRate` encodes itself.
    static func rate(_ r: VATRate) -> String { String(r.description.dropLast(2)) }
}

/// A JSON text built in one pass: objects, arrays, escaped strings.
struct JSONText {
    private(set) var text = ""

    init() { text.reserveCapacity(16_384) }

    struct Members {
        fileprivate var out: JSONText
        fileprivate var first = true

        mutating func key(_ k: String) {
            if !first { out.text += "," }
            first = false
            out.quoted(k)
            out.text += ":"
        }
        mutating func string(_ k: String, _ v: String) { key(k); out.quoted(v) }
        mutating func number(_ k: String, _ v: Int) { key(k); out.text += String(v) }
        mutating func bool(_ k: String, _ v: Bool) { key(k); out.text += v ? "true" : "false" }
        mutating func object(_ k: String, _ body: (inout Members) -> Void) { key(k); out.object(body) }
        mutating func array<T>(_ k: String, _ items: [T], _ body: (inout JSONText, T) -> Void) {
            key(k)
            out.text += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out.text += "," }
                body(&out, item)
            }
            out.text += "]"
        }
    }

    mutating func object(_ body: (inout Members) -> Void) {
        text += "{"
        var m = Members(out: self)
        text = ""
        body(&m)
        self = m.out
        text += "}"
    }

    mutating func value(_ s: String) { quoted(s) }

    mutating func quoted(_ s: String) {
        text += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(u)
            }
        }
        text += "\""
    }
}
