import Foundation

/// The JSON of a state row's body: keys sorted, so that a row folded again from its stream is
/// byte for byte the row written live (`guichet rebuild-state` compares them).
enum StateJSON {
    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
