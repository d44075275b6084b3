/// A called number as the rater reads it: E.164 digits packed in an integer (at most 15
/// digits), with its type. Parsing one allocates nothing, so millions can be rated a second.
public struct DialledNumber: Sendable, Hashable {
    /// The E.164 digits as a decimal integer (country code first); a short number's own digits, with `length` 0.
    public let digits: UInt64
    public let length: Int
    public let type: NumberType

    public init(digits: UInt64, length: Int, type: NumberType) {
        self.digits = digits; self.length = length; self.type = type
    }

    /// "+590590271234"
    public var e164: String { length == 0 ? "" : "+" + String(digits) }
}

extension NumberingPlan {
    /// Reads a called number written as E.164 ("+590590271234", "00…") or as a French national
    /// or short number; separators are not allowed here (switch output). Nil when it is not a
    /// number of the plan; the slow `classify` gives the reason.
    public func dialled(_ text: some Collection<UInt8>) -> DialledNumber? {
        // One concrete loop over contiguous bytes: iterating an unspecialised generic collection
        // from another module costs a heap allocation per byte.
        if let n = text.withContiguousStorageIfAvailable({ dialled(bytes: $0) }) { return n }
        return Array(text).withUnsafeBufferPointer { dialled(bytes: $0) }
    }

    private func dialled(bytes text: UnsafeBufferPointer<UInt8>) -> DialledNumber? {
        var value: UInt64 = 0
        var count = 0
        var plus = false
        var first = true
        for b in text {
            if first && b == 43 { plus = true; first = false; continue }
            first = false
            guard b >= 48 && b <= 57, count < 17 else { return nil }
            value = value &* 10 &+ UInt64(b - 48)
            count += 1
        }
        if !plus && count > 2 && value / pow10(count - 2) == 0 {  // "00" international prefix
            plus = true; count -= 2
        }
        if plus { return international(value, count) }
        if count == 10 && value / pow10(9) == 0 {
            let nsn = value
            guard let r = range(ofNSNValue: nsn) else { return nil }
            let cc = rangeCountryCodes[r.index]
            return DialledNumber(digits: cc.value * pow10(9) + nsn, length: cc.length + 9, type: r.type)
        }
        if count <= 6, let short = Self.shortNumberType(String(value).leftPadded(to: count)) {
            return DialledNumber(digits: value, length: 0, type: short)
        }
        return nil
    }

    private func international(_ value: UInt64, _ count: Int) -> DialledNumber? {
        guard (7...15).contains(count) else { return nil }
        for ccLength in 1...3 {
            let cc = value / pow10(count - ccLength)
            guard planCodeValues.contains(cc) else { continue }
            guard count - ccLength == 9, let r = range(ofNSNValue: value % pow10(9)), rangeCountryCodes[r.index].value == cc else { return nil }
            return DialledNumber(digits: value, length: count, type: r.type)
        }
        return DialledNumber(digits: value, length: count, type: .international)
    }
}

func pow10(_ n: Int) -> UInt64 {
    var v: UInt64 = 1
    for _ in 0..<max(0, n) { v &*= 10 }
    return v
}

extension String {
    func leftPadded(to count: Int) -> String { String(repeating: "0", count: max(0, count - self.count)) + self }
}
