import Foundation
import GuichetCore

/// How the SQLite store keeps rated records: one pack per account, month and written batch, its
/// records in a compact binary body (D-RAT-7). A row per record cost SQLite more than rating it;
/// a pack is one row, and the record ids stay unique through their own narrow table.
///
/// Body: the pack's distinct strings (count, then each as length + UTF-8), then the records. A
/// record is its id (length + UTF-8) and called number (the same), then its fields: strings as
/// indexes into the table, integers as variable-length (zigzag for signed values).
enum UsagePack {
    static func encode(_ rows: [StoredUsage]) -> [UInt8] {
        var encoder = Encoder()
        return encoder.encode(rows, rows.indices) { Array($0) }
    }

    /// Encodes packs one after another in the same buffers: a write spanning thousands of accounts
    /// makes as many small packs, and fresh buffers for each cost more than encoding its records.
    struct Encoder {
        private var strings = StringTable()
        private var records = ByteWriter()
        private var body = ByteWriter()

        /// The pack of `rows` at `indices` (read in place: copying a record would retain each of its strings),
        /// lent to `use` until it returns.
        mutating func encode<R>(_ rows: [StoredUsage], _ indices: some Collection<Int>, _ use: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
            strings.reset(); records.bytes.removeAll(keepingCapacity: true); body.bytes.removeAll(keepingCapacity: true)
            for i in indices {
                records.text(rows[i].rated.id)
                records.text(rows[i].rated.called)
                records.unsigned(strings.index(rows[i].rated.line))
                records.unsigned(strings.index(rows[i].rated.kind.rawValue))
                records.unsigned(rows[i].calledLineIsMobile.map { $0 ? 2 : 1 } ?? 0)
                records.signed(rows[i].rated.start.seconds)
                records.signed(Int64(rows[i].rated.quantity))
                records.unsigned(strings.index(rows[i].rated.destination))
                records.unsigned(strings.index(rows[i].rated.destinationName))
                records.signed(rows[i].rated.amount.units)
                records.signed(rows[i].rated.listAmount.units)
                records.unsigned(rows[i].rated.included ? 1 : 0)
                records.signed(rows[i].rated.connection.units)
                records.signed(rows[i].rated.perMinute.units)
                records.unsigned(rows[i].rated.allowance.map { strings.index($0) + 1 } ?? 0)
                records.unsigned(strings.index(rows[i].rated.source))
                records.unsigned(strings.index(rows[i].importID))
            }
            body.unsigned(strings.count)
            strings.write(into: &body)
            body.bytes += records.bytes
            return try body.bytes.withUnsafeBufferPointer(use)
        }
    }

    /// The records of a pack, in the order they were written. A body that does not read back
    /// whole is an error naming the pack, never a partial list.
    static func decode(_ body: [UInt8], customerID: String, period: String, pack: Int64) throws(StoreError) -> [StoredUsage] {
        var reader = ByteReader(bytes: body)
        do throws(ByteReader.Short) {
            let count = try reader.unsigned()
            guard count <= body.count else { throw ByteReader.Short() }   // each string takes a byte at least
            var strings: [String] = []
            strings.reserveCapacity(count)
            for _ in 0..<count { strings.append(try reader.text()) }
            func string(_ i: Int) throws(ByteReader.Short) -> String {
                guard i < strings.count else { throw ByteReader.Short() }
                return strings[i]
            }
            var rows: [StoredUsage] = []
            while !reader.atEnd {
                let id = try reader.text(), called = try reader.text()
                let line = try string(reader.unsigned())
                guard let kind = UsageKind(rawValue: try string(reader.unsigned())) else { throw ByteReader.Short() }
                let mobile = try reader.unsigned()
                let start = try reader.signed(), quantity = try reader.signed()
                let destination = try string(reader.unsigned()), name = try string(reader.unsigned())
                let amount = try reader.signed(), list = try reader.signed(), included = try reader.unsigned() == 1
                let connection = try reader.signed(), perMinute = try reader.signed()
                let allowanceIndex = try reader.unsigned()
                let allowance = allowanceIndex == 0 ? nil : try string(allowanceIndex - 1)
                let source = try string(reader.unsigned()), importID = try string(reader.unsigned())
                let rated = RatedUsage(id: id, line: line, kind: kind, called: called, start: Instant(seconds: start), quantity: Int(quantity),
                                       destination: destination, destinationName: name, amount: Money(units: amount), listAmount: Money(units: list),
                                       included: included, connection: Money(units: connection), perMinute: Money(units: perMinute),
                                       allowance: allowance, source: source)
                rows.append(StoredUsage(rated: rated, customerID: customerID, period: period,
                                        calledLineIsMobile: mobile == 0 ? nil : mobile == 2, importID: importID))
            }
            return rows
        } catch {
            throw .backend("usage pack \(pack) (\(customerID), \(period)): its body ends or reads wrong at byte \(reader.offset)")
        }
    }

