import GuichetApp
import GuichetCore

/// Rented and bought equipment as the spaces show it (004 §2.5, §9.2, §15): where each line stands,
/// from delivery to return.
extension PortalViews {
    static func equipment(_ c: Contract, name: String?) -> [String: Any] {
        let rented = c.isRental
        let since = c.history.last?.on
        let status = switch c.state {
        case .pendingActivation: "en attente de livraison"
        case .active: "reçu le \(date(c.activatedOn))"
        case .pendingTermination: "restitution demandée le \(date(since)), facturé jusqu'au retour"
        case .terminated: rented ? "restitué le \(date(since))" : "terminé le \(date(since))"
        case .cancelled, .withdrawn: "commande annulée"
        case .suspended: "suspendu"
        }
        return ["id": c.id, "name": name ?? c.offeringID, "quantity": c.quantity, "mode": rented ? "location" : "achat", "status": status,
                "mayRequestReturn": rented && c.state == .active, "awaitsDelivery": c.state == .pendingActivation,
                "awaitsReturn": rented && c.state == .pendingTermination]
    }
}

extension Spaces {
    /// The customer's equipment lines, newest order first.
    func equipment(of customerID: String) async throws -> [Contract] {
        await equipment(among: try await contracts.contracts(of: customerID))
    }

    /// The equipment lines among `contracts`, newest order first.
    func equipment(among contracts: [Contract]) async -> [Contract] {
        let kinds = Set(await catalogs.current.offerings.filter(\.isEquipment).map(\.id))
        return contracts.filter { kinds.contains($0.offeringID) }.sorted { ($0.orderedOn, $0.id) > ($1.orderedOn, $1.id) }
    }
}
