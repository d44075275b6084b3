/// Why a support operation was refused: a stable `code` and a `reason` naming the field or rule.
public enum SupportError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    /// The action is not allowed in the ticket's or request's current state.
    case notAllowed(action: String, state: String, reason: String)
    /// The caller may not act on this ticket or e-service (002 §1.a, §1.b).
    case forbidden(String)
    case notFound(String)

    public var code: String {
        switch self {
        case .invalid: "invalid"
        case .notAllowed: "notAllowed"
        case .forbidden: "forbidden"
        case .notFound: "notFound"
        }
    }

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "\(field): \(reason)"
        case .notAllowed(let action, let state, let reason): "\(action) is not allowed while \(state): \(reason)"
        case .forbidden(let reason): reason
        case .notFound(let what): "\(what) not found"
        }
    }
}
