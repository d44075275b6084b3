/// Why a computed amount or deadline is what it is: the rule, the article of the seed
/// document it comes from (`000 CG 3.2`, `001 CG 7.1`…), its inputs and its steps.
public struct Explanation: Hashable, Sendable, Codable {
    public let rule: String
    public let source: String
    public let inputs: [String: String]
    public let result: String
    public let steps: [Explanation]

    public init(rule: String, source: String, inputs: [String: String] = [:], result: String, steps: [Explanation] = []) {
        self.rule = rule; self.source = source; self.inputs = inputs; self.result = result; self.steps = steps
    }
}
