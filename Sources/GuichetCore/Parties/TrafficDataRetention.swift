/// How long usage records (traffic data) are kept. CPCE L34-1 II allows keeping them, for billing,
/// only until an invoice can no longer be contested nor its payment claimed: one year (CPCE L34-2;
/// 003 CG 7.1). A month is invoiced the day after it ends and falls due within the following month;
/// its records go one year later: month P is purged on the first day of P + 14 months (D-PRIV-2).
public enum TrafficDataRetention {
    public static let monthsKept = 14
    /// Billing periods start in 2000: nothing older exists to purge.
    static let earliest = try! BillingPeriod(year: 2000, month: 1)

    /// The oldest month whose records are still kept on `day`: on 1 July 2026, May 2025 is purged
    /// and June 2025 is kept.
    public static func firstKeptPeriod(on day: LocalDate) -> (period: BillingPeriod, explanation: Explanation) {
        var period = earliest
        if day >= earliest.first.adding(months: monthsKept - 1) {
            let kept = day.adding(months: -(monthsKept - 1)).components
            period = (try? BillingPeriod(year: kept.year, month: kept.month)) ?? earliest
        }
        return (period, Explanation(
            rule: "traffic data kept one year after the invoice of its month fell due: month P purged on the first day of P + 14 months",
            source: "CPCE L34-1 II, L34-2; 003 CG 7.1; D-PRIV-2", inputs: ["on": day.description], result: "months before \(period) purged"))
    }
}
