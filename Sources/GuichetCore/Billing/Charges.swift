/// What an account owes in a period, before it becomes invoice lines: the bill run gathers these
/// from contracts, recorded charges and rated usage; `ChargeRules` turns them into lines.
public struct BillableSubscription: Sendable, Hashable, Codable {
    public let contractID: String
    public let label: String
    public let family: ContractFamily
    /// The monthly fee frozen at the order (per pack for 004).
    public let monthly: PriceQuote
    public let quantity: Int
    public let activatedOn: LocalDate?
    /// The last day of service (termination), when the contract ended.
    public let endedOn: LocalDate?
    /// 004: the pack licences with their assignment days; empty: `quantity` packs from activation.
    public let licences: [Licence]
    /// 004 §2.5: rented equipment, `quantity` items from the day of reception (`activatedOn`) to the
    /// day of return (`endedOn`).
    public let rentedEquipment: Bool

    public init(contractID: String, label: String, family: ContractFamily, monthly: PriceQuote, quantity: Int = 1,
                activatedOn: LocalDate?, endedOn: LocalDate? = nil, licences: [Licence] = [], rentedEquipment: Bool = false) {
        self.contractID = contractID; self.label = label; self.family = family; self.monthly = monthly; self.quantity = quantity
        self.activatedOn = activatedOn; self.endedOn = endedOn; self.licences = licences; self.rentedEquipment = rentedEquipment
    }
}

/// 004 §15 BIL-4: a pack is active from the day its licence is assigned to a user.
public struct Licence: Sendable, Hashable, Codable {
    public let user: String
    public let site: String?
    public let assignedOn: LocalDate
    public let removedOn: LocalDate?

    public init(user: String, site: String? = nil, assignedOn: LocalDate, removedOn: LocalDate? = nil) {
        self.user = user; self.site = site; self.assignedOn = assignedOn; self.removedOn = removedOn
    }

    public func active(in period: BillingPeriod) -> Bool { assignedOn <= period.last && (removedOn.map { $0 >= period.first } ?? true) }
}

/// A charge or credit recorded for a day: activation or deployment fees, coaching hours, remote
/// assistance forfaits, equipment, compensations owed by the operator (negative).
public struct RecordedCharge: Sendable, Hashable, Codable {
    public let id: String
    public let category: ChargeCategory
    public let label: String
    public let on: LocalDate
    public let quantity: Int
    public let unitPrice: Money
    public let taxIncluded: Bool
    public let source: String
    public let site: String?

    public init(id: String, category: ChargeCategory, label: String, on: LocalDate, quantity: Int = 1, unitPrice: Money, taxIncluded: Bool,
                source: String, site: String? = nil) throws(BillingError) {
        guard (1...Contract.maxQuantity).contains(quantity) else {
            throw .invalid(field: "quantity", reason: "\(quantity) is not between 1 and \(Contract.maxQuantity) (D-SEC-8)")
        }
        guard category == .oneTime || category == .credit else { throw .invalid(field: "category", reason: "a recorded charge is oneTime or credit") }
        guard (category == .credit) == (unitPrice < .zero) || unitPrice == .zero else {
            throw .invalid(field: "unitPrice", reason: category == .credit ? "a credit is negative" : "a charge is positive; credits have their own category")
        }
        self.id = id; self.category = category; self.label = label; self.on = on; self.quantity = quantity; self.unitPrice = unitPrice
        self.taxIncluded = taxIncluded; self.source = source; self.site = site
    }
}

/// Rated usage of the period summed per destination group (after inclusions, pools and credits).
public struct UsageAggregate: Sendable, Hashable, Codable {
    public let group: String
    public let name: String
    public let count: Int
    /// Seconds for voice, messages for SMS.
    public let quantity: Int
    /// Exact sum of the rated amounts (ten-thousandths of a euro).
    public let amount: Money
    public let taxIncluded: Bool
    public let source: String

    public init(group: String, name: String, count: Int, quantity: Int, amount: Money, taxIncluded: Bool, source: String) {
        self.group = group; self.name = name; self.count = count; self.quantity = quantity; self.amount = amount; self.taxIncluded = taxIncluded; self.source = source
    }
}
