/// What the operator may do, and from when, when the customer does not pay or misuses the
/// service; each date with its rule.
extension Contract {
    public struct Step: Sendable, Codable, Hashable {
        public let measure: String
        /// The first day the measure may be taken.
        public let from: LocalDate
        public let billingContinues: Bool
        public let explanation: Explanation
    }

    /// Non-payment of an invoice due on `due`.
    /// - 001 CG 17 / 18.2: suspension from 10 days after the due date (after an unanswered reminder),
    ///   termination de plein droit from 30 days after it (after a formal notice to pay).
    /// - 003 CG 15 / 16.1: suspension after unheeded reminders once the invoice is due; termination
    ///   15 days after the suspension if the formal notice has no effect (D-CTR-7).
    /// - 004: no schedule in the document (§7.2 covers misuse only); the general terms apply.
    public func nonPaymentSteps(due: LocalDate) -> [Step] {
        switch family {
        case .livebox:
            return [
                Step(measure: "suspension", from: due.adding(days: 10), billingContinues: true, explanation: Explanation(
                    rule: "unpaid 10 days after the due date, after a reminder left unanswered", source: "001 CG 17",
                    inputs: ["due": due.description], result: "from \(due.adding(days: 10))")),
                Step(measure: "termination", from: due.adding(days: 30), billingContinues: false, explanation: Explanation(
                    rule: "unpaid 30 days after the due date, after a formal notice to pay", source: "001 CG 18.2",
                    inputs: ["due": due.description], result: "from \(due.adding(days: 30))")),
            ]
        case .mobileMayotte:
            let suspension = due.adding(days: 1)
            return [
                Step(measure: "suspension", from: suspension, billingContinues: true, explanation: Explanation(
                    rule: "unpaid at the due date after unheeded reminders; subscription fees remain due", source: "003 CG 15",
                    inputs: ["due": due.description], result: "from \(suspension)")),
                Step(measure: "termination", from: suspension.adding(days: 15), billingContinues: false, explanation: Explanation(
                    rule: "15 days after the suspension, the formal notice having had no effect (text: 'dix (15) jours', D-CTR-7)",
                    source: "003 CG 16.1", inputs: ["suspension": suspension.description], result: "from \(suspension.adding(days: 15))")),
            ]
        case .workplace, .assistance, .eServices:
            return []
        }
    }

    /// Misuse after a formal notice.
    /// - 004 §7.2: suspension once 2 business days (jours ouvrés) have passed after the registered letter's
    ///   receipt, or the deposit of the held-mail notice if earlier; billing continues; termination on a repeat
    ///   without a new notice.
    /// - 001 CG 17: suspension 5 days after the formal notice is presented.
    public func misuseSuspension(noticeReceived: LocalDate, heldMailNoticeDeposited: LocalDate? = nil, calendar: WorkCalendar) -> Step? {
        switch family {
        case .workplace:
            let start = min(noticeReceived, heldMailNoticeDeposited ?? noticeReceived)
            let period = calendar.deadline(2, .ouvres, after: start, rule: "2 business days after the notice", source: "004 §7.2 FU-4")
            let from = period.lastDay!.adding(days: 1)
            return Step(measure: "suspension", from: from, billingContinues: true, explanation: Explanation(
                rule: "formal notice (LRAR) without effect 2 business days after its receipt or the held-mail notice; the Service is still billed (FU-5)",
                source: "004 §7.2", inputs: ["counted from": start.description, "territory": calendar.territory.id],
                result: "from \(from)", steps: [period.explanation]))
        case .livebox:
            let from = noticeReceived.adding(days: 5)
            return Step(measure: "suspension", from: from, billingContinues: true, explanation: Explanation(
                rule: "formal notice without effect for 5 days", source: "001 CG 17", inputs: ["notice presented": noticeReceived.description],
                result: "from \(from)"))
        case .mobileMayotte, .assistance, .eServices:
            return nil
        }
    }

    /// 004 §9.1 DUR-3: the number of packs may never go below the initial order.
    public func checkPackCount(_ newQuantity: Int) throws(ContractError) {
        if newQuantity > Contract.maxQuantity {
            throw .invalid(field: "quantity", reason: "\(newQuantity) is not between 1 and \(Contract.maxQuantity) (D-SEC-8)")
        }
        guard family == .workplace, newQuantity < quantity else { return }
        throw .invalid(field: "quantity", reason: "\(newQuantity) packs is below the initial order of \(quantity) (004 §9.1 DUR-3)")
    }

    /// 004 §9.2 TER-4: cancelling before activation costs the activation and deployment fees.
    public func cancellationBeforeActivation(activationFee: Money?, deploymentFee: Money?) throws(ContractError) -> [TerminationQuote.Line] {
        guard state == .pendingActivation else { throw .illegalTransition(action: .cancel, from: state) }
        guard family == .workplace else { return [] }
        guard let activationFee, let deploymentFee else {
            throw .invalid(field: "fees", reason: "the activation and deployment fees are not in the catalog (004 gives no price); set them to quote a cancellation")
        }
        return [
            .init(label: "activation fees", amount: activationFee, explanation: Explanation(rule: "cancellation before activation", source: "004 §9.2 TER-4", result: activationFee.description)),
            .init(label: "deployment fees", amount: deploymentFee, explanation: Explanation(rule: "cancellation before activation", source: "004 §9.2 TER-4", result: deploymentFee.description)),
        ]
    }

    /// 000 art. 10: the right of withdrawal is waived once the customer accepted that the service
    /// be performed before the period ended.
    public func mayWithdraw(on day: LocalDate, executionConsentedOn: LocalDate?, calendar: WorkCalendar) throws(ContractError) {
        guard let deadline = withdrawalDeadline(calendar: calendar), let last = deadline.lastDay else {
            throw .invalid(field: "withdrawal", reason: "this contract has no right of withdrawal")
        }
        guard day <= last else { throw .outsideWithdrawalPeriod(lastDay: last) }
        if family == .assistance, let consented = executionConsentedOn, consented <= day {
            throw .invalid(field: "withdrawal", reason: "waived: the customer accepted the service's execution on \(consented) (000 art. 10)")
        }
    }
}
