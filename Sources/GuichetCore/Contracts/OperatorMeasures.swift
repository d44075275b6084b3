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

    /// Non-payment of an invoice due on `due`, by the contract's document: 001 CG 17 / 18.2, 003 CG 15 / 16.1; 004 has no
    /// schedule (§7.2 covers misuse only), the general terms apply. `suspendedOn`: the day the service was actually suspended
    /// for it, from which 003 counts the termination.
    public func nonPaymentSteps(due: LocalDate, suspendedOn: LocalDate? = nil) -> [Step] {
        family.terms.nonPaymentSteps(self, due: due, suspendedOn: suspendedOn)
    }

    /// What the operator's termination on `day` (for non-payment, or after a suspension) makes due at once (001 CG 18.2:
    /// the engagement's remaining fees); the other documents name none (003 CG 16.1).
    public func operatorTerminationCharges(on day: LocalDate) throws(ContractError) -> [TerminationQuote.Line] {
        try family.terms.operatorTerminationCharges(self, on: day)
    }

    /// Misuse after a formal notice, by the contract's document: 004 §7.2 (2 business days), 001 CG 17 (5 days).
    public func misuseSuspension(noticeReceived: LocalDate, heldMailNoticeDeposited: LocalDate? = nil, calendar: WorkCalendar) -> Step? {
        family.terms.misuseSuspension(self, noticeReceived: noticeReceived, heldMailNoticeDeposited: heldMailNoticeDeposited, calendar: calendar)
    }

    /// Termination of the service a misuse suspended on `suspendedOn`, without another notice (003 CG 16.1: 15 days after).
    public func misuseTermination(suspendedOn: LocalDate) -> Step? {
        family.terms.misuseTermination(self, suspendedOn: suspendedOn)
    }

    /// Termination of a suspended service after a formal notice, by the contract's document (001 CG 18.2: 10 days).
    public func suspendedTermination(noticeReceived: LocalDate) -> Step? {
        family.terms.suspendedTermination(self, noticeReceived: noticeReceived)
    }

    /// 000 art. 10: the right of withdrawal is waived once the customer accepted that the service
    /// be performed before the period ended.
    public func mayWithdraw(on day: LocalDate, executionConsentedOn: LocalDate?, calendar: WorkCalendar) throws(ContractError) {
        guard let deadline = withdrawalDeadline(calendar: calendar), let last = deadline.lastDay else {
            throw .invalid(field: "action", reason: distanceSale ? "this contract's document gives no right of withdrawal"
                                                                  : "a withdrawal follows a distance sale only, and this contract was not sold at a distance")
        }
        guard day <= last else { throw .outsideWithdrawalPeriod(lastDay: last) }
        if family.terms.withdrawalWaivedByExecution, let consented = executionConsentedOn, consented <= day {
            throw .invalid(field: "withdrawal", reason: "waived: the customer accepted the service's execution on \(consented) (000 art. 10)")
        }
    }
}
