import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Equipment in the Espace Client Entreprise (004 §2.5, §4.4, §9.2, §15): rented or bought, billed
/// from the day it reaches the customer, rented items returned through the operator.
@Suite struct EquipmentTests {
    struct Contract: Decodable { let id: String; let customerID: String; let offeringID: String; let state: String }
    struct Report: Decodable {
        struct Draft: Decodable {
            struct Buyer: Decodable { let customerID: String }
            struct Line: Decodable { let label: String; let quantity: Int; let amount: String }
            let buyer: Buyer; let lines: [Line]
        }
        let drafts: [Draft]
    }

    static func lines(_ client: any TestClientProtocol, _ period: String, customer: String) async throws -> [Report.Draft.Line] {
        let r = try await client.execute(uri: "/api/v1/bill-runs", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: #"{"period":"\#(period)","dryRun":true}"#))
        return try r.json(Report.self).drafts.first { $0.buyer.customerID == customer }?.lines ?? []
    }

    @Test func rentedPhonesAreBilledFromReceptionToReturnBoughtOnesOnce() async throws {
        let clock = TestClock()  // 21 November 2026
        try await TestApp.run(demo: true, clock: clock) { client, _ in
            let company = try await BusinessSpaceTests.company(client)
            var claire = try await PortalSession.open(client, "claire")
            #expect(try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-telephone-ip", "quantity": "2", "mode": "location"]).status == .seeOther)
            #expect(try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-boitier-ata", "quantity": "1", "mode": "achat"]).status == .seeOther)
            let all = try await client.execute(uri: "/api/v1/contracts", method: .get).json([Contract].self)
            let phones = try #require(all.first { $0.offeringID == "wte-telephone-ip" }), ata = try #require(all.first { $0.offeringID == "wte-boitier-ata" })
            var page = try await claire.get(client, "/espace-entreprise").text
            #expect(page.contains("× 2 — location — en attente de livraison") && page.contains("× 1 — achat — en attente de livraison"))
            // Equipment has no engagement of its own (D-PORTAL-1): the contracts table says so rather than a date.
            #expect(page.contains("<td>sans engagement</td>"))
            // Nothing is billed before it arrives, and nothing not received can be returned.
            #expect(try await Self.lines(client, "2026-11", customer: company.id).allSatisfy { !$0.label.contains("Téléphone IP") })
            #expect(try await claire.post(client, "/espace-entreprise/materiel/restitution", ["contract": phones.id]).status == .badRequest)

            // The carrier delivers on 25 November; staff record it (a support agent only reads customers).
            let agent = try await PortalSession.open(client, "agent.support")
            #expect(try await agent.post(client, "/back-office/clients/\(company.id)/materiel", ["contract": phones.id, "on": "2026-11-25"]).status == .forbidden)
            var admin = try await PortalSession.open(client, "admin")
            #expect(!(try await admin.get(client, "/back-office/clients/\(company.id)").text.contains("Enregistrer le retour")))
            // A day before the order, or to come, is not a delivery day; nothing is recorded.
            for day in ["2026-11-20", "2026-11-22"] {
                #expect(try await admin.post(client, "/back-office/clients/\(company.id)/materiel", ["contract": phones.id, "on": day]).status == .badRequest)
            }
            #expect(try await admin.get(client, "/back-office/clients/\(company.id)").text.contains("en attente de livraison"))
            // Sessions last 12 hours: each jump of the clock signs in again.
            try clock.set("2026-11-26T10:00:00Z")
            (claire, admin) = (try await PortalSession.open(client, "claire"), try await PortalSession.open(client, "admin"))
            for id in [phones.id, ata.id] {
                #expect(try await admin.post(client, "/back-office/clients/\(company.id)/materiel", ["contract": id, "on": "2026-11-25"]).status == .seeOther)
            }
            // 004 §15 BIL-7, D-BILL-9: 6.00 (SAMPLE) × 6/30 = 1.20 per phone, × 2; the ATA's 60.00 (SAMPLE) once, on the 25th.
            let november = try await Self.lines(client, "2026-11", customer: company.id)
            let rental = try #require(november.first { $0.label.hasPrefix("Téléphone IP") })
            #expect(rental.label.hasSuffix("(location, prorata)") && rental.quantity == 2 && rental.amount == "2.40")
            #expect(november.contains { $0.label == "Boîtier ATA (achat)" && $0.amount == "60.00" })
            let december = try await Self.lines(client, "2026-12", customer: company.id)
            #expect(december.contains { $0.label.hasPrefix("Téléphone IP") && $0.amount == "12.00" } && !december.contains { $0.label.contains("ATA") })

            // Claire asks for the return; the rental runs until the carrier has the phones back (004 §9.2 TER-5).
            page = try await claire.get(client, "/espace-entreprise").text
            #expect(page.contains("location — reçu le 25/11/2026") && !page.contains("Restituer : Boîtier ATA"))
            #expect(try await claire.post(client, "/espace-entreprise/materiel/restitution", ["contract": ata.id]).status == .badRequest)
            #expect(try await claire.post(client, "/espace-entreprise/materiel/restitution", ["contract": phones.id]).status == .seeOther)
            #expect(try await claire.get(client, "/espace-entreprise").text.contains("restitution demandée le 26/11/2026"))
            // The return is not before the reception, nor to come.
            #expect(try await admin.post(client, "/back-office/clients/\(company.id)/materiel", ["contract": phones.id, "on": "2026-11-24"]).status == .badRequest)
            try clock.set("2027-01-11T10:00:00Z")
            (claire, admin) = (try await PortalSession.open(client, "claire"), try await PortalSession.open(client, "admin"))
            #expect(try await admin.post(client, "/back-office/clients/\(company.id)/materiel", ["contract": phones.id, "on": "2027-01-10"]).status == .seeOther)
            // January: 6.00 × 10/31 = 1.94 per phone; February: nothing.
            #expect(try await Self.lines(client, "2027-01", customer: company.id).contains { $0.label.hasPrefix("Téléphone IP") && $0.amount == "3.88" })
            #expect(try await Self.lines(client, "2027-02", customer: company.id).allSatisfy { !$0.label.hasPrefix("Téléphone IP") })
            #expect(try await claire.get(client, "/espace-entreprise").text.contains("restitué le 10/01/2027"))
            // Another company's, or a pack's, line is not equipment of hers.
            let pack = try #require(all.first { $0.customerID == company.id && $0.offeringID.hasPrefix("wte-pack") })
            #expect(try await claire.post(client, "/espace-entreprise/materiel/restitution", ["contract": pack.id]).status == .notFound)
        }
    }
}
