import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import HTTPTypes
import HummingbirdTesting
import Testing

/// D-CAL-10 (issue 24): French Guiana is GF (ISO 3166; GY is Guyana). The former id is accepted wherever a territory is
/// given, stored and answered as GF, with a deprecation warning; events recorded under it fold as GF.
@Suite struct FrenchGuianaTests {
    struct Customer: Decodable {
        struct Details: Decodable { struct Address: Decodable { let territory: String }; let address: Address? }
        let id: String; let territoryID: String; let details: Details
    }
    static let warning = HTTPField.Name("Warning")!, deprecation = HTTPField.Name("Deprecation")!
    static let notice = #"299 - "territory 'GY' is deprecated: use 'GF' (ISO 3166: GY is Guyana, French Guiana is GF)""#

    @Test func aCustomerGivenGYIsStoredAsGFAndTheAnswerSaysSo() async throws {
        try await TestApp.run { client, _ in
            let created = try await BillingRoutesTests.post(client, "/api/v1/customers", #"""
                {"name":"Léa","kind":"consumer","territory":"GY","address":{"line1":"1 rue Lallouette","postcode":"97300","city":"Cayenne","territory":"GY"}}
                """#)
            #expect(created.status == .created)
            #expect(created.headers[values: Self.warning] == [Self.notice] && created.headers[Self.deprecation] == "true")
            let id = try created.json(Customer.self).id
            let stored = try (try await SupportRoutesTests.get(client, "/api/v1/customers/\(id)")).json(Customer.self)
            #expect(stored.territoryID == "GF" && stored.details.address?.territory == "GF")
            // Filtered by the former id, the list finds it; given GF, nothing is said.
            let listed = try await SupportRoutesTests.get(client, "/api/v1/customers?territory=GY")
            #expect(try listed.json([Customer].self).map(\.id) == [id] && listed.headers[Self.warning] != nil)
            let current = try await SupportRoutesTests.get(client, "/api/v1/customers?territory=GF")
            #expect(try current.json([Customer].self).map(\.id) == [id] && current.headers[Self.warning] == nil)
        }
    }

    /// Décret n° 83-1003: abolition of slavery in French Guiana on 10 June.
    @Test func theHolidaysOfGYAreFrenchGuianasUnderGF() async throws {
        struct Holidays: Decodable { struct Day: Decodable { let date: String }; let territory: String; let holidays: [Day] }
        try await TestApp.run { client, _ in
            let r = try await SupportRoutesTests.get(client, "/api/v1/territories/GY/holidays?year=2026")
            #expect(r.status == .ok && r.headers[values: Self.warning] == [Self.notice])
            let list = try r.json(Holidays.self)
            #expect(list.territory == "GF" && list.holidays.count == 12 && list.holidays.contains { $0.date == "2026-06-10" })
        }
    }

    /// The events stay as recorded (append-only); `rebuild-state` folds a customer created under GY as GF.
    @Test func aCustomerRecordedUnderGYFoldsAsGF() async throws {
        try await TestApp.run { client, store in
            let old = ContractService.newCustomer(number: "C-GY-1", name: "Ancien", kind: .consumer, territoryID: "GY", details: PartyDetails())
            let version = try CustomerRepository.stored(old, .created, at: try Instant(iso: "2025-01-02T12:00:00Z"))
            _ = try await store.append([version.event], state: [version.row], idempotency: nil)
            #expect(try await store.stateRow(.customers, key: old.id)?.values["territory"] == "GY")
            let rebuilt = try await StateTables.rebuild(store)
            #expect(rebuilt.first { $0.table == "customers" }?.differing == 1)
            #expect(try await store.stateRow(.customers, key: old.id)?.values["territory"] == "GF")
            #expect(try (try await SupportRoutesTests.get(client, "/api/v1/customers/\(old.id)")).json(Customer.self).territoryID == "GF")
            #expect(try await store.events(stream: CustomerRepository.stream(old.id), after: 0).first?.payload.contains(#""territoryID":"GY""#) == true)
        }
    }
}
