/// A rated record as stored: the record, the tariff that priced it and the amounts, with the
/// rate used at the time so that it explains itself even after the catalog changes.
public struct RatedUsage: Sendable, Hashable, Codable {
    public let id: String
    public let line: String
    public let kind: UsageKind
    /// E.164, or the short number as dialled.
    public let called: String
    public let start: Instant
    public let quantity: Int
    /// "emergency", "data", or the tariff group id.
    public let destination: String
    public let destinationName: String
    public let amount: Money
    public let listAmount: Money
    public let included: Bool
    public let connection: Money
    public let perMinute: Money
    /// The allowance the record may draw from (004 §2.6.1), if any.
    public let allowance: String?
    public let source: String

    public init(id: String, line: String, kind: UsageKind, called: String, start: Instant, quantity: Int, destination: String,
                destinationName: String, amount: Money, listAmount: Money, included: Bool, connection: Money, perMinute: Money,
                allowance: String?, source: String) {
        self.id = id; self.line = line; self.kind = kind; self.called = called; self.start = start; self.quantity = quantity
        self.destination = destination; self.destinationName = destinationName; self.amount = amount; self.listAmount = listAmount
        self.included = included; self.connection = connection; self.perMinute = perMinute; self.allowance = allowance; self.source = source
    }

    public init(_ r: UsageRecord, number n: DialledNumber, price: Price, index: RatingIndex, profile: RatingIndex.Profile) {
        let destination: String, name: String, source: String
        switch price.group {
        case Price.emergency: (destination, name, source) = ("emergency", "Numéro d'urgence", "CPCE L33-1; 003 CS-FB 3; 004 §2.6.2")
        case Price.data: (destination, name, source) = ("data", "Données", "no out-of-bundle data price in the documents (D-RAT-3)")
        default:
            let g = index.groups[price.group]
            (destination, name, source) = (g.id, g.destinations[price.destination].name, g.sample ? g.source + " — SAMPLE rate" : g.source)
        }
        let allowance = price.allowanceDestination >= 0 && profile.allowance >= 0 ? index.allowances[Int(profile.allowance)].id : nil
        // The record's own text when it is already the E.164 form (no new string to build).
        let e164 = n.length == 0 ? r.called : r.called.utf8.first == 43 && r.called.utf8.count == n.length + 1 ? r.called : n.e164
        self.init(id: r.id, line: r.line, kind: r.kind, called: e164, start: r.start, quantity: r.quantity,
                  destination: destination, destinationName: name, amount: price.amount, listAmount: price.list, included: price.included,
                  connection: price.rate?.connection ?? .zero, perMinute: price.rate?.perMinute ?? .zero, allowance: allowance, source: source)
    }

    /// Which rule produced the amount, from the stored figures.
    public var explanation: Explanation {
        let inputs: ExplanationInputs = ["destination": destinationName, "quantity": "\(quantity)", "CMR": connection.description, "per minute": perMinute.description]
        switch (destination, included, kind) {
        case ("emergency", _, _): return Explanation(rule: "emergency numbers are free", source: source, inputs: ["called": called], result: "0")
        case ("data", _, _): return Explanation(rule: "data volume counted against the plan, not priced", source: source, inputs: ["kilobytes": "\(quantity)"], result: "0")
        case (_, true, _): return Explanation(rule: "destination included in the offer", source: source, inputs: inputs, result: "0 (list \(listAmount))")
        case (_, false, .sms): return Explanation(rule: "price per message × messages", source: source, inputs: inputs, result: "\(connection) × \(quantity) = \(amount)")
        default:
            return Explanation(rule: "connection fee + price per minute × seconds / 60, per second from the first second", source: source,
                               inputs: inputs, result: "\(connection) + \(perMinute) × \(quantity)/60 = \(amount)")
        }
    }
}
