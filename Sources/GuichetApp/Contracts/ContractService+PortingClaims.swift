import GuichetCore
import GuichetStore

/// The compensations a porting owes, on the customer's request (001 Annexe 3 art. 4: "sur demande"; 003 CG 19.2: claimed
/// within a month): recorded on the porting request and credited on the next invoice of the contract's customer, with
/// their article, in one transaction; the documents' exclusions are staff's input (D-RUN-12).
extension ContractService {
    public func claimPortingCompensation(_ portingID: String, kind: PortingService.CompensationClaim.Kind, contractID: String, claimedOn: LocalDate,
                                         restoredOn: LocalDate?, refused: String?, at now: Instant) async throws -> PortingService.Stored {
        let repository = PortingRepository(store: store, territories: territories)
        guard var porting = try await repository.one(portingID) else { throw NumberingError.badNumber(portingID, "no porting request") }
        guard let c = try await contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        let r = porting.request
        guard c.family.terms.portedLine == r.line else {
            throw ContractError.invalid(field: "contract", reason: "a \(r.line.rawValue) number is ported into a \(r.line == .fixed ? "Livebox" : "Mayotte mobile") contract")
        }
        guard !(porting.claims ?? []).contains(where: { $0.kind == kind }) else {
            throw ContractError.invalid(field: "kind", reason: "the \(kind.rawValue) compensation was claimed already for this porting")
        }
        let (amount, why) = try await compensation(kind, r, contract: c, territory: porting.territory, claimedOn: claimedOn, restoredOn: restoredOn)
        let claim = PortingService.CompensationClaim(kind: kind, contractID: c.id, claimedOn: claimedOn, amount: refused == nil ? amount : .zero,
                                                     refused: refused, explanation: why)
        porting.claims = (porting.claims ?? []) + [claim]
        var events = [try event(PortingRepository.stream(portingID), PortingRepository.claimedType, claim, at: now)]
        if refused == nil, amount > .zero {
            let credit = try RecordedCharge(id: ResourceID.make("chg"), category: .credit,
                                            label: kind == .delay ? "Indemnité pour retard de portabilité" : "Indemnité pour perte du numéro porté",
                                            on: claimedOn, unitPrice: -amount, taxIncluded: c.monthlyFee?.taxIncluded ?? true,
                                            source: "\(why.source) (porting \(portingID), contract \(c.id))")
            events.append(try chargeEvent(credit, customerID: c.customerID, at: now))
        }
        let key = try IdempotencyKey(scope: "porting-claim", key: "\(portingID)#\(kind.rawValue)", fingerprint: "\(contractID)|\(claimedOn)")
        _ = try await store.append(events, state: [try PortingRepository.row(porting)], idempotency: key)
        return porting
    }

    /// The amount the documents give for `kind`, with its computation; zero, with why, when nothing is owed.
    private func compensation(_ kind: PortingService.CompensationClaim.Kind, _ r: PortingRequest, contract c: Contract, territory: String,
                              claimedOn: LocalDate, restoredOn: LocalDate?) async throws -> (Money, Explanation) {
        switch kind {
        case .lostNumber:
            guard r.line == .fixed else { throw ContractError.invalid(field: "kind", reason: "003 gives no compensation for a lost mobile number") }
            guard let fee = c.fee(on: claimedOn)?.amount else { throw ContractError.invalid(field: "contract", reason: "the contract has no monthly fee") }
            let line = PortingRequest.lostNumberCompensation(monthlyPrice: fee)
            return (line.amount, line.explanation)
        case .delay:
            guard let ported = r.portedOn else { throw ContractError.invalid(field: "kind", reason: "the number is not ported yet: the delay counts to its porting") }
            let restored = restoredOn ?? ported
            guard restored >= ported else { throw ContractError.invalid(field: "restoredOn", reason: "\(restored) is before the porting, \(ported)") }
            let perDay = await catalogs.current.prices.price("mayotte-compensation-portabilite-retard", on: restored)?.amount
            let calendar = try PortingRepository(store: store, territories: territories).calendar(territory)
            if let line = try r.delayCompensation(calendar: calendar, restoredOn: restored, monthlyPrice: c.fee(on: restored)?.amount, mobilePerDay: perDay,
                                                  claimedOn: claimedOn) {
                return (line.amount, line.explanation)
            }
            let committed = try r.committedPortingDate(calendar: calendar)
            let late = r.line == .mobile && claimedOn > restored.adding(months: 1)
            return (.zero, Explanation(rule: late ? "claimed more than one month after the porting" : "ported by the committed date",
                                       source: r.line == .fixed ? "001 Annexe 3 art. 4" : "003 CG 19.2",
                                       inputs: ["committed": committed.date.description, "restored": restored.description, "claimed": claimedOn.description],
                                       result: "0.00", steps: [committed.explanation]))
        }
    }
}
