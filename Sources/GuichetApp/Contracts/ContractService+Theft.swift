import GuichetCore
import GuichetStore

/// 003 CG 20: the advisor puts the SIM card in opposition — the line suspended, unless the customer did it already from their
/// space (CG 2) — and records the theft with its police report, which the bill run refunds (D-BILL-19).
extension ContractService {
    public struct TheftDeclaration: Sendable, Codable {
        public let stolenAt: Instant
        public let policeReport: String
        public init(stolenAt: Instant, policeReport: String) { self.stolenAt = stolenAt; self.policeReport = policeReport }
    }

    public func declareTheft(_ id: String, _ d: TheftDeclaration, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id) else { throw ContractServiceError.notFound(id) }
        guard let article = c.family.terms.theftArticle else { throw ContractError.invalid(field: "contract", reason: "this contract's document provides no theft procedure") }
        guard d.stolenAt <= now else { throw ContractError.invalid(field: "stolenAt", reason: "\(d.stolenAt) is after now") }
        if let known = c.thefts?.first(where: { $0.stolenAt == d.stolenAt }), known.policeReport == d.policeReport { return c }
        let day = today(in: c.territoryID, at: now)
        let suspendedOn = c.state == .active ? day : c.history.last { $0.action == .suspend }?.on ?? day
        let theft = Theft(stolenAt: d.stolenAt, policeReport: d.policeReport, declaredOn: day, suspendedOn: suspendedOn)
        // Checked before the line is suspended: a declaration refused leaves the line as it was.
        var check = c
        if check.state == .active { try check.apply(.suspend, on: day) }
        try check.declareTheft(theft)
        if c.state == .active {
            c = try await change(.suspend, to: id, on: day, note: "SIM card put in opposition after a theft (\(article)), police report \(d.policeReport)",
                                 executing: nil, at: now).contract
        }
        try c.declareTheft(theft)
        let key = try IdempotencyKey(scope: "contract-theft", key: "\(c.id)#\(d.stolenAt.seconds)", fingerprint: d.policeReport)
        guard try await record(&c, .theft, key: key, settling: [], at: now, payload: { ContractRepository.TheftStep(theft: theft, next: $0) }) else {
            return try await contract(id) ?? c
        }
        return c
    }
}
