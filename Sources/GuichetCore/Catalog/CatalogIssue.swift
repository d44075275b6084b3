/// A problem found in a catalog, naming file, line and field.
public struct CatalogIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public let severity: Severity
    public let at: SourceLocation
    public let field: String
    public let message: String

    public init(_ severity: Severity, at: SourceLocation, field: String, _ message: String) {
        self.severity = severity; self.at = at; self.field = field; self.message = message
    }

    public var description: String { "\(at): \(severity.rawValue): \(field): \(message)" }
}
