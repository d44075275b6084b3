/// Why a computed amount or deadline is what it is: the rule, the article of the seed
/// document it comes from (`000 CG 3.2`, `001 CG 7.1`…), its inputs and its steps.
public struct Explanation: Hashable, Sendable, Codable {
    public let rule: String
    public let source: String
    public let inputs: ExplanationInputs
    public let result: String
    public let steps: [Explanation]

    public init(rule: String, source: String, inputs: ExplanationInputs = [:], result: String, steps: [Explanation] = []) {
        self.rule = rule; self.source = source; self.inputs = inputs; self.result = result; self.steps = steps
    }
}

/// The named inputs of an explanation, kept sorted by name: written in that order and compared
/// without a hash table (a bill run builds some fifty per invoice, docs/performance.md). Encoded
/// as a JSON object, as a `[String: String]` would be.
public struct ExplanationInputs: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral, Sequence {
    public struct Input: Hashable, Sendable {
        public let name: String
        public let value: String
    }

    public let inputs: [Input]

    /// A name given twice keeps its last value, as a dictionary assignment would.
    public init(_ pairs: [(String, String)]) {
        var sorted: [Input] = []
        sorted.reserveCapacity(pairs.count)
        for (name, value) in pairs {
            if let i = sorted.firstIndex(where: { $0.name == name }) { sorted[i] = Input(name: name, value: value); continue }
            let at = sorted.firstIndex { $0.name > name } ?? sorted.count
            sorted.insert(Input(name: name, value: value), at: at)
        }
        inputs = sorted
    }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    public subscript(name: String) -> String? { inputs.first { $0.name == name }?.value }
    public var isEmpty: Bool { inputs.isEmpty }
    public func makeIterator() -> IndexingIterator<[Input]> { inputs.makeIterator() }

    public typealias Key = String
    public typealias Value = String

    struct Name: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Name.self)
        self.init(try c.allKeys.map { ($0.stringValue, try c.decode(String.self, forKey: $0)) })
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Name.self)
        for i in inputs { try c.encode(i.value, forKey: Name(stringValue: i.name)) }
    }
}
