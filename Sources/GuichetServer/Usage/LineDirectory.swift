import Foundation
import GuichetCore
import GuichetStore

/// Which contract each subscriber line belongs to: the key usage records are rated by. Each
/// line is a stream `line:<E.164>` whose first event assigns it, once.
public struct LineDirectory: Sendable {
    let store: any Store
    let contracts: ContractService
    let plan: NumberingPlan

    public init(store: any Store, contracts: ContractService, plan: NumberingPlan) {
        self.store = store; self.contracts = contracts; self.plan = plan
    }

    /// Assigns a number to a contract (and, for 004, to one of the customer's sites).
    public func assign(number: String, contractID: String, site: String?, at now: Instant) async throws -> ServiceLine {
        let classified: NumberClassification
        do { classified = try plan.classify(number) } catch { throw UsageError.invalid(field: "number", reason: error.description) }
        guard let e164 = classified.e164 else { throw UsageError.invalid(field: "number", reason: "'\(number)' is not a subscriber number") }
        guard let contract = try await contracts.contract(contractID) else { throw UsageError.invalid(field: "contract", reason: "no contract '\(contractID)'") }
        guard let customer = try await contracts.customer(contract.customerID) else { throw UsageError.invalid(field: "contract", reason: "its customer is missing") }
        if contract.family == .workplace {
            guard let site, customer.details.sites.contains(where: { $0.id == site }) else {
                throw UsageError.invalid(field: "site", reason: "a Workplace Together line belongs to one of the customer's sites (004 §2.6.1 pools minutes per site): "
                                            + customer.details.sites.map(\.id).joined(separator: ", "))
            }
        } else if site != nil {
            throw UsageError.invalid(field: "site", reason: "only Workplace Together lines belong to a site")
        }
        let line = ServiceLine(number: e164, customerID: customer.id, contractID: contract.id, offeringID: contract.offeringID,
                               territoryID: contract.territoryID, site: site)
        let key = try IdempotencyKey(scope: "line", key: e164, fingerprint: "\(contract.id)|\(site ?? "")")
        do {
            _ = try await store.append([try NewEvent(stream: "line:\(e164)", type: "line-assigned",
                                                     payload: String(decoding: try JSONEncoder().encode(line), as: UTF8.self), recordedAt: now)],
                                       idempotency: key)
        } catch StoreError.idempotencyConflict {
            throw UsageError.conflict("\(e164) is already assigned to another contract or site")
        }
        return line
    }

    public func line(_ number: String) async throws -> ServiceLine? {
        guard let e = try await store.events(stream: "line:\(number)", after: 0).first else { return nil }
        return try JSONDecoder().decode(ServiceLine.self, from: Data(e.payload.utf8))
    }

    /// Every line, by number: the first event of each line's stream (one read for all).
    public func all() async throws -> [ServiceLine] {
        try await store.eventsByStream(withPrefix: "line:").compactMap(\.events.first).map {
            try JSONDecoder().decode(ServiceLine.self, from: Data($0.payload.utf8))
        }
    }
}
