/// 004 §9.1 DUR-4: "à l'issue de la durée d'engagement, le Service sera prorogé automatiquement par périodes successives de
/// douze (12) mois par tacite reconduction".
extension Contract {
    /// The end of the term in force: the engagement's, moved 12 months by each renewal.
    public var termEnd: LocalDate? { engagementEnd.map { $0.adding(months: (family.terms.renewalMonths ?? 0) * (renewals ?? 0)) } }

    /// The day the term in force is renewed, for the contracts renewed tacitly (004 packs with a term); nil otherwise.
    public var renewalDay: LocalDate? { family.terms.renewalMonths != nil && engagementMonths > 0 && !state.isFinal ? termEnd : nil }

    /// Records the tacit renewal of the term ending on `day`.
    public mutating func renew(on day: LocalDate) throws(ContractError) {
        guard let due = renewalDay, due == day else {
            throw .invalid(field: "renewal", reason: "the term in force ends on \(termEnd.map(\.description) ?? "no day"), not \(day)")
        }
        renewals = (renewals ?? 0) + 1
    }
}
