import GuichetCore
import GuichetStore

/// 001 CG 9.1, 9.2, 13 on the customer's request: the compensation for a month under 97 % availability or under the
/// guaranteed downstream, or the refund of an interruption restored late, credited on the next invoice with its article
/// and computation, once per month or per report (D-CTR-12).
extension ContractService {
    public func claimQualityCompensation(_ id: String, _ claim: ServiceQualityClaim, refused: String?, at now: Instant) async throws -> TerminationQuote.Line {
        guard let c = try await contract(id), let territory = territories[c.territoryID] else { throw ContractServiceError.notFound(id) }
        let line = try c.qualityCompensation(claim, calendar: WorkCalendar(territory: territory), claimedAt: now, excluded: refused)
        guard line.amount > .zero else { return line }
        let label = switch claim.kind {
        case .availability: "Indemnité : disponibilité de l'accès Internet inférieure à 97 % (\(claim.subject))"
        case .downlink: "Compensation : débit descendant inférieur à 512 kbit/s (\(claim.subject))"
        case .restoration: "Remboursement : service rétabli au-delà de 12 jours ouvrables"
        case .unavailability: "Indemnisation : indisponibilité du service voix ou data"
        }
        let credit = try RecordedCharge(id: ResourceID.make("chg"), category: .credit, label: label, on: territory.zone.local(now).date,
                                        unitPrice: -line.amount, taxIncluded: c.monthlyFee?.taxIncluded ?? true,
                                        source: "\(line.explanation.source) (contract \(id), \(line.explanation.result))")
        let key = try IdempotencyKey(scope: "quality-claim", key: "\(id)#\(claim.kind.rawValue)@\(claim.subject)", fingerprint: line.amount.description)
        do {
            _ = try await store.append([try chargeEvent(credit, customerID: c.customerID, at: now)], idempotency: key)
        } catch StoreError.idempotencyConflict {
            throw ContractError.invalid(field: "kind", reason: "the \(claim.kind.rawValue) compensation for \(claim.subject) was claimed already")
        }
        return line
    }
}
