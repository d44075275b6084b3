import GuichetCore

public enum AccessError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case conflict(String)
    case notFound(String)
    /// Wrong login or password: one answer for both.
    case badCredentials

    public var description: String {
        switch self {
        case .invalid(let f, let r): "\(f): \(r)"
        case .conflict(let s): s
        case .notFound(let s): "no \(s)"
        case .badCredentials: "identifiant ou mot de passe incorrect"
        }
    }
}
