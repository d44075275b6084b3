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

    /// The level this principal has in an area, its role's cut to its scopes.
    public func level(_ area: Area) -> AccessLevel? {
        guard let granted = role.grants[area], scopes.map({ $0.contains(area) }) ?? true else { return nil }
        return granted
    }

    /// Whether everything `other` may do, this principal may do too: a token or an account it
    /// creates can never reach further than itself (F6: a scoped token mints no broader one).
    public func covers(_ other: Principal) -> Bool {
        Area.allCases.allSatisfy { area in
            guard let wanted = other.level(area) else { return true }
            return level(area).map { $0 >= wanted } ?? false
        }
    }

    /// The audit log's "who".
    public var actor: String { "\(role.rawValue):\(id)" }
}
