import GuichetCore

/// The answers staff give a customer who moves house (001 CG 12, 18.1) or changes offer (003 CG 6, CS-FB 6), from the
/// contract's document: what the customer may do, and from which day.
extension ContractService {
    public func moving(_ id: String, on moveDate: LocalDate, requestedOn: LocalDate, to home: Contract.NewHome) async throws -> Contract.MovingOutcome {
        guard let c = try await contract(id) else { throw ContractServiceError.notFound(id) }
        return try c.moving(on: moveDate, requestedOn: requestedOn, to: home)
    }

    /// The day a change of offer asked on `requestedOn` applies; the next billing day is the 1st of the next month, when the
    /// bill run issues the month's invoice.
    public func offerChange(_ id: String, requestedOn: LocalDate, timing: Contract.OfferChangeTiming, toEngagementMonths months: Int) async throws
        -> ContractDeadlines.Dated {
        guard let c = try await contract(id) else { throw ContractServiceError.notFound(id) }
        // Any day has a next month's 1st (a billing period is bounded to the years invoices are issued in: not this question's).
        let (y, m, _) = requestedOn.adding(months: 1).components
        return try c.offerChange(requestedOn: requestedOn, nextBillingDay: try LocalDate(y, m, 1), timing: timing, toEngagementMonths: months)
    }
}
