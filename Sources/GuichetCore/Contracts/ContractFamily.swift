/// The contract families of the seed documents, each with its own rules.
public enum ContractFamily: String, Sendable, Codable, CaseIterable {
    /// 001 Livebox Antilles-Guyane.
    case livebox
    /// 003 mobile Mayotte.
    case mobileMayotte
    /// 004 Workplace Together Essentials.
    case workplace
    /// 000 remote PC assistance (no engagement).
    case assistance
    /// 002 wholesale e-services, whose incidents operators report in e-soutien (free, no engagement).
    case eServices

    public var document: String {
        switch self {
        case .livebox: "001"
        case .mobileMayotte: "003"
        case .workplace: "004"
        case .assistance: "000"
        case .eServices: "002"
        }
    }

    /// The reasons the document lists for terminating during the engagement without fee.
    public var legitimateReasons: [LegitimateReason] {
        switch self {
        case .livebox: [.dismissal, .movingWhereUnavailable, .movingAbroad, .illnessOrDisability, .imprisonment, .death,
                        .deathOfRelative, .forceMajeure, .overIndebtedness, .guardianship, .priceIncrease]
        case .mobileMayotte: [.dismissal, .overIndebtedness, .movingWhereUnavailable, .movingAbroad, .illnessOrDisability,
                              .imprisonment, .death, .deathOfRelative, .forceMajeure, .contractModification]
        case .workplace, .assistance, .eServices: []
        }
    }

    /// The article listing the legitimate reasons.
    public var reasonsArticle: String {
        switch self {
        case .livebox: "001 CG 18.1"
        case .mobileMayotte: "003 CG 16.2.2"
        case .workplace: "004 §9.2"
        case .assistance: "000 art. 10"
        case .eServices: "002 (no engagement)"
        }
    }
}

/// Legitimate reasons for termination without fee (001 CG 18.1; 003 CG 16.2.2, L.224-33).
public enum LegitimateReason: String, Sendable, Codable, CaseIterable {
    case dismissal, movingWhereUnavailable, movingAbroad, illnessOrDisability, imprisonment, death, deathOfRelative
    case forceMajeure, overIndebtedness, guardianship, priceIncrease, contractModification
}
