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

/// An item returned « en mauvais état de fonctionnement » or incomplete (001 CG 6.3): a box's repair cost, as the repair
/// shop quoted it; a decoder's is the document's flat amount.
public struct FaultyItem: Sendable, Hashable, Codable {
    public let item: EquipmentReturn.Kind
    public let repairCost: Money?

    public init(item: EquipmentReturn.Kind, repairCost: Money? = nil) { self.item = item; self.repairCost = repairCost }
}

extension EquipmentReturn {
    /// 001 CG 6.3: what items returned damaged or incomplete owe — a box its repair cost « dans la limite de cent euros
    /// (100 €) », a decoder « deux cents euros (200 €) » (`boxCap` and `decoder` from the catalog). Nil when none is faulty.
    public func faultyReturnCharge(_ faulty: [FaultyItem], boxCap: Money, decoder: Money) throws(ContractError) -> TerminationQuote.Line? {
        guard !faulty.isEmpty else { return nil }
        for kind in EquipmentReturn.Kind.allCases where faulty.count(where: { $0.item == kind }) > items.count(where: { $0 == kind }) {
            throw .invalid(field: "faulty", reason: "more faulty \(kind.rawValue) items than the \(items.count(where: { $0 == kind })) lent")
        }
        var amount = Money.zero, steps: [Explanation] = []
        for f in faulty {
            switch f.item {
            case .box:
                guard let cost = f.repairCost, cost > .zero else {
                    throw .invalid(field: "repairCost", reason: "a faulty box is charged its repair cost, up to \(boxCap) (001 CG 6.3): give it")
                }
                let owed = min(cost, boxCap)
                amount = amount + owed
                steps.append(Explanation(rule: "repair cost, within the limit of 100 €", source: "001 CG 6.3",
                                         inputs: ["repair cost": cost.description, "limit": boxCap.description], result: owed.description))
            case .decoder:
                if f.repairCost != nil { throw .invalid(field: "repairCost", reason: "a faulty decoder is charged \(decoder) whatever its repair (001 CG 6.3)") }
                amount = amount + decoder
                steps.append(Explanation(rule: "a decoder returned damaged or incomplete", source: "001 CG 6.3", result: decoder.description))
            }
        }
        return .init(label: "equipment returned damaged or incomplete", amount: amount, explanation: Explanation(
            rule: "each item returned in bad working order or incomplete", source: "001 CG 6.3",
            inputs: ["items": faulty.map(\.item.rawValue).joined(separator: ", ")], result: amount.description, steps: steps))
    }
}

/// 004 §2.5: every infrastructure element "can be used rented or purchased".
public enum EquipmentMode: String, Sendable, Codable, CaseIterable { case rental, purchase }

extension Contract {
    /// 001 CG 6.3 and CG 2: the return of a Livebox's `items` that its termination or withdrawal on `day` makes due, once it
    /// was activated (the equipment is delivered for it); nil for any other change or contract (004's rented equipment is
    /// returned through the business space, §9.2 TER-5).
    public func equipmentReturn(after action: ContractAction, on day: LocalDate, items: [EquipmentReturn.Kind]) -> EquipmentReturn? {
        guard family.terms.lendsEquipment, activatedOn != nil, action == .terminate || action == .withdraw, !items.isEmpty, equipmentReturnedOn == nil else { return nil }
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
