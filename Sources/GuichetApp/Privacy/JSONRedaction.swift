import Foundation

/// Removes personal data from a stored JSON payload: every value under a personal key is replaced,
/// at any depth, and the rest is kept (amounts, dates, states, references) so that histories still fold.
package enum JSONRedaction {
    /// Keys whose values identify or describe a person.
    package static let personalKeys: Set<String> = [
        "name", "email", "contactEmail", "phone", "siteContactPhone", "address", "line1", "line2", "postcode", "city",
        "description", "text", "subject", "passwordHash", "rio", "number", "serviceNumber", "did", "lastName", "firstName", "answer",
    ]
    package static let erased = "[effacé]"
    /// Where an address must stay an address (histories re-check their e-mail fields when folded):
    /// `.invalid` is reserved and never delivers (RFC 2606).
    package static let erasedAddress = "efface@efface.invalid"
    package static let addressKeys: Set<String> = ["email", "contactEmail"]

    package static func redact(_ payload: String) -> String {
        guard let data = payload.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let out = try? JSONSerialization.data(withJSONObject: redact(value), options: [.sortedKeys, .fragmentsAllowed]) else {
            return "\"\(erased)\""
        }
        return String(decoding: out, as: UTF8.self)
    }

    package static func redact(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return Dictionary(uniqueKeysWithValues: object.map { key, v in
                (key, personalKeys.contains(key) ? placeholder(for: v, key: key) : redact(v))
            })
        }
        if let array = value as? [Any] { return array.map(redact) }
        return value
    }

    /// Same JSON shape where the decoders expect one: strings stay strings, objects become empty.
    package static func placeholder(for value: Any, key: String) -> Any {
        switch value {
        case is String: addressKeys.contains(key) ? erasedAddress : erased
        case let object as [String: Any]: Dictionary(uniqueKeysWithValues: object.map { ($0.key, placeholder(for: $0.value, key: $0.key)) })
        case let array as [Any]: array.map { placeholder(for: $0, key: key) }
        default: value
        }
    }
}
