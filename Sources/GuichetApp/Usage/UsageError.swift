/// Refusals of the usage services, mapped to HTTP statuses by the routes and printed by the CLI.
public enum UsageError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case conflict(String)
    case notFound(String)
    /// The file as a whole cannot be read as usage records (nothing is imported).
    case badFile(String)

    public var description: String {
        switch self {
        case .invalid(let f, let r): "\(f): \(r)"
        case .conflict(let m): m
        case .notFound(let what): "\(what) not found"
        case .badFile(let m): m
        }
    }
}
