/// 001 CG 8.2.2: how a line appears in the directories and enquiry services its subscriber base is given to. Published
/// by default (« À défaut d'opposition expresse du Client, leur publication est automatique »); every choice is free
/// and may change at any time.
public struct DirectoryListing: Sendable, Hashable, Codable {
    /// « Liste Rouge »: neither the number nor the details are published or given out.
    public var unlisted: Bool
    /// The home's full address left out.
    public var hideAddress: Bool
    /// No reference to gender: the first name's initial only (« liste initiale prénom »).
    public var initialOnly: Bool
    /// « liste anti-prospection »: the details not used for direct marketing.
    public var noProspecting: Bool
    /// « liste anti-recherche inversée »: the identity not found from the number.
    public var noReverseSearch: Bool
    /// Another user of the number listed instead of the holder, with that user's express agreement.
    public var listedUser: String?

    public init(unlisted: Bool = false, hideAddress: Bool = false, initialOnly: Bool = false, noProspecting: Bool = false,
                noReverseSearch: Bool = false, listedUser: String? = nil) {
        self.unlisted = unlisted; self.hideAddress = hideAddress; self.initialOnly = initialOnly
        self.noProspecting = noProspecting; self.noReverseSearch = noReverseSearch; self.listedUser = listedUser
    }

    /// A choice left out is the document's default: published.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(unlisted: try c.decodeIfPresent(Bool.self, forKey: .unlisted) ?? false,
                  hideAddress: try c.decodeIfPresent(Bool.self, forKey: .hideAddress) ?? false,
                  initialOnly: try c.decodeIfPresent(Bool.self, forKey: .initialOnly) ?? false,
                  noProspecting: try c.decodeIfPresent(Bool.self, forKey: .noProspecting) ?? false,
                  noReverseSearch: try c.decodeIfPresent(Bool.self, forKey: .noReverseSearch) ?? false,
                  listedUser: try c.decodeIfPresent(String.self, forKey: .listedUser))
    }

    /// What a publisher receives for `number`, held by `holder` at `address`; nil on the Liste Rouge.
    public func entry(number: String, holder: String, address: Address?) -> DirectoryEntry? {
        guard !unlisted else { return nil }
        let name = listedUser ?? holder
        return DirectoryEntry(number: number, name: initialOnly ? Self.initial(name) : name, address: hideAddress ? nil : address,
                              noProspecting: noProspecting, noReverseSearch: noReverseSearch)
    }

    /// "Marie Dupont" → "M. Dupont"; a single word stays as it is.
    static func initial(_ name: String) -> String {
        let words = name.split(separator: " ")
        guard words.count > 1, let first = words.first?.first else { return name }
        return "\(first). " + words.dropFirst().joined(separator: " ")
    }
}

/// One line of the subscriber base as a directory publisher receives it (001 CG 8.2.2).
public struct DirectoryEntry: Sendable, Hashable, Codable {
    public let number: String
    public let name: String
    public let address: Address?
    public let noProspecting: Bool
    public let noReverseSearch: Bool
}
