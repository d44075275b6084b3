import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23, 004 §4.4: "toute commande réalisée sur le Digital Selfcare fera l'objet d'une mise en facturation" — an ordered
/// service reaches a bill, once, when it is delivered; one whose price the catalog leaves blank cannot be ordered.
@Suite struct ServiceOrderRoutesTests {
    @Test func anOrderedServiceIsBilledOnceDeliveredAndABlankPriceRefusesTheOrder() async throws {
        try await TestApp.run { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Atelier & Cie","kind":"business","territory":"FR"}"#)
            // A site's deployment at the catalog's sample 150.00 € HT, two sites, performed on 4 May: 300.00 on May's invoice.
            let deployment = try await BillingRoutesTests.create(client, "/api/v1/contracts",
                                                                 #"{"customer":"\#(cus)","offering":"wte-frais-deploiement-site","quantity":2,"orderedOn":"2026-04-01"}"#)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(deployment)/transitions", #"{"action":"activate","on":"2026-05-04"}"#).status == .ok)
            for period in ["2026-04", "2026-05", "2026-06"] { try await PriceRevisionRoutesTests.billRun(client, period) }
            let lines = try await BillingRoutesTests.invoices(client, cus).flatMap(\.invoice.lines)
            #expect(lines.map { "\($0.category) \($0.label) \($0.quantity) \($0.amount)" }
                    == ["oneTime Frais de déploiement par site (facturés à la mise en service du site) 2 300.00"])
            // Coaching has no price in the document (fiche tarifaire): refused, naming the price to set.
            let coaching = try await ContractRoutesTests.post(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"wte-coaching","quantity":2,"orderedOn":"2026-04-01"}"#)
            #expect(coaching.status == .badRequest && coaching.text.contains("its price 'wte-coaching-price' has no amount in the catalog"), "\(coaching.text)")
        }
    }
}
