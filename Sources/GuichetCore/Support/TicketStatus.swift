/// TMF621 trouble-ticket statuses. `pending` is "waiting on the reporter": its time is not
/// counted by the SLA clocks (002 §1.a: the ticket waits for the operator's answer).
public enum TicketStatus: String, Codable, Sendable, CaseIterable {
    case acknowledged, inProgress, pending, resolved, closed

    /// "Ticket ouvert" in 002 §1.b: complements and status requests are accepted.
    public var isOpen: Bool { self == .acknowledged || self == .inProgress || self == .pending }
}

/// Where a ticket comes from, and so which rules apply to it.
public enum TicketFamily: String, Codable, Sendable, CaseIterable {
    /// A wholesale operator's report about a subscribed e-service (002).
    case eSoutien
    /// A Workplace Together Essentials incident at the Centre Support Client (004 §5, §12).
    case supportCentre
    /// A consumer's after-sales report: a fault, service restoration (001 CG 13, 003 CG 12.1).
    case afterSales
    /// A consumer complaint with its levels (001 CG 21, 003 CG 22.1).
    case complaint
}

/// How a ticket or a message reached us.
public enum TicketChannel: String, Codable, Sendable, CaseIterable {
    case portal, api, email, phone
    /// The urgent mailbox of 002 §5, honoured only while e-soutien is down.
    case fallbackEmail
}

/// The e-services whose incidents e-soutien takes (002 §1), each the catalog offering the
/// operator subscribes to.
public enum EService: String, Codable, Sendable, CaseIterable {
    case eligibiliteFTTE = "eligibilite-ftte"
    case eSAV = "e-sav"
    case fci

    public var offeringID: String { "e-service-\(rawValue)" }
    public var label: String {
        switch self {
        case .eligibiliteFTTE: "Éligibilité FTTE"
        case .eSAV: "e-SAV"
        case .fci: "FCI"
        }
    }
}

/// 002 §1.a: a malfunction or a request for support.
public enum ESoutienKind: String, Codable, Sendable, CaseIterable { case dysfonctionnement, demandeDeSoutien }

/// 004 §12 (SUP-5): the diagnosis says whose side the incident is on.
public enum ResponsibilityDomain: String, Codable, Sendable, CaseIterable { case provider, customer }

/// The complaint levels of 001 CG 21 and 003 CG 22.1: customer service, then the consumer
/// appeals service on the same grounds, then the mediator once internal remedies are exhausted.
public enum ComplaintLevel: Int, Codable, Sendable, CaseIterable, Comparable {
    case customerService = 1, consumerAppeals = 2, mediator = 3

    public static func < (a: ComplaintLevel, b: ComplaintLevel) -> Bool { a.rawValue < b.rawValue }

    public var label: String {
        switch self {
        case .customerService: "Service Clients"
        case .consumerAppeals: "Service Recours Consommateur / Service National Consommateur"
        case .mediator: "Médiateur des communications électroniques"
        }
    }

    /// The answer deadline in calendar months from receipt; the mediator's is its own.
    public var answerMonths: Int? { self == .mediator ? nil : 1 }
}
