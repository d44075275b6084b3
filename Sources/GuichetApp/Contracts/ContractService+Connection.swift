import GuichetCore
import GuichetStore

/// 001 CG 7.1 (D-CTR-17): a fibre Livebox is put into service on the line's effective connection to the network, or, in a
/// home already connected, on the equipment's plug-in; a change from xDSL to fibre takes effect on the plug-in, or at the
/// latest 30 days after the connection. The network's or the technician's report is recorded here; the activation, or
/// the change of offer, follows on its day.
extension ContractService {
    public enum ConnectionStep: String, Sendable, Codable { case connected, pluggedIn }

    public func recordConnection(_ id: String, _ step: ConnectionStep, on day: LocalDate, at now: Instant) async throws -> Contract {
        guard let c = try await contract(id), let zone = territories[c.territoryID]?.zone else { throw ContractServiceError.notFound(id) }
        let today = zone.local(now).date
        guard day <= today else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        guard c.family.terms.lendsEquipment else { throw ContractError.invalid(field: "contract", reason: "only a Livebox is connected and plugged in (001 CG 7)") }
        if c.state == .pendingActivation {
            guard c.offeringID.contains("fibre") else {
                throw ContractError.invalid(field: "contract", reason: "an xDSL line is put into service within 15 days of the subscription (001 CG 7.2): activate it")
            }
            let why = step == .connected ? "001 CG 7.1: put into service on the line's effective connection to the network"
                : "001 CG 7.1: home already connected, put into service on the equipment's plug-in"
            return try await change(.activate, to: id, on: day, note: why, executing: nil, at: now).contract
        }
        // A change from xDSL to fibre asked (a move, 001 CG 12): its day follows the connection and the plug-in.
        guard let pending = c.pendingOfferChange, !pending.from.contains("fibre"), pending.to.contains("fibre") else {
            throw ContractError.invalid(field: "contract", reason: "the contract is \(c.state.rawValue) and no change from xDSL to fibre is asked: nothing starts with this \(step.rawValue)")
        }
        // Never before today: a plug-in reported late starts the fibre offer the day it is recorded (D-CTR-15).
        let on = max(step == .connected ? day.adding(days: 30) : day, today)
        let why = step == .connected ? "change from xDSL to fibre: on the equipment's plug-in, at the latest 30 days after the connection"
            : "change from xDSL to fibre: on the equipment's plug-in"
        let moved = OfferChange(on: on, from: pending.from, to: pending.to, fee: pending.fee, explanation: Explanation(
            rule: why, source: "001 CG 7.1", inputs: [step.rawValue: day.description, "asked for": pending.on.description], result: on.description))
        return try await makeOrAsk(c, moved, today: today, rescheduling: true, at: now)
    }
}
