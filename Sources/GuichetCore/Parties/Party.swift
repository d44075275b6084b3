/// Who Guichet serves: consumers (natural persons, 001, 003, 000), businesses with sites and
/// named users (004), wholesale operators (002).
public enum PartyKind: String, Sendable, Codable, CaseIterable { case consumer, business, wholesale }

public struct Address: Sendable, Codable, Hashable {
    public let line1: String
    public let line2: String?
    public let postcode: String
    public let city: String
    /// The territory decides the time zone, the holidays and the tax zone.
    public let territory: String

    public init(line1: String, line2: String? = nil, postcode: String, city: String, territory: String) {
        self.line1 = line1; self.line2 = line2; self.postcode = postcode; self.city = city; self.territory = territory
    }
}

public struct Contact: Sendable, Codable, Hashable {
    public let name: String
    public let email: String?
    public let phone: String?
    public let role: String?

    public init(name: String, email: String? = nil, phone: String? = nil, role: String? = nil) {
        self.name = name; self.email = email; self.phone = phone; self.role = role
    }
}

/// A business site (004: pools minutes, numbers and deployment per site).
public struct Site: Sendable, Codable, Hashable {
    public let id: String
    public let name: String
    public let address: Address
    /// The site code of the internal dial plan (004 §2.6.3); given in order ("01", "02"…) when absent.
    public let dialCode: String?

    public init(id: String, name: String, address: Address, dialCode: String? = nil) {
        self.id = id; self.name = name; self.address = address; self.dialCode = dialCode
    }
}

/// A named user of a business (004 §2.1: a Pack Calling per user who wants enterprise telephony).
public struct NamedUser: Sendable, Codable, Hashable {
    public let id: String
    public let name: String
    public let email: String?
    public let site: String
    /// The user's SDA (direct number), from which the internal extension is derived.
    public let did: String?

    public init(id: String, name: String, email: String? = nil, site: String, did: String? = nil) {
        self.id = id; self.name = name; self.email = email; self.site = site; self.did = did
    }
}

extension PartyDetails {
    /// The internal dial plan of a business's sites and users under `plan` (004 §2.6.3).
    public func dialPlan(_ plan: DialPlan) -> (entries: [DialPlan.Entry], problems: [DialPlan.Problem]) {
        let sitesWithCodes = sites.enumerated().map { i, s in
            DialPlan.Site(id: s.id, code: s.dialCode ?? String(repeating: "0", count: max(0, plan.siteCodeLength - String(i + 1).count)) + String(i + 1))
        }
        return plan.generate(sites: sitesWithCodes, users: users.map { DialPlan.User(name: $0.name, site: $0.site, did: $0.did) })
    }
}

/// What a party is made of, checked before anything is stored.
public struct PartyDetails: Sendable, Codable, Hashable {
    public let address: Address?
    public let contacts: [Contact]
    public let sites: [Site]
    public let users: [NamedUser]

    public init(address: Address? = nil, contacts: [Contact] = [], sites: [Site] = [], users: [NamedUser] = []) {
        self.address = address; self.contacts = contacts; self.sites = sites; self.users = users
    }

    /// Where notices are e-mailed: the first contact's address; nil when a letter is to be sent.
    public var noticeAddress: String? { contacts.compactMap(\.email).first }

    /// Sites and users belong to businesses; every user's site exists; ids are unique; every
    /// address is in a known territory.
    public func validate(kind: PartyKind, territories: Set<String>) throws(ContractError) {
        if kind != .business && (!sites.isEmpty || !users.isEmpty) {
            throw .invalid(field: "sites", reason: "only a business has sites and named users")
        }
        for (i, a) in ([address].compactMap { $0 } + sites.map(\.address)).enumerated() where !territories.contains(a.territory) {
            throw .invalid(field: i == 0 && address != nil ? "address.territory" : "sites.address.territory", reason: "'\(a.territory)' is not a served territory")
        }
        let siteIDs = sites.map(\.id)
        if let dup = siteIDs.firstDuplicate { throw .invalid(field: "sites", reason: "site id '\(dup)' is used twice") }
        if let dup = users.map(\.id).firstDuplicate { throw .invalid(field: "users", reason: "user id '\(dup)' is used twice") }
        for u in users where !siteIDs.contains(u.site) {
            throw .invalid(field: "users[\(u.id)].site", reason: "no site '\(u.site)'")
        }
    }
}

extension Array where Element: Hashable {
    var firstDuplicate: Element? {
        var seen = Set<Element>()
        return first { !seen.insert($0).inserted }
    }
}
