extension Contract {
    /// 003 CG 5: the activation date the customer chose lies between the subscription and the limit its document gives.
    public func checkChosenActivation() throws(ContractError) {
        guard let chosen = chosenActivationDate, let (days, article) = family.terms.chosenActivationLimit else { return }
        let last = orderedOn.adding(days: days)
        guard chosen >= orderedOn, chosen <= last else {
            throw .invalid(field: "chosenActivationDate", reason: "\(chosen) is not between the subscription, \(orderedOn), and \(days) days after it, \(last) (\(article))")
        }
    }
}
