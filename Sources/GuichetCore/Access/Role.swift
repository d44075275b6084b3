/// Who a signed-in person is to the operator. Customers, business administrators and
/// wholesale operators' users act for one customer (their tenant); the operator's staff
/// act for the operator.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case customer
    case businessAdmin
    case wholesaleOperator
    case supportAgent
    case billingAgent
    case operatorAdmin

    /// The label the portal shows (the portal is in French).
    public var label: String {
        switch self {
        case .customer: "Client"
        case .businessAdmin: "Administrateur entreprise"
        case .wholesaleOperator: "Opérateur (e-soutien)"
        case .supportAgent: "Agent support"
        case .billingAgent: "Agent facturation"
        case .operatorAdmin: "Administrateur opérateur"
        }
    }

    /// A tenant role acts for one customer only; staff roles for the operator.
    public var isTenant: Bool {
        switch self {
        case .customer, .businessAdmin, .wholesaleOperator: true
        case .supportAgent, .billingAgent, .operatorAdmin: false
        }
    }

    /// The staff areas this role may read and change. Tenants have none: they see their own
    /// customer's data through their space (and operators through e-soutien), never the staff APIs.
    public var grants: [Area: AccessLevel] {
        switch self {
        case .customer, .businessAdmin, .wholesaleOperator: [:]
        case .supportAgent: [.customers: .read, .usage: .read, .support: .write]
        case .billingAgent: [.customers: .read, .usage: .write, .billing: .write, .support: .read]
        case .operatorAdmin: Dictionary(uniqueKeysWithValues: Area.allCases.map { ($0, .write) })
        }
    }
}

/// The parts of the back office, as the staff APIs and pages are grouped.
public enum Area: String, Sendable, Codable, CaseIterable, Hashable {
    /// Customers, contracts, lines, numbers, SDA, porting.
    case customers
    /// Catalog imports and revisions (reading the catalog is public).
    case catalog
    /// Usage records, quarantine, alerts, re-rating.
    case usage
    /// Bill runs, invoices, payments, dunning.
    case billing
    /// Tickets, remote assistance, outages, maintenance, inbound mail.
    case support
    /// Users, API tokens, operators' access keys, the audit log, the outbox.
    case administration
}

public enum AccessLevel: Int, Sendable, Codable, Comparable {
    case read = 1
    case write = 2

    public static func < (a: AccessLevel, b: AccessLevel) -> Bool { a.rawValue < b.rawValue }
}
