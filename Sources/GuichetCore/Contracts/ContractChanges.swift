/// Moving house, changes of offer and consumption advances.
extension Contract {
    public enum NewHome: String, Sendable, Codable, CaseIterable { case fibreEligible, xdslOnly, unavailable, abroad }

    public struct MovingOutcome: Sendable, Codable, Hashable {
        public let options: [String]
        /// Termination without fee is open to the customer.
        public let freeTermination: Bool
        public let explanation: Explanation
    }

    /// 001 CG 12 and 18.1: moving within Antilles-Guyane keeps the contract and its remaining engagement;
    /// a home without service, or a long move abroad, is a legitimate reason when asked within 15 days
    /// of the move (abroad: no delay stated).
    public func moving(on moveDate: LocalDate, requestedOn: LocalDate, to home: NewHome) throws(ContractError) -> MovingOutcome {
        guard family.terms.movingRules else { throw .invalid(field: "family", reason: "moving rules are 001's (CG 12)") }
        let remaining = engagementEnd.map { "remaining engagement until \($0)" } ?? "no engagement"
        switch home {
        case .fibreEligible:
            return MovingOutcome(options: ["transfer to a fibre offer with express consent, \(remaining)"], freeTermination: false,
                                 explanation: Explanation(rule: "fibre-eligible new home: a fibre offer replaces the Internet offer", source: "001 CG 12", result: remaining))
        case .xdslOnly:
            return MovingOutcome(options: ["subscribe a marketed xDSL offer", "terminate without fees"], freeTermination: true,
                                 explanation: Explanation(rule: "Orange cannot bring fibre: xDSL offer or termination without fees", source: "001 CG 12", result: "customer's choice"))
        case .unavailable:
            let limit = moveDate.adding(days: 15)
            let inTime = requestedOn <= limit
            return MovingOutcome(options: inTime ? ["terminate without fees (legitimate reason)"] : ["terminate with the usual fees"], freeTermination: inTime,
                                 explanation: Explanation(rule: "moving to a home without service: legitimate reason if asked within 15 days of the move",
                                                          source: "001 CG 18.1", inputs: ["move": moveDate.description, "request": requestedOn.description],
                                                          result: inTime ? "asked by \(limit): no fee" : "asked after \(limit): fees apply"))
        case .abroad:
            return MovingOutcome(options: ["terminate without fees (legitimate reason)"], freeTermination: true,
                                 explanation: Explanation(rule: "long-term move abroad: legitimate reason", source: "001 CG 18.1", result: "no fee"))
        }
    }

    public enum OfferChangeTiming: Sendable, Hashable { case immediately, nextBillingDay, on(LocalDate) }

    /// 003 CG 6: the customer chooses when a change of offer applies — now, on the next billing
    /// day, or any day in between; CS-FB 6: a committed plan moves to one without commitment only
    /// at the end of the commitment.
    public func offerChange(requestedOn: LocalDate, nextBillingDay: LocalDate, timing: OfferChangeTiming,
                            toEngagementMonths newEngagement: Int) throws(ContractError) -> ContractDeadlines.Dated {
        guard family.terms.offerChangeRules else { throw .invalid(field: "family", reason: "offer-change rules here are 003's (CG 6)") }
        if newEngagement == 0, engagementMonths > 0, let end = engagementEnd, requestedOn < end {
            throw .invalid(field: "offer", reason: "a committed plan moves to one without commitment only at the end of the commitment (\(end)) (003 CS-FB 6)")
        }
        let day: LocalDate
        switch timing {
        case .immediately: day = requestedOn
        case .nextBillingDay: day = nextBillingDay
        case .on(let d):
            guard d >= requestedOn && d <= nextBillingDay else {
                throw .invalid(field: "date", reason: "\(d) is not between the request (\(requestedOn)) and the next billing day (\(nextBillingDay)) (003 CG 6)")
            }
            day = d
        }
        return .init(date: day, explanation: Explanation(rule: "change of offer on the day the customer chose; the credit of the old forfait is lost",
                                                         source: "003 CG 6", inputs: ["request": requestedOn.description, "next billing day": nextBillingDay.description],
                                                         result: "\(day)"))
    }
}