    /// A pack's distinct strings, each given the index of its first appearance, their bytes kept one
    /// after another. Looked up by an FNV-1a hash of the UTF-8 bytes in an open-addressing table:
    /// `String`'s own hashing (SipHash, Unicode normalisation of non-ASCII names) cost more than the
    /// rest of the encoding.
    private struct StringTable {
        private var bytes: [UInt8] = []
        private var ranges: [Range<Int>] = []
        private var slots = [Int32](repeating: -1, count: 64)

        var count: Int { ranges.count }

        /// Empties the table for the next pack, keeping its storage (a large pack's slots shrink back).
        mutating func reset() {
            bytes.removeAll(keepingCapacity: true); ranges.removeAll(keepingCapacity: true)
            if slots.count > 64 { slots = [Int32](repeating: -1, count: 64) } else { slots.withUnsafeMutableBufferPointer { $0.update(repeating: -1) } }
        }

        mutating func index(_ s: String) -> Int { withUTF8(s) { index($0) } }

        private mutating func index(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
            var slot = Self.hash(utf8) & (slots.count - 1)
            while slots[slot] >= 0 {
                let i = Int(slots[slot])
                if same(ranges[i], utf8) { return i }
                slot = (slot + 1) & (slots.count - 1)
            }
            slots[slot] = Int32(ranges.count)
            ranges.append(bytes.count..<bytes.count + utf8.count)
            bytes.append(contentsOf: utf8)
            if ranges.count * 2 > slots.count { grow() }
            return ranges.count - 1
        }

        private func same(_ range: Range<Int>, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            range.count == utf8.count && (utf8.isEmpty || bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + range.lowerBound, utf8.baseAddress!, utf8.count) == 0 })
        }

        /// Doubles the slots, placing every string again.
        private mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (i, r) in ranges.enumerated() {
                var slot = Self.hash(bytes[r]) & (slots.count - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = Int32(i)
            }
        }

        private static func hash(_ utf8: some Sequence<UInt8>) -> Int {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: h)
        }

        /// Each string as length + UTF-8, in index order.
        func write(into writer: inout ByteWriter) {
            for r in ranges {
                writer.unsigned(r.count)
                writer.bytes += bytes[r]
            }
        }
    }
}

/// Appends LEB128 integers and length-prefixed UTF-8.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func unsigned(_ value: Int) { unsigned(UInt64(value)) }

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    /// Zigzag: small negative amounts stay short.
    mutating func signed(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func text(_ s: String) {
        withUTF8(s) { utf8 in
            unsigned(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}

/// A string's UTF-8 bytes in place; a copy (which retains the string's storage, an atomic operation
/// the other core may be doing on the same catalog string) only for a string not stored contiguously.
func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    var copy = s
    return copy.withUTF8(body)
}

/// Reads what `ByteWriter` wrote; any read past the end, or an integer too long, throws.
struct ByteReader {
    struct Short: Error {}
    let bytes: [UInt8]
    private(set) var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    mutating func unsigned() throws(Short) -> Int {
        let v = try unsigned64()
        guard v <= UInt64(Int.max) else { throw Short() }
        return Int(v)
    }

    private mutating func unsigned64() throws(Short) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Short() }
            let b = bytes[offset]
            offset += 1
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    mutating func signed() throws(Short) -> Int64 {
        let z = try unsigned64()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    mutating func text() throws(Short) -> String {
        let n = try unsigned()
        guard n <= bytes.count - offset else { throw Short() }
        defer { offset += n }
        return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
    }
}
