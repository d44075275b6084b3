/// Equipment lent or rented with a contract, and what its non-return costs (001 CG 6.3).
public struct EquipmentReturn: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Livebox, recorder, fibre box (ONT), Wi-Fi repeater, Airbox 4G: the catalog's 100 € item.
        case box
        /// TV decoder: the catalog's 200 € item.
        case decoder
    }

    public let items: [Kind]
    /// What triggers the return: termination, withdrawal, change of equipment, offer or option.
    public let trigger: LocalDate
    public let afterWithdrawal: Bool

    public init(items: [Kind], trigger: LocalDate, afterWithdrawal: Bool) {
        self.items = items; self.trigger = trigger; self.afterWithdrawal = afterWithdrawal
    }

    /// The return deadline: 14 days after a withdrawal (001 CG 2), one month otherwise (001 CG 6.3).
    public var dueBy: ContractDeadlines.Dated {
        afterWithdrawal
            ? .init(date: trigger.adding(days: 14), explanation: Explanation(rule: "return within 14 days after the withdrawal", source: "001 CG 2",
                                                                                inputs: ["withdrawal": trigger.description], result: "\(trigger.adding(days: 14))"))
            : .init(date: trigger.adding(months: 1), explanation: Explanation(rule: "return within one month", source: "001 CG 6.3",
                                                                                 inputs: ["trigger": trigger.description], result: "\(trigger.adding(months: 1))"))
    }

    /// The items an offering lends (its specification's `box` and `decoder`; the document's other 100 € items, recorder,
    /// fibre box, repeater and Airbox, are not in the catalog's characteristics, D-RUN-11).
    public static func items(lent characteristics: [ProductSpecification.Characteristic]) -> [Kind] {
        Kind.allCases.filter { kind in characteristics.contains { $0.name == kind.rawValue } }
    }

    /// Non-return fees, due once a formal notice presented on `noticePresented` has had no effect for 7 days: from the day
    /// after the seventh (a period ends at midnight on its last day, D-CAL-6); `box` and `decoder` amounts come from the catalog.
    public func nonReturnFees(noticePresented: LocalDate, box: Money, decoder: Money) -> (from: LocalDate, line: TerminationQuote.Line) {
        let boxes = Int64(items.filter { $0 == .box }.count), decoders = Int64(items.filter { $0 == .decoder }.count)
        let amount = box * boxes + decoder * decoders
        let from = noticePresented.adding(days: 8)
        return (from, .init(label: "equipment not returned", amount: amount, explanation: Explanation(
            rule: "per item not returned after the return deadline and a formal notice without effect for 7 days", source: "001 CG 6.3",
            inputs: ["boxes": "\(boxes) × \(box)", "decoders": "\(decoders) × \(decoder)", "notice presented": noticePresented.description],
            result: "\(box) × \(boxes) + \(decoder) × \(decoders) = \(amount), due from \(from)")))
    }
}

/// The security deposit of 001 CG 3: when it may be asked and when it is refunded.
public struct SecurityDeposit: Sendable, Hashable {
    /// The cases of 001 CG 3 (D1–D8 in the spec).
    public enum Case: String, Sendable, Codable, CaseIterable {
        case noProofOfAddress, permitAddressDiffers, noChequeOrSEPAAccount, noPriorOrangeContract, noDirectDebit
        case unpaidPreviousContract, previousTerminatedForDocuments, prepaidBankAccount

        /// D1 and D2 are refunded once the missing proof arrives; the others after 12 months without incident.
        var refundedOnProof: Bool { self == .noProofOfAddress || self == .permitAddressDiffers }
    }

    public let reason: Case
    public let contractConcludedAt: Instant

    public init(reason: Case, contractConcludedAt: Instant) { self.reason = reason; self.contractConcludedAt = contractConcludedAt }

    /// Orange may ask for the deposit up to 48 hours after the contract is concluded.
    public var requestWindowEnd: Instant { contractConcludedAt.adding(seconds: 48 * 3600) }

    /// When the refund is due: one month after the proof (D1, D2); 10 days after the customer's request
    /// made after 12 months without payment incident (D3–D8). Nil when not yet refundable.
    public func refundDue(proofReceived: LocalDate? = nil, requestedOn: LocalDate? = nil, depositPaidOn: LocalDate,
                          lastPaymentIncident: LocalDate? = nil) -> ContractDeadlines.Dated? {
        if reason.refundedOnProof {
            guard let proof = proofReceived else { return nil }
            let due = proof.adding(months: 1)
            return .init(date: due, explanation: Explanation(rule: "refund at the latest one month after the proof is provided", source: "001 CG 3",
                                                             inputs: ["case": reason.rawValue, "proof": proof.description], result: "\(due)"))
        }
        guard let requested = requestedOn else { return nil }
        let quietSince = max(depositPaidOn, lastPaymentIncident ?? depositPaidOn)
        guard quietSince.adding(months: 12) <= requested else { return nil }
        let due = requested.adding(days: 10)
        return .init(date: due, explanation: Explanation(rule: "on request after 12 months without payment incident, paid within 10 days", source: "001 CG 3",
                                                         inputs: ["case": reason.rawValue, "request": requested.description, "quiet since": quietSince.description],
                                                         result: "\(due)"))
    }
}

/// 004 §2.5: every infrastructure element "can be used rented or purchased".
public enum EquipmentMode: String, Sendable, Codable, CaseIterable { case rental, purchase }

extension Contract {
    /// 001 CG 6.3 and CG 2: the return of a Livebox's `items` that its termination or withdrawal on `day` makes due, once it
    /// was activated (the equipment is delivered for it); nil for any other change or contract (004's rented equipment is
    /// returned through the business space, §9.2 TER-5).
    public func equipmentReturn(after action: ContractAction, on day: LocalDate, items: [EquipmentReturn.Kind]) -> EquipmentReturn? {
        guard family == .livebox, activatedOn != nil, action == .terminate || action == .withdraw, !items.isEmpty, equipmentReturnedOn == nil else { return nil }
        return EquipmentReturn(items: items, trigger: day, afterWithdrawal: action == .withdraw)
    }

    /// For an equipment line: rented (its rental is the monthly fee) rather than bought.
    public var isRental: Bool { monthlyFee != nil }
}

extension ProductOffering {
    /// Phones, DECT bases and handsets, ATA boxes: what is rented or bought (004 §2.5).
    public var isEquipment: Bool { category.hasSuffix("/equipment") }

    /// Installations, coaching, trainings, a site's deployment: ordered once and billed once delivered (004 §4.4: "toute
    /// commande … fera l'objet d'une mise en facturation").
    public var isOneOffService: Bool { category.hasSuffix("/service") }
}
