/// The one-time code a customer types to open a screen-sharing session: "unique et valable
/// pour une seule session" (000 art. 4.6). Eight characters from an alphabet without the
/// look-alikes 0/O, 1/I/L, shown as two groups of four.
public enum SessionCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    public static func make(using rng: inout some RandomNumberGenerator) -> String {
        let chars = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        return String(chars[0..<4]) + "-" + String(chars[4...])
    }

    /// The code as typed (any case, spaces or dashes) in its canonical form, or nil when it
    /// cannot be a code.
    public static func normalised(_ typed: String) -> String? {
        let chars = typed.uppercased().filter { $0 != "-" && $0 != " " }
        guard chars.count == 8, chars.allSatisfy(alphabet.contains) else { return nil }
        return String(chars.prefix(4)) + "-" + String(chars.suffix(4))
    }
}

/// What was granted when a code was issued: for which request, until when, after which consent.
public struct SessionCodeGrant: Codable, Sendable, Hashable {
    public let requestID: String
    public let issuedAt: Instant
    public let expiresAt: Instant

    public init(requestID: String, issuedAt: Instant, expiresAt: Instant) {
        self.requestID = requestID; self.issuedAt = issuedAt; self.expiresAt = expiresAt
    }

    /// Whether the code opens a session at `now`: never after it was used, never after expiry.
    public func checkRedeemable(at now: Instant, alreadyUsed: Bool) throws(SupportError) {
        if alreadyUsed { throw .notAllowed(action: "open a session", state: "code used", reason: "a code is valid for one session only (000 art. 4.6)") }
        guard now < expiresAt else {
            throw .notAllowed(action: "open a session", state: "code expired", reason: "the code expired at \(expiresAt); ask the advisor for a new one")
        }
    }
}
