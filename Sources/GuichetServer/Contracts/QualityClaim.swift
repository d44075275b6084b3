import GuichetCore

/// The body of `POST /api/v1/contracts/{id}/quality-compensation` (001 CG 9.1, 9.2, 13): a month and its reported periods,
/// or an interruption's report and restoration; `refused`, the cause not imputable to Orange that staff found.
struct QualityClaim: Decodable {
    let kind: ServiceQualityClaim.Kind
    let month: BillingPeriod?
    let periods: [ServiceQualityClaim.Span]?
    let reportedAt: Instant?
    let restoredAt: Instant?
    let since: Instant?
    let refused: String?

    func claim() throws(ContractError) -> ServiceQualityClaim {
        try ServiceQualityClaim(kind, month: month, periods: periods ?? [], reportedAt: reportedAt, restoredAt: restoredAt, since: since)
    }
}
