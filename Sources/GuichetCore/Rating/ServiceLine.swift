/// A subscriber line: the number usage records name, and the contract that rates it.
public struct ServiceLine: Sendable, Hashable, Codable, Identifiable {
    /// E.164, "+590590271234".
    public let number: String
    public let customerID: String
    public let contractID: String
    public let offeringID: String
    public let territoryID: String
    /// The customer's site the line belongs to (004 pools minutes per site).
    public let site: String?

    public var id: String { number }

    public init(number: String, customerID: String, contractID: String, offeringID: String, territoryID: String, site: String?) {
        self.number = number; self.customerID = customerID; self.contractID = contractID; self.offeringID = offeringID
        self.territoryID = territoryID; self.site = site
    }
}
