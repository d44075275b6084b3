/// A dated consequence of a rule (issue 23): what must happen, to which resource, on which day, by which article, and
/// what became of it. Created, cancelled or superseded by the events that cause them; executed on their day by the
/// scheduler (`serve`) or `guichet run-due`.
public struct Obligation: Sendable, Codable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A termination request becomes the termination on its effective date.
        case terminate
        /// Watches: a remote-assistance callback not made by its 72-hour deadline (000 art. 3.2), a Mac request's
        /// feasibility not answered within 4 hours (000 art. 4.1), is recorded as missed on the request when its time comes.
        case callback, feasibilityAnswer
        /// A Workplace Together Essentials module's monthly fee revised by the index formula on the first day of its
        /// signature's anniversary month (004 §15.1), the next one scheduled with it.
        case revise
        /// 001 CG 6.3: a Livebox's equipment not returned a month after the termination (14 days after a withdrawal, CG 2)
        /// is claimed by a formal notice; that notice left without effect 7 days, the non-return fees are charged.
        case equipmentReturn, equipmentFees
        /// 001 CG 5.2: no date fixed for the technician's visit within three months of the subscription: the contract ends.
        case appointmentDeadline
        /// 004 §9.1 DUR-4: a Workplace term renewed tacitly for 12 months on the day it ends, the next renewal scheduled with it.
        case renew
        /// 001 CG 3, 003 CG 9: a deposit not paid on the day it was asked ends the contract that day; one held is refunded
        /// on its day (the proof received, asked back after 12 quiet months, the contract ended).
        case depositDue, depositRefund
        /// 001 CG 17, 004 §7.2: a formal notice for misuse left without effect: the service suspended on the first day the
        /// document allows, unless staff record the customer's compliance first.
        case misuseSuspension
        /// 001 CG 18.2: a suspended customer's formal notice left without effect 10 days: the contract terminated, with every
        /// other service of the customer, and the engagement's remaining fees due at once.
        case suspendedTermination
        /// 003 CG 16.1: a misuse suspension not cured within 15 days: the contract terminated.
        case misuseTermination
        /// 001 CG 2, 003 CG 4: a distance sale's subscription documents not received within 15 days: the customer reminded;
        /// still missing 8 days after the reminder, the contract suspended then terminated (D-CTR-14).
        case documentsReminder, documentsTermination
        /// 003 CG 6: a change of offer asked for a later day (the next billing day, or a day before it), made on that day.
        case offerChange
        /// 001 CG 6.3: the decoder returned complete and in good order, its deposit paid back (within 10 days).
        case decoderDepositRefund
        /// 001 Annexe 2: the TV on a connected TV, provided 24 months, stopped on their end (D-CTR-18).
        case optionEnd
        /// 001 CG 10.4, 003 CG 8: an advance paid set off against what the customer owes, after each month's invoices; what
        /// is left paid back once the contract's last invoice is paid (D-BILL-16).
        case advanceSetOff
        /// 001 Annexe 5 art. 5, 003 CS paiement 5: a merchant's subscription renewed at its anniversary, its term billed in
        /// advance, unless the subscriber ended it, its total reached the cap, or the payment solution is off (D-BILL-17).
        case merchantRenewal
        /// 003 CS-FB 4: a capped plan's annual payment schedule, sent at its subscription and each year after.
        case paymentSchedule
        /// 003 CG 5: a failed activation not resolved by its day: the customer told they may terminate; once they did, what
        /// they paid refunded within 30 days.
        case activationFailureDeadline, activationFailureRefund

        /// What goes on after the contract has ended instead of being superseded by its end: an advance held is set off
        /// until the last invoice, then paid back (001 CG 10.4, 003 CG 8).
        public var outlivesTheContract: Bool { self == .advanceSetOff }
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, done, cancelled, superseded, failed
    }

    public let id: String
    public let kind: Kind
    /// The resource it acts on (`contract:<id>`, `assistance:<id>`).
    public let resource: String
    /// The day it is due, in the resource's territory, and the instant that day begins there.
    public let dueOn: LocalDate
    public let dueAt: Instant
    /// Why, with the rule's article.
    public let explanation: Explanation
    public private(set) var state: State
    /// When it left `pending`, and what became of it (a failure's reason, what cancelled it).
    public private(set) var settledAt: Instant?
    public private(set) var outcome: String?

    public init(id: String, kind: Kind, resource: String, dueOn: LocalDate, dueAt: Instant, explanation: Explanation) {
        self.id = id; self.kind = kind; self.resource = resource; self.dueOn = dueOn; self.dueAt = dueAt; self.explanation = explanation
        state = .pending
    }

    /// The obligation settled as `state` at `at`; only a pending one settles.
    public func settled(_ state: State, at: Instant, outcome: String) -> Obligation? {
        guard self.state == .pending, state != .pending else { return nil }
        var o = self
        o.state = state; o.settledAt = at; o.outcome = outcome
        return o
    }
}
