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
                    $0.object("explanation") { explanation(&$0, l.explanation) }
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

    static func explanation(_ w: inout JSONText.Members, _ e: Explanation) {
        w.string("rule", e.rule); w.string("source", e.source)
        w.object("inputs") { o in for i in e.inputs { o.escapedKey(i.name); o.out.quoted(i.value) } }
        w.string("result", e.result)
        w.array("steps", e.steps) { w, s in w.object { explanation(&$0, s) } }
    }

    /// "8.5", as `VATRate` encodes itself.
    static func rate(_ r: VATRate) -> String { String(r.description.dropLast(2)) }
}

/// A JSON text built in one pass, as UTF-8 bytes (appending to a `String` piece by piece cost
/// 33 ns a byte here): objects, arrays, escaped strings, money amounts.
struct JSONText {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(32_768) }

    private init(empty: Void) {}

    var text: String { String(decoding: bytes, as: UTF8.self) }

    struct Members {
        fileprivate var out: JSONText
        fileprivate var first = true

        /// Keys are this file's identifiers and the explanations' input names: nothing to escape
        /// in the first; the second go through `quoted`.
        mutating func key(_ k: String) {
            out.bytes.append(first ? 0x7B : 0x2C)   // "{" before the first member, "," between
            first = false
            out.bytes.append(0x22)
            out.append(k)
            out.bytes.append(0x22)
            out.bytes.append(0x3A)
        }

        mutating func escapedKey(_ k: String) {
            out.bytes.append(first ? 0x7B : 0x2C)
            first = false
            out.quoted(k)
            out.bytes.append(0x3A)
        }
        mutating func string(_ k: String, _ v: String) { key(k); out.quoted(v) }
        mutating func money(_ k: String, _ v: Money) { key(k); out.money(v) }
        mutating func number(_ k: String, _ v: Int) { key(k); out.bytes.append(contentsOf: String(v).utf8) }
        mutating func bool(_ k: String, _ v: Bool) { key(k); out.bytes.append(contentsOf: (v ? "true" : "false").utf8) }
        mutating func object(_ k: String, _ body: (inout Members) -> Void) { key(k); out.object(body) }
        mutating func array<T>(_ k: String, _ items: [T], _ body: (inout JSONText, T) -> Void) {
            key(k)
            out.bytes.append(0x5B)
            for (n, item) in items.enumerated() {
                if n > 0 { out.bytes.append(0x2C) }
                body(&out, item)
            }
            out.bytes.append(0x5D)
        }
    }

    mutating func object(_ body: (inout Members) -> Void) {
        // The members own the buffer meanwhile, then hand it back: swapped, never shared, so no
        // append copies it (an assignment here copied the whole body at every closing brace).
        var m = Members(out: JSONText(empty: ()))
        swap(&m.out.bytes, &bytes)
        body(&m)
        swap(&bytes, &m.out.bytes)
        if m.first { bytes.append(0x7B) }
        bytes.append(0x7D)
    }

    mutating func value(_ s: String) { quoted(s) }

    /// As `Money.description` writes it ("49.90", "0.173", "-2.86"), quoted as `Money` encodes itself.
    mutating func money(_ m: Money) {
        bytes.append(0x22)
        if m.units < 0 { bytes.append(0x2D) }
        let magnitude = m.units.magnitude
        bytes.append(contentsOf: String(magnitude / UInt64(Money.scale)).utf8)
        bytes.append(0x2E)
        var fraction = magnitude % UInt64(Money.scale), digits = 4
        while digits > 2 && fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        var divisor: UInt64 = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 { bytes.append(UInt8(0x30 + fraction / divisor % 10)); divisor /= 10 }
        bytes.append(0x22)
    }

    /// A string's UTF-8 bytes, copied in one go.
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func quoted(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            // Most texts need no escape: one scan, one copy.
            if !utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
                bytes.append(contentsOf: utf8)
                return
            }
            var start = 0
            for (i, b) in utf8.enumerated() where b == 0x22 || b == 0x5C || b < 0x20 {
                bytes.append(contentsOf: utf8[start..<i])
                switch b {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
                start = i + 1
            }
            bytes.append(contentsOf: utf8[start...])
        }
        bytes.append(0x22)
    }
}
