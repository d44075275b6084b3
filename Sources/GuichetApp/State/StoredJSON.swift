import Foundation

/// The JSON the repositories store, event payloads and state rows alike: keys sorted (Linux's encoder
/// otherwise writes them in hash order), so that a row folded again from its stream is byte for byte the
/// row written live (`guichet rebuild-state` compares them).
package enum StoredJSON {
    package static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
