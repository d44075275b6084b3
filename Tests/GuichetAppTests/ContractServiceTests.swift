import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetStore
import GuichetTestSupport
import Testing

/// Customers and contracts through `ContractService` and its repositories on the in-memory event store, with the
/// catalogs of this repository: what an order freezes, what the state machine allows, what the state rows say.
@Suite struct ContractServiceTests {
    static let now = try! Instant(iso: "2026-06-01T08:00:00Z")
    static let catalogs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Catalogs").path

    static func service() async throws -> (ContractService, any EventStore) {
        let store: any EventStore = InMemoryEventStore()
        let registry = try await CatalogRegistry(store: store, folder: catalogs, taxZones: Set(try ReferenceData.taxZones().keys))
        return (ContractService(store: store, catalogs: registry, territories: try ReferenceData.territories()), store)
    }

    /// D-SCALE-2: customer numbers come from a counter, in order; D-CTR-2 and 001 Annexe 1: the order freezes the
    /// monthly fee in force on the order date (54.90 € TTC for Livebox Essentiel Fibre); 001 « Votre durée
    /// d'engagement »: 12 months from the activation.
    @Test func anOrderFreezesItsFeeAndTheEngagementRunsFromActivation() async throws {
        let (contracts, store) = try await Self.service()
        let first = try await contracts.createCustomer(name: "Marie Dupont", kind: .consumer, territoryID: "GP", at: Self.now)
        let second = try await contracts.createCustomer(name: "Jean Martin", kind: .consumer, territoryID: "MQ", at: Self.now)
        #expect([first.customerNumber, second.customerNumber] == ["000000001", "000000002"])

        let ordered = try await contracts.order(.init(customer: first.id, offering: "livebox-essentiel-fibre", orderedOn: try LocalDate(iso: "2026-05-10"),
                                                                 presentedDocuments: PresentedDocuments(identity: .nationalIdCard, bankDetails: true)),
                                                at: Self.now)
        #expect(ordered.monthlyFee?.amount == Money(units: 549_000) && ordered.monthlyFee?.source == "001 Annexe 1" && ordered.state == .pendingActivation)
        let active = try await contracts.apply(.activate, to: ordered.id, on: try LocalDate(iso: "2026-05-20"), at: Self.now)
        #expect(active.engagementEnd == (try LocalDate(iso: "2027-05-20")))
        // Not from pending activation: a contract is resumed only when suspended.
        await #expect(throws: (any Error).self) { _ = try await contracts.apply(.resume, to: ordered.id, on: try LocalDate(iso: "2026-05-21"), at: Self.now) }

        let row = try #require(try await store.stateRow(.contracts, key: ordered.id))
        #expect(row.values["state"] == "active" && row.values["engagement_end"] == "2027-05-20" && row.values["customer_id"] == first.id)
        var mine = StateQuery()
        mine.equal = ["customer_id": first.id]
        #expect(try await contracts.contracts(mine).contracts.map(\.id) == [ordered.id])
        #expect(try await contracts.contracts(of: second.id).isEmpty)
    }
}
