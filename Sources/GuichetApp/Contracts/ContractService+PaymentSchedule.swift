import GuichetCore
import GuichetStore

/// 003 CS-FB 4 on its days: the annual payment schedule sent when a capped plan is subscribed, then each year after, while
/// the contract runs on a capped plan (D-RAT-12).
extension ContractService {
    /// The schedule due on `day` for a capped plan; nil for any other contract.
    package func scheduledPaymentSchedule(_ c: Contract, on day: LocalDate) -> Obligation? {
        guard c.isCappedPlan else { return nil }
        return due(.paymentSchedule, of: c, on: day, Explanation(rule: "the annual payment schedule of a capped plan, then each year", source: "003 CS-FB 4",
                                                              inputs: ["subscribed": c.orderedOn.description], result: day.description))
    }

    /// Executes the schedule: the twelve months from its day with the fee each bills, by e-mail or a letter, and the next year's
    /// scheduled, in one transaction; nil when another executor got there first.
    package func sendPaymentSchedule(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id) else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        guard c.isCappedPlan, !c.state.isFinal, let fee = c.fee(on: o.dueOn)?.amount else {
            return try await settle(o, as: .superseded, outcome: "the contract is \(c.state.rawValue) on \(c.offeringID)", at: now)
        }
        let start = o.dueOn.firstOfMonth
        let months = (0..<12).map { i in
            let m = start.adding(months: i)
            return (month: RatingContext.period(m), fee: c.fee(on: m)?.amount ?? fee)
        }
        let notice = try await notice(c, on: o.dueOn, at: now) { MailTemplates.paymentSchedule(c, months: months, to: $0) }
        guard let done = o.settled(.done, at: now, outcome: "schedule \(months[0].month)–\(months[11].month) \(notice.sent)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-payment-schedule", key: "\(id)@\(o.dueOn)", fingerprint: "sent")
        return try await record(&c, .paymentSchedule, key: key, settling: [done], scheduling: [scheduledPaymentSchedule(c, on: o.dueOn.adding(months: 12))].compactMap { $0 },
                                events: notice.mail, rows: notice.letter, at: now, payload: {
            ContractRepository.NoticeStep(on: o.dueOn, next: $0)
        }) ? done : nil
    }
}
