/// A JSON text built in one pass, as UTF-8 bytes (appending to a `String` piece by piece cost
/// 33 ns a byte here): objects, arrays, escaped strings, money amounts.
package struct JSONText {
    private var bytes: [UInt8] = []

    /// `capacity`: the bytes expected (an invoice: tens of kilobytes; an audit entry: hundreds).
    package init(capacity: Int = 32_768) { bytes.reserveCapacity(capacity) }

    private init(empty: Void) {}

    package var text: String { String(decoding: bytes, as: UTF8.self) }

    package struct Members {
        fileprivate var out: JSONText
        fileprivate var first = true

        /// Keys are this file's identifiers and the explanations' input names: nothing to escape
        /// in the first; the second go through `quoted`.
        package mutating func key(_ k: String) {
            out.bytes.append(first ? 0x7B : 0x2C)   // "{" before the first member, "," between
            first = false
            out.bytes.append(0x22)
            out.append(k)
            out.bytes.append(0x22)
            out.bytes.append(0x3A)
        }

        private mutating func escapedKey(_ k: String) {
            out.bytes.append(first ? 0x7B : 0x2C)
            first = false
            out.quoted(k)
            out.bytes.append(0x3A)
        }
        package mutating func string(_ k: String, _ v: String) { key(k); out.quoted(v) }
        /// A member whose key itself needs escaping (an explanation's input name).
        package mutating func escapedString(_ k: String, _ v: String) { escapedKey(k); out.quoted(v) }
        package mutating func money(_ k: String, _ v: Money) { key(k); out.money(v) }
        package mutating func number(_ k: String, _ v: Int) { key(k); out.bytes.append(contentsOf: String(v).utf8) }
        package mutating func bool(_ k: String, _ v: Bool) { key(k); out.bytes.append(contentsOf: (v ? "true" : "false").utf8) }
        package mutating func object(_ k: String, _ body: (inout Members) -> Void) { key(k); out.object(body) }
        package mutating func array<T>(_ k: String, _ items: [T], _ body: (inout JSONText, T) -> Void) {
            key(k)
            out.bytes.append(0x5B)
            for (n, item) in items.enumerated() {
                if n > 0 { out.bytes.append(0x2C) }
                body(&out, item)
            }
            out.bytes.append(0x5D)
        }
    }

    package mutating func object(_ body: (inout Members) -> Void) {
        // The members own the buffer meanwhile, then hand it back: swapped, never shared, so no
        // append copies it (an assignment here copied the whole body at every closing brace).
        var m = Members(out: JSONText(empty: ()))
        swap(&m.out.bytes, &bytes)
        body(&m)
        swap(&bytes, &m.out.bytes)
        if m.first { bytes.append(0x7B) }
        bytes.append(0x7D)
    }

    package mutating func value(_ s: String) { quoted(s) }

    /// As `Money.description` writes it ("49.90", "0.173", "-2.86"), quoted as `Money` encodes itself.
    package mutating func money(_ m: Money) {
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
    package mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Escaped as Foundation's `JSONEncoder` escapes (the solidus too, `\b` and `\f`), so that a body written here is byte
    /// for byte the one its Codable conformance writes (`guichet rebuild-state` compares them).
    package mutating func quoted(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            // Most texts need no escape: one scan, one copy.
            if !utf8.contains(where: Self.escaped) {
                bytes.append(contentsOf: utf8)
                return
            }
            var start = 0
            for (i, b) in utf8.enumerated() where Self.escaped(b) {
                bytes.append(contentsOf: utf8[start..<i])
                switch b {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x2F: bytes.append(contentsOf: [0x5C, 0x2F])
                case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
                case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
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

    private static func escaped(_ b: UInt8) -> Bool { b == 0x22 || b == 0x5C || b == 0x2F || b < 0x20 }
}
