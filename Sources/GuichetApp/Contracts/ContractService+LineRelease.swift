import GuichetCore
import GuichetStore

/// What a contract's end releases (issue 23), in the transaction that ends it: its lines end that day (usage after it is
/// no longer rated to it; the number may serve another contract), and the SDA numbers of a customer whose last Workplace
/// contract ends go back to stock for their quarantine (004 §4.4, D-RUN-18).
extension ContractService {
    /// `lines`: the contract's lines when they were read ahead (`Snapshot`).
    package func releases(_ c: Contract, ending action: ContractAction, on day: LocalDate, executing o: Obligation?, lines known: [ServiceLine]? = nil,
                          at now: Instant) async throws -> [(event: NewEvent, row: StateRow)] {
        let why: String
        if let o, c.terminationRequest?.portOut == true {
            why = "number ported out on \(day) (\(o.explanation.source))"
        } else {
            why = "contract \(action == .terminate ? "terminated" : action == .cancel ? "cancelled" : "withdrawn") on \(day)"
        }
        let read = if let known { known } else { try await LineDirectory.lines(of: c.id, in: store) }
        let lines = try LineDirectory.ending(read, on: day, because: why, at: now)
        guard c.family.terms.packs,
              try await !contracts(of: c.customerID).contains(where: { $0.id != c.id && $0.family.terms.packs && !$0.state.isFinal })
        else { return lines }
        return try await lines + SDAService.returning(customer: c.customerID, on: day, in: store, at: now)
    }

    /// 001 Annexe 3 art. 2.4: a contract withdrawn while a port-in for it is pending — each such request marked in the
    /// withdrawal's transaction, so that the donor's confirmation cancels it whatever the day, or, the porting going on,
    /// its number goes to quarantine (D-NUM-9).
    package func portInsWithdrawn(_ contractID: String, on day: LocalDate, at now: Instant) async throws -> [(event: NewEvent, row: StateRow)] {
        var query = StateQuery(search: contractID, limit: 20)
        query.oneOf = ["state": PortingRepository.open.map(\.rawValue)]
        query.totalWanted = false
        return try await PortingRepository(store: store, territories: territories).page(query).items.filter { $0.contractID == contractID }.map { s in
            var marked = s
            marked.contractWithdrawnOn = day
            let event = try NewEvent(stream: PortingRepository.stream(s.id), type: PortingRepository.withdrawnType,
                                     payload: try StoredJSON.text(PortingRepository.Withdrawn(on: day)), recordedAt: now)
            return (event, try PortingRepository.row(marked))
        }
    }
}
