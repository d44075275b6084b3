/// 003 CG 5: « En cas d'échec de la mise en service de la ligne, le Client bénéficie d'un délai de sept (7) jours ouvrés à
/// compter de la date d'enregistrement de la souscription […] pour faire état de ce dysfonctionnement à son Service Client.
/// Orange dispose alors d'un délai d'un mois à compter du signalement du Client, pour résoudre le dysfonctionnement. Si le
/// Client accepte un délai supplémentaire, il conserve sa faculté de résilier le Contrat dans l'hypothèse où ce nouveau délai
/// ne peut être respecté. » Then « Orange rembourse le Client de la totalité des sommes versées au plus tard dans les trente
/// (30) jours suivant la date à laquelle ce droit a été exercé » (D-CTR-22).
public struct ActivationFailure: Sendable, Codable, Hashable {
    public let reportedOn: LocalDate
    /// The day by which Orange resolves it: a month after the report, or the later day the customer accepted.
    public internal(set) var resolveBy: LocalDate
    public internal(set) var resolvedOn: LocalDate?
    /// The day the customer terminated for it.
    public internal(set) var terminatedOn: LocalDate?
    /// What was paid back, once it was.
    public internal(set) var refunded: Money?

    /// `lapsed`: the day to resolve it passed (the customer told); `refunded`: what they paid given back.
    public enum Step: String, Sendable, Codable, CaseIterable { case reported, extended, resolved, terminated, lapsed, refunded }

    /// The terms of CG 5: the report's 7 jours ouvrés, the month to resolve, the 30 days to refund.
    public static let reportDays = 7, refundDays = 30
}

extension Contract {
    /// Records a step of the activation failure on `day` (`until`: the later day the customer accepts, for `extended`;
    /// `amount`: what was paid back, for `refunded`).
    public mutating func recordActivationFailure(_ step: ActivationFailure.Step, on day: LocalDate, until: LocalDate? = nil, amount: Money? = nil,
                                                 calendar: WorkCalendar?) throws(ContractError) {
        guard let article = family.terms.activationFailureArticle else {
            throw .invalid(field: "contract", reason: "this contract's document provides no procedure for a failed activation")
        }
        switch step {
        case .reported:
            guard activationFailure == nil else { throw .invalid(field: "step", reason: "the failure was reported on \(activationFailure!.reportedOn) already") }
            guard state == .pendingActivation || state == .active else { throw .invalid(field: "contract", reason: "the contract is \(state.rawValue)") }
            // A stored report is not checked again (`calendar` nil): it was in time when it was recorded.
            if let limit = calendar?.adding(ActivationFailure.reportDays, .ouvres, after: orderedOn), day > limit {
                throw .invalid(field: "on", reason: "\(day) is after the 7 jours ouvrés from the subscription, \(limit) (\(article))")
            }
            activationFailure = ActivationFailure(reportedOn: day, resolveBy: day.adding(months: 1))
        case .refunded:
            guard var f = activationFailure, f.terminatedOn != nil, f.refunded == nil, let amount else {
                throw .invalid(field: "step", reason: "nothing to refund: the contract was not terminated for its failed activation")
            }
            f.refunded = amount
            activationFailure = f
        case .extended, .resolved, .terminated, .lapsed:
            guard var f = activationFailure, f.resolvedOn == nil, f.terminatedOn == nil else {
                throw .invalid(field: "step", reason: "no failed activation is open on this contract")
            }
            switch step {
            case .extended:
                guard let until, until > f.resolveBy else { throw .invalid(field: "until", reason: "the new delay ends after \(f.resolveBy)") }
                f.resolveBy = until
            case .resolved: f.resolvedOn = day
            case .lapsed: guard day > f.resolveBy else { throw .invalid(field: "on", reason: "Orange has until \(f.resolveBy)") }
            default:
                guard day > f.resolveBy else {
                    throw .invalid(field: "step", reason: "Orange has until \(f.resolveBy) to resolve the failure: the termination is open from the day after (\(article))")
                }
                f.terminatedOn = day
            }
            activationFailure = f
        }
    }
}
