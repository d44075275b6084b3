/// 001 CG 2, 003 CG 4: a contract subscribed at a distance is backed by copies of its subscription documents (identity,
/// bank details, and what was asked) sent within 15 days of its conclusion; not sent, the customer is reminded, and 8 days
/// after the reminder the contract is suspended then terminated, without indemnity, its fees due until then (D-CTR-14).
extension Contract {
    /// The reminder's day, the day after the 15 days from the conclusion (the order); nil when the contract was not sold at
    /// a distance, its document asks for no copies, or they came.
    public var documentsReminder: Step? {
        guard distanceSale, subscriptionDocumentsOn == nil, let article = family.terms.distanceSaleDocumentsArticle else { return nil }
        let from = orderedOn.adding(days: 15 + 1)
        return Step(measure: "reminder", from: from, billingContinues: true, explanation: Explanation(
            rule: "copies of the subscription documents not received within 15 days of the conclusion: the customer reminded the day after",
            source: article, inputs: ["concluded": orderedOn.description], result: from.description))
    }

    /// The suspension and termination 8 days after the reminder sent on `remindedOn`.
    public func documentsTermination(remindedOn: LocalDate) -> Step? {
        guard let article = family.terms.distanceSaleDocumentsArticle else { return nil }
        let from = remindedOn.adding(days: 8)
        return Step(measure: "termination", from: from, billingContinues: true, explanation: Explanation(
            rule: "copies still missing 8 days after the reminder: the contract suspended then terminated, without indemnity, fees due until then",
            source: article, inputs: ["reminded": remindedOn.description], result: from.description))
    }

    /// Records the copies' receipt on `day`, once, for a distance sale that asks for them, between the order and today.
    public mutating func recordDocumentsReceived(on day: LocalDate) throws(ContractError) {
        guard distanceSale, let article = family.terms.distanceSaleDocumentsArticle else {
            throw .invalid(field: "contract", reason: "only a distance sale of a contract whose document asks for copies (001 CG 2, 003 CG 4) awaits them")
        }
        if let received = subscriptionDocumentsOn { throw .invalid(field: "documents", reason: "received already, on \(received)") }
        guard day >= orderedOn else { throw .invalid(field: "receivedOn", reason: "\(day) is before the order, \(orderedOn) (\(article))") }
        subscriptionDocumentsOn = day
    }
}
