import GuichetCore

/// The body of `POST /api/v1/contracts/{id}/quality-compensation` (001 CG 9.1, 9.2, 13; 003 CG 12.1): a month and its reported
/// periods, an interruption's report and restoration, or a Mayotte unavailability with the proof of presence; `refused`, the
/// cause not imputable to Orange that staff found (force majeure for 003).
struct QualityClaim: Decodable {
    let kind: ServiceQualityClaim.Kind
    let month: BillingPeriod?
    let periods: [ServiceQualityClaim.Span]?
    let reportedAt: Instant?
    let restoredAt: Instant?
    let since: Instant?
    let refused: String?
    /// 003 CG 12.1: how the customer shows they were in the incident's zone.
    let presence: String?

    func claim() throws(ContractError) -> ServiceQualityClaim {
        try ServiceQualityClaim(kind, month: month, periods: periods ?? [], reportedAt: reportedAt, restoredAt: restoredAt, since: since, presence: presence)
    }
}
