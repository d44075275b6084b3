/// The person or machine behind a request, once authenticated.
public struct Principal: Sendable, Codable, Hashable {
    /// The login (people) or the token's name (machines).
    public let id: String
    public let role: Role
    /// The customer a tenant role acts for; nil for staff.
    public let tenant: String?
    /// For API tokens, the areas the token was limited to (never more than its role's).
    public let scopes: Set<Area>?

    public init(id: String, role: Role, tenant: String? = nil, scopes: Set<Area>? = nil) {
        self.id = id; self.role = role; self.tenant = tenant; self.scopes = scopes
    }

    /// Whether this principal may read (or change) a staff area.
    public func may(_ level: AccessLevel, _ area: Area) -> Bool {
        guard let granted = role.grants[area], granted >= level else { return false }
        return scopes.map { $0.contains(area) } ?? true
    }

    /// The audit log's "who".
    public var actor: String { "\(role.rawValue):\(id)" }
}
