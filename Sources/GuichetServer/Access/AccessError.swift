import GuichetCore

public enum AccessError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case conflict(String)
    /// Wrong login or password: one answer for both.
    case badCredentials
    case locked(until: Instant)

    public var description: String {
        switch self {
        case .invalid(let f, let r): "\(f): \(r)"
        case .conflict(let s): s
        case .badCredentials: "identifiant ou mot de passe incorrect"
        case .locked: "compte verrouillé après trop d'essais : réessayez plus tard"
        }
    }
}
