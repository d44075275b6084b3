import GuichetCore

/// A letter for staff to print and post: a paper invoice the customer asked for (001 CG 10.1), or a notice to a customer
/// without an e-mail address (a reminder, a formal notice…). Queued in the transaction that causes it, posted by staff.
public struct Letter: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable { case pending, posted }

    public let id: String
    public let customerID: String
    /// The recipient, and their postal address when it was queued (nil: staff find it before posting). Named as the
    /// erasure's personal keys name them (`JSONRedaction`), so that the customer's erasure wipes them.
    public let name: String
    public let address: Address?
    public let subject: String
    public let text: String
    /// What caused it: "invoice F-2026-000123", "contract ctr_… (001 CG 6.3)".
    public let reference: String
    /// The invoice to print with it (a paper invoice).
    public let invoiceID: String?
    public let queuedOn: LocalDate
    public private(set) var postedOn: LocalDate?

    public init(id: String, customerID: String, name: String, address: Address?, subject: String, text: String, reference: String,
                invoiceID: String? = nil, queuedOn: LocalDate) {
        self.id = id; self.customerID = customerID; self.name = name; self.address = address; self.subject = subject; self.text = text
        self.reference = reference; self.invoiceID = invoiceID; self.queuedOn = queuedOn
    }

    public var status: Status { postedOn == nil ? .pending : .posted }

    /// Posted on `day`, once, not before it was queued.
    public mutating func post(on day: LocalDate) throws(ContractError) {
        if let postedOn { throw .invalid(field: "letter", reason: "posted already, on \(postedOn)") }
        guard day >= queuedOn else { throw .invalid(field: "on", reason: "\(day) is before the letter was queued, \(queuedOn)") }
        postedOn = day
    }
}
