import Foundation
import GuichetApp
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, as the portal's forms post them.
struct FormFields: Sendable {
    let pairs: [(String, String)]

    init(_ body: String) {
        pairs = body.split(separator: "&").compactMap { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            guard let k = kv.first else { return nil }
            return (decode(k), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// A required, non-blank field, or a 400 naming it.
    func require(_ name: String, label: String) throws -> String {
        guard let v = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
            throw PortalError.invalid("\(label) : champ obligatoire")
        }
        return v
    }

    /// The body with secrets masked, for the audit log.
    var redacted: String {
        pairs.map { k, v in
            let secret = ["password", "mot", "csrf", "token"].contains { k.lowercased().contains($0) }
            return "\(k)=\(secret ? "[masqué]" : v)"
        }.joined(separator: "&")
    }

    /// The fields of a portal form (at most 64 KiB).
    static func read(_ request: Request) async throws -> FormFields {
        var request = request
        return FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
    }
}
