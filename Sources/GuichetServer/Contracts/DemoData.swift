import GuichetCore

/// `guichet serve --demo`: sample customers of each contract family, created once, so that a
/// newcomer sees contracts with engagement dates and termination quotes on first run.
public enum DemoData {
    public static func seed(_ service: ContractService, at now: Instant) async throws {
        guard try await service.store.streams(withPrefix: "customer:").isEmpty else { return }
        func d(_ s: String) -> LocalDate { try! LocalDate(iso: s) }
        let marie = try await service.createCustomer(name: "Marie Démo (sample)", kind: .consumer, territoryID: "GP", at: now)
        let livebox = try await service.order(.init(customer: marie.id, offering: "livebox-essentiel-fibre", orderedOn: d("2026-01-20"), distanceSale: true), at: now)
        _ = try await service.apply(.activate, to: livebox.id, on: d("2026-02-01"), at: now)
        let said = try await service.createCustomer(name: "Saïd Démo (sample)", kind: .consumer, territoryID: "YT", at: now)
        let mobile = try await service.order(.init(customer: said.id, offering: "mayotte-forfait-24-mois", orderedOn: d("2026-03-02"),
                                                   distanceSale: false, chosenActivationDate: d("2026-03-05")), at: now)
        _ = try await service.apply(.activate, to: mobile.id, on: d("2026-03-05"), at: now)
        let hq = Address(line1: "1 rue de l'Exemple (sample)", postcode: "75001", city: "Paris", territory: "FR")
        let company = try await service.createCustomer(
            name: "Atelier Démo SARL (sample)", kind: .business, territoryID: "FR",
            details: PartyDetails(address: hq, contacts: [Contact(name: "Claire Démo", email: "claire@example.org", role: "administrator")],
                                  sites: [Site(id: "site-paris", name: "Paris", address: hq)],
                                  users: (1...7).map { NamedUser(id: "u\($0)", name: "Utilisateur \($0) (sample)", site: "site-paris") }),
            at: now)
        let wte = try await service.order(.init(customer: company.id, offering: "wte-pack-calling", engagementMonths: 36, quantity: 7,
                                                orderedOn: d("2026-01-05")), at: now)
        _ = try await service.apply(.activate, to: wte.id, on: d("2026-02-02"), at: now)
    }
}
