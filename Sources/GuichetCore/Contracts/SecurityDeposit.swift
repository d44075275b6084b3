/// A security deposit (001 CG 3, 003 CG 9): asked within 48 hours of the contract's conclusion in the cases the document
/// lists; not paid on the day it is asked, the contract ends that day; refunded without interest, by transfer (or cheque
/// without bank details), a month at the latest after the missing proof in the first two cases, on request after twelve
/// months without a payment incident in the others, and, the documents being silent, when the contract ends (D-RUN-20).
public struct SecurityDeposit: Sendable, Codable, Hashable {
    /// The cases of 001 CG 3 (eight) and 003 CG 9.1 (ten: PREVENTEL and several contracts are 003's only).
    public enum Case: String, Sendable, Codable, CaseIterable {
        case noProofOfAddress, permitAddressDiffers, noChequeOrSEPAAccount, noPriorOrangeContract, noDirectDebit
        case unpaidPreviousContract, previousTerminatedForDocuments, prepaidBankAccount, preventel, multipleContracts

        /// The first two are refunded once the missing proof arrives; the others on request after 12 months without incident.
        public var refundedOnProof: Bool { self == .noProofOfAddress || self == .permitAddressDiffers }
    }

    public enum Step: String, Sendable, Codable, CaseIterable {
        /// Staff asked for it (reason, amount: the fiche tarifaire's, not in the contract).
        case requested
        /// Paid, on the day it was asked.
        case paid
        /// The missing proof of address or updated residence permit arrived.
        case proofReceived
        /// The customer asked for it back.
        case refundRequested
        /// Paid back (what the customer still owed kept in deduction).
        case refunded
    }

    public let reason: Case
    public let amount: Money
    public let requestedOn: LocalDate
    public internal(set) var paidOn: LocalDate?
    public internal(set) var proofOn: LocalDate?
    public internal(set) var refundRequestedOn: LocalDate?
    public internal(set) var refundedOn: LocalDate?
    /// What was paid back; the rest of `amount` was kept against sums due.
    public internal(set) var refunded: Money?
}

extension Contract {
    /// The last day a deposit may be asked: "jusque dans les quarante-huit (48) heures suivant la conclusion", the order
    /// day and the two after it (the order's hour is not kept, D-RUN-20). Nil for the contracts without deposits.
    public var depositRequestLastDay: LocalDate? { family.terms.depositCases.isEmpty ? nil : orderedOn.adding(days: 2) }

    /// Records a step of the deposit, refusing what the document or the deposit's state does not allow.
    public mutating func recordDeposit(_ step: SecurityDeposit.Step, on day: LocalDate, reason: SecurityDeposit.Case? = nil, amount: Money? = nil,
                                       refunded: Money? = nil) throws(ContractError) {
        let article = family.terms.depositArticle
        guard let lastDay = depositRequestLastDay else { throw .invalid(field: "deposit", reason: "this contract's document asks for no deposit") }
        if step == .requested {
            guard deposit == nil else { throw .invalid(field: "step", reason: "a deposit was asked already, on \(deposit!.requestedOn)") }
            guard !state.isFinal else { throw .illegalTransition(action: .requestTermination, from: state) }
            guard let reason, family.terms.depositCases.contains(reason) else {
                throw .invalid(field: "reason", reason: "one of \(family.terms.depositCases.map(\.rawValue).joined(separator: ", ")) (\(article))")
            }
            guard let amount, amount > .zero else { throw .invalid(field: "amount", reason: "a deposit is a positive amount (the fiche tarifaire's)") }
            guard day >= orderedOn, day <= lastDay else {
                throw .invalid(field: "on", reason: "a deposit is asked within 48 hours of the contract's conclusion, from \(orderedOn) to \(lastDay) (\(article))")
            }
            deposit = SecurityDeposit(reason: reason, amount: amount, requestedOn: day)
            return
        }
        guard var d = deposit else { throw .invalid(field: "step", reason: "no deposit was asked") }
        guard d.refundedOn == nil else { throw .invalid(field: "step", reason: "the deposit was refunded already, on \(d.refundedOn!)") }
        switch step {
        case .requested: return
        case .paid:
            guard d.paidOn == nil else { throw .invalid(field: "step", reason: "the deposit was paid already, on \(d.paidOn!)") }
            guard day == d.requestedOn, !state.isFinal else {
                throw .invalid(field: "on", reason: "a deposit is paid on the day it is asked, \(d.requestedOn); unpaid, the contract ended that day (\(article))")
            }
            d.paidOn = day
        case .proofReceived, .refundRequested:
            guard let paid = d.paidOn, day >= paid else { throw .invalid(field: "step", reason: "the deposit is not paid") }
            guard d.reason.refundedOnProof == (step == .proofReceived) else {
                throw .invalid(field: "step", reason: d.reason.refundedOnProof
                    ? "this deposit is refunded once the missing proof arrives (\(article))" : "this deposit is refunded on request after 12 months without a payment incident (\(article))")
            }
            guard d.proofOn == nil, d.refundRequestedOn == nil else { throw .invalid(field: "step", reason: "its refund is on its way") }
            if step == .proofReceived { d.proofOn = day } else { d.refundRequestedOn = day }
        case .refunded:
            guard d.paidOn != nil, let refunded, refunded >= .zero, refunded <= d.amount else { throw .invalid(field: "step", reason: "the deposit is not paid") }
            d.refundedOn = day; d.refunded = refunded
        }
        deposit = d
    }

    /// The day a deposit paid back on request is first due, and the last day it may be paid, with its rule; nil when the
    /// customer may not have it back yet (`lastPaymentIncident`: the latest dunning step on their invoices).
    /// - the missing proof received: at once, at the latest one month after it;
    /// - asked back after 12 months from the payment and the last incident: at once, within 10 days of the request.
    public func depositRefundDue(lastPaymentIncident: LocalDate?) -> (on: LocalDate, explanation: Explanation)? {
        guard let d = deposit, let paid = d.paidOn, d.refundedOn == nil else { return nil }
        let article = family.terms.depositArticle
        if let proof = d.proofOn {
            let last = proof.adding(months: 1)
            return (proof, Explanation(rule: "refund at the latest one month after the proof is provided", source: article,
                                       inputs: ["case": d.reason.rawValue, "proof": proof.description], result: "refund due by \(last)"))
        }
        guard let requested = d.refundRequestedOn else { return nil }
        let quietSince = max(paid, lastPaymentIncident ?? paid)
        let yearEnd = quietSince.adding(months: 12)
        guard yearEnd <= requested else { return nil }
        // 003 counts its 10 days from the twelve months' end, which a request on or after it can only follow: 10 days from the request.
        let last = requested.adding(days: 10)
        return (requested, Explanation(rule: "on request after 12 months without payment incident, paid within 10 days", source: article,
                                       inputs: ["case": d.reason.rawValue, "request": requested.description, "quiet since": quietSince.description],
                                       result: "refund due by \(last)"))
    }

    /// When a deposit still held comes back at the contract's end on `day`: 10 days after it (the documents' refund delay),
    /// what the customer still owes kept in deduction (D-RUN-20).
    public func depositRefundAtEnd(on day: LocalDate) -> (on: LocalDate, explanation: Explanation)? {
        guard let d = deposit, d.paidOn != nil, d.refundedOn == nil else { return nil }
        let on = day.adding(days: 10)
        return (on, Explanation(rule: "a deposit still held is refunded 10 days after the contract ends, sums still due kept in deduction",
                                source: "\(family.terms.depositArticle); D-RUN-20", inputs: ["ended": day.description, "amount": d.amount.description],
                                result: on.description))
    }
}
