import GuichetCore
import GuichetStore

/// 004 §9.1 DUR-4 on its days: a Workplace term renewed tacitly for 12 months the day it ends, unless the contract ended
/// first (D-RUN-16).
extension ContractService {
    /// The renewal a contract's order (or its last renewal) schedules on the day the term in force ends; nil for a contract
    /// not renewed tacitly.
    package func scheduledRenewal(_ c: Contract) -> Obligation? {
        guard let on = c.renewalDay else { return nil }
        return due(.renew, of: c, on: on, Explanation(rule: "tacit renewal for 12 months at the end of the term in force", source: "004 §9.1 DUR-4",
                                                   inputs: ["signed": c.orderedOn.description, "months": "\(c.engagementMonths)",
                                                            "renewals so far": "\(c.renewals ?? 0)"], result: on.description))
    }

    /// Executes a renewal: the term moved 12 months and the next renewal scheduled, in one transaction; nil when another
    /// executor got there first.
    package func renew(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id) else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        guard c.renewalDay == o.dueOn else {
            return try await settle(o, as: .superseded, outcome: "the contract is \(c.state.rawValue), its term ends on \(c.termEnd.map(\.description) ?? "-")", at: now)
        }
        try c.renew(on: o.dueOn)
        guard let done = o.settled(.done, at: now, outcome: "renewed for 12 months, to \(c.termEnd!)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-renewal", key: "\(id)@\(o.dueOn)", fingerprint: "renew")
        return try await record(&c, .renewed, key: key, settling: [done], scheduling: [scheduledRenewal(c)].compactMap { $0 }, at: now) {
            ContractRepository.Renewal(on: o.dueOn, next: $0)
        } ? done : nil
    }
}
