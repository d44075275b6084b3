/// Longest-prefix lookup over E.164 digits: one array read per digit, no allocation.
/// Each node holds the candidates that apply from there down, best first, already resolved
/// (a shorter prefix's candidates are inherited unless an exclusion removes them).
struct DigitTrie: Sendable {
    struct Candidate: Sendable, Hashable {
        let value: Int32
        let from: Int32
        let to: Int32
    }

    private var children: [Int32] = Array(repeating: -1, count: 10)
    private var own: [[Candidate]] = [[]]
    private var excluded: [Set<Int32>] = [[]]
    private var resolved: [[Candidate]] = []

    /// Adds `value` for numbers starting with `prefix`, valid on day ordinals `from..<to`.
    mutating func insert(_ prefix: String, value: Int32, from: Int32, to: Int32) {
        let node = self.node(for: prefix)
        own[node].append(Candidate(value: value, from: from, to: to))
    }

    /// Numbers starting with `prefix` may not take `value` from any shorter prefix.
    mutating func exclude(_ prefix: String, value: Int32) {
        excluded[node(for: prefix)].insert(value)
    }

    private mutating func node(for prefix: String) -> Int {
        var node = 0
        for b in prefix.utf8 {
            let slot = node * 10 + Int(b - 48)
            if children[slot] < 0 {
                children[slot] = Int32(own.count)
                own.append([]); excluded.append([])
                children.append(contentsOf: repeatElement(-1, count: 10))
            }
            node = Int(children[slot])
        }
        return node
    }

    /// Resolves inheritance; call once after the last insert.
    mutating func seal() {
        resolved = Array(repeating: [], count: own.count)
        var stack: [(Int, [Candidate])] = [(0, [])]
        while let (node, inherited) = stack.popLast() {
            let list = (own[node].sorted { $0.value < $1.value } + inherited).filter { !excluded[node].contains($0.value) }
            resolved[node] = list
            for d in 0..<10 where children[node * 10 + d] >= 0 { stack.append((Int(children[node * 10 + d]), list)) }
        }
        own = []; excluded = []     // folded into `resolved`
    }

    /// The best candidate for a number on a day: the longest prefix whose validity holds.
    func lookup(_ number: DialledNumber, day: Int32) -> Candidate? {
        var node = 0
        var divisor = pow10(number.length - 1)
        var rest = number.digits
        while divisor > 0 {
            let d = Int(rest / divisor)
            rest %= divisor
            divisor /= 10
            let child = children[node * 10 + d]
            if child < 0 { break }
            node = Int(child)
        }
        for c in resolved[node] where c.from <= day && day < c.to { return c }
        return nil
    }
}
