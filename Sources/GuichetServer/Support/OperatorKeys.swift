import Crypto
import Foundation
import GuichetCore
import GuichetStore

/// Access keys for wholesale operators' e-soutien calls (002 §2: "éléments d'identification").
/// A key is shown once; only its SHA-256 is stored, as the stream name that maps it to its operator.
public struct OperatorKeys: Sendable {
    let store: any Store
    let contracts: ContractService

    static func stream(_ key: String) -> String {
        "access-key:" + SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Issues a new key for a wholesale operator.
    public func issue(for owner: String, at now: Instant) async throws -> String {
        guard let c = try await contracts.customer(owner) else { throw SupportError.notFound("operator '\(owner)'") }
        guard c.kind == .wholesale else { throw SupportError.invalid(field: "customer", reason: "\(c.name) is not a wholesale operator (002)") }
        var rng = SystemRandomNumberGenerator()
        let key = "gk_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &rng)) }.joined()
        _ = try await store.append([try NewEvent(stream: Self.stream(key), type: "access-key-issued", payload: owner, recordedAt: now)], idempotency: nil)
        return key
    }

    /// The operator a key belongs to, or nil when the key is unknown or revoked.
    public func owner(of key: String) async throws -> String? {
        let events = try await store.events(stream: Self.stream(key), after: 0)
        guard let issued = events.first, !events.contains(where: { $0.type == "access-key-revoked" }) else { return nil }
        return issued.payload
    }

    public func revoke(_ key: String, at now: Instant) async throws {
        guard try await owner(of: key) != nil else { throw SupportError.notFound("access key") }
        _ = try await store.append([try NewEvent(stream: Self.stream(key), type: "access-key-revoked", payload: "", recordedAt: now)], idempotency: nil)
    }
}
