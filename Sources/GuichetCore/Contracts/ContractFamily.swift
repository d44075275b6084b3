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
}

/// Legitimate reasons for termination without fee (001 CG 18.1; 003 CG 16.2.2, L.224-33).
public enum LegitimateReason: String, Sendable, Codable, CaseIterable {
    case dismissal, movingWhereUnavailable, movingAbroad, illnessOrDisability, imprisonment, death, deathOfRelative
    case forceMajeure, overIndebtedness, guardianship, priceIncrease, contractModification
    /// 001 CG 7.3: still no access to the service four weeks after it should have been put into service.
    case noAccessAfterFourWeeks
    /// 003 CG 16.2.2: « liste non limitative »: a reason staff grant, with its justification.
    case other
}
