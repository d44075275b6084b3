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

    func claim() throws(TMFError) -> ServiceQualityClaim {
        switch kind {
        case .availability, .downlink:
            guard let month else { throw .badParameter("month", "the month claimed for, YYYY-MM") }
            guard let periods, !periods.isEmpty else { throw .badParameter("periods", "the reported periods, each {from, until}") }
            return kind == .availability ? .availability(month: month, outages: periods) : .downlink(month: month, belowMinimum: periods)
        case .restoration:
            guard let reportedAt else { throw .badParameter("reportedAt", "when the customer reported the interruption") }
            guard let restoredAt else { throw .badParameter("restoredAt", "when the service was restored") }
            return .restoration(reportedAt: reportedAt, restoredAt: restoredAt, since: since)
        }
    }
}
