/// A subscriber line: the number usage records name, and the contract that rates it.
public struct ServiceLine: Sendable, Hashable, Codable, Identifiable {
    /// E.164, "+590590271234".
    public let number: String
    public let customerID: String
    public let contractID: String
    /// The contract's offering when the line was assigned or last followed a change of offer.
    public internal(set) var offeringID: String
    public let territoryID: String
    /// The customer's site the line belongs to (004 pools minutes per site).
    public let site: String?
    /// The last day the line served its contract: the contract ended, or the number left for another operator. Usage
    /// after it is not the contract's; the number may be assigned again.
    public var endedOn: LocalDate?
    /// Why, with the article: "ported out (001 Annexe 3 art. 3.3)", "contract terminated on 2026-03-12".
    public var endedBecause: String?
    /// How the number appears in directories (001 CG 8.2.2); nil: as the document publishes by default.
    public var directory: DirectoryListing?

    public var id: String { number }

    public init(number: String, customerID: String, contractID: String, offeringID: String, territoryID: String, site: String?) {
        self.number = number; self.customerID = customerID; self.contractID = contractID; self.offeringID = offeringID
        self.territoryID = territoryID; self.site = site
    }

    /// The line once its contract changed offer (001 CG 12, 003 CG 6).
    public func following(offering: String) -> ServiceLine {
        var l = self
        l.offeringID = offering
        return l
    }

    /// The line once it no longer serves its contract from the day after `day`.
    public func ended(on day: LocalDate, because why: String) -> ServiceLine {
        var l = self
        l.endedOn = day; l.endedBecause = why
        return l
    }
}
