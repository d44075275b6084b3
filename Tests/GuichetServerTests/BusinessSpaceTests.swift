import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The Espace Client Entreprise's réassort (004 §4.4): packs, administrators, sites, SDA returns.
@Suite struct BusinessSpaceTests {
    struct Customer: Decodable {
        struct Details: Decodable { struct Site: Decodable { let id: String; let name: String }; let sites: [Site] }
        let id: String; let kind: String; let details: Details
    }
    struct Contract: Decodable { let customerID: String; let offeringID: String; let quantity: Int; let engagementMonths: Int }

    static func company(_ client: any TestClientProtocol) async throws -> Customer {
        try #require(try await client.execute(uri: "/api/v1/customers", method: .get).json([Customer].self).first { $0.kind == "business" })
    }

    @Test func aUserPackOrderedFromTheSpaceIsANewContractLine() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let company = try await Self.company(client)
            let claire = try await PortalSession.open(client, "claire")
            let r = try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-pack-calling", "quantity": "3"])
            #expect(r.status == .seeOther && r.headers[.location] == "/espace-entreprise?fait=commande")
            let lines = try await client.execute(uri: "/api/v1/contracts", method: .get).json([Contract].self).filter { $0.customerID == company.id }
            #expect(lines.map(\.quantity).sorted() == [3, 7])
            // Equipment is ordered too, without an engagement of its own (004 §4.4, §15).
            #expect(try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-telephone-ip", "quantity": "2"]).status == .seeOther)
            let phones = try await client.execute(uri: "/api/v1/contracts", method: .get).json([Contract].self).filter { $0.offeringID == "wte-telephone-ip" }
            #expect(phones.map(\.quantity) == [2] && phones.map(\.engagementMonths) == [0])
            // Only Workplace Together Essentials is sold here, and a quantity is a whole number of packs.
            #expect(try await claire.post(client, "/espace-entreprise/commandes", ["offering": "livebox-essentiel-fibre", "quantity": "1"]).status == .badRequest)
            #expect(try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-pack-calling", "quantity": "0"]).status == .badRequest)
            // Every order is billed (004 §4.4): a service without a price in the catalog yet cannot be ordered.
            let coaching = try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-coaching", "quantity": "2"])
            #expect(coaching.status == .badRequest && coaching.text.contains("son prix n'est pas encore fixé au catalogue"), "\(coaching.text)")
        }
    }

    /// The space's "Devis de résiliation" in French: the running order's 100 % (004 §9.2 TER-2), and a réassort not in service
    /// yet, whose sites are deployed, owes nothing to cancel (TER-4, D-RUN-27; it quoted TER-2's 100 % before: audit 004 row 77).
    @Test func theQuoteOfALineNotInServiceIsItsCancellation() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let company = try await Self.company(client)
            let claire = try await PortalSession.open(client, "claire")
            #expect(try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-pack-calling", "quantity": "3"]).status == .seeOther)
            struct Line: Decodable { let id: String; let customerID: String; let quantity: Int; let state: String }
            let lines = try await client.execute(uri: "/api/v1/contracts", method: .get).json([Line].self).filter { $0.customerID == company.id }
            let running = try #require(lines.first { $0.quantity == 7 }), reassort = try #require(lines.first { $0.quantity == 3 })
            #expect(reassort.state == "pendingActivation")
            let quote = try await claire.get(client, "/espace-entreprise/contrats/\(running.id)/resiliation").text
            #expect(quote.contains("Sommes restant dues jusqu&#39;à la fin de la période minimale") && quote.contains("004 §9.2 TER-2"), "\(quote)")
            let cancellation = try await claire.get(client, "/espace-entreprise/contrats/\(reassort.id)/resiliation").text
            #expect(cancellation.contains("004 §9.2 TER-4") && cancellation.contains("<th scope=\"row\">Total</th><td>0,00"), "\(cancellation)")
        }
    }

    @Test func anAdministratorIsAddedByEmailAndRemovedByAnother() async throws {
        try await TestApp.run(demo: true) { client, store in
            let claire = try await PortalSession.open(client, "claire")
            let added = try await claire.post(client, "/espace-entreprise/administrateurs", ["login": "paul", "name": "Paul Démo", "email": "paul@example.org"])
            #expect(added.status == .seeOther)
            // Paul chooses his password through the link sent to him; no one else ever knew one.
            struct Mail: Decodable { let to: [String]; let body: String }
            let mail = try #require(try await store.events(stream: "outbox", after: 0).compactMap {
                try? JSONDecoder().decode(Mail.self, from: Data($0.payload.utf8))
            }.last { $0.to == ["paul@example.org"] })
            let range = try #require(mail.body.range(of: #"/mot-de-passe/[0-9a-f]{64}"#, options: .regularExpression))
            let pre = try await PortalSession.preSession(client)
            #expect(try await pre.post(client, String(mail.body[range]), ["password": "un-secret-bien-long"]).status == .seeOther)
            let paul = try #require(PortalSession.cookies(try await PortalSession.signIn(client, "paul", password: "un-secret-bien-long"))["guichet_session"])
            #expect(try await client.execute(uri: "/espace-entreprise", method: .get, headers: [.cookie: "guichet_session=\(paul)"]).status == .ok)
            // Claire cannot remove herself; removing Paul ends his session and his sign-ins.
            #expect(try await claire.post(client, "/espace-entreprise/administrateurs/retrait", ["login": "claire"]).status == .badRequest)
            #expect(try await claire.post(client, "/espace-entreprise/administrateurs/retrait", ["login": "marie"]).status == .notFound)
            #expect(try await claire.post(client, "/espace-entreprise/administrateurs/retrait", ["login": "paul"]).status == .seeOther)
            #expect(try await client.execute(uri: "/espace-entreprise", method: .get, headers: [.cookie: "guichet_session=\(paul)"]).status == .seeOther)
            #expect(try await PortalSession.signIn(client, "paul", password: "un-secret-bien-long").status == .unauthorized)
        }
    }

    @Test func aSiteIsAddedAndAnSDANumberReturned() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let company = try await Self.company(client)
            let claire = try await PortalSession.open(client, "claire")
            let site = try await claire.post(client, "/espace-entreprise/sites", ["name": "Lyon Part-Dieu", "line1": "2 rue du Test", "postcode": "69003", "city": "Lyon"])
            #expect(site.status == .seeOther)
            let sites = try await client.execute(uri: "/api/v1/customers/\(company.id)", method: .get).json(Customer.self).details.sites
            #expect(sites.map(\.id) == ["site-paris", "site-lyon-part-dieu"])
            func post(_ path: String, _ body: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/api/v1/sda\(path)", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)).status
            }
            #expect(try await post("/ranges", #"{"first":"01 45 00 10 00","count":2}"#) == .noContent)
            #expect(try await post("/allocations", #"{"number":"+33145001000","customer":"\#(company.id)","site":"site-paris","user":"u1","on":"2026-11-01"}"#) == .noContent)
            #expect(try await post("/allocations", #"{"number":"+33145001001","customer":"cus_other","site":"x","on":"2026-11-01"}"#) == .noContent)
            let page = try await claire.get(client, "/espace-entreprise").text
            #expect(page.contains("+33145001000") && !page.contains("+33145001001"))
            // Another company's number is not hers to return.
            #expect(try await claire.post(client, "/espace-entreprise/sda/restitution", ["number": "+33145001001"]).status == .notFound)
            #expect(try await claire.post(client, "/espace-entreprise/sda/restitution", ["number": "+33145001000"]).status == .seeOther)
            #expect(!(try await claire.get(client, "/espace-entreprise").text.contains("+33145001000")))
        }
    }
}

/// The back office's ticket queue: support agents handle a ticket; billing agents only read it.
@Suite struct BackOfficeTicketTests {
    @Test func aSupportAgentHandlesATicketFromTheQueue() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let marie = try await PortalSession.open(client, "marie")
            _ = try await marie.post(client, "/espace-client/tickets", ["kind": "afterSales", "subject": "Plus de ligne", "description": "Tonalité absente.",
                                                                        "email": "marie@example.org"])
            let agent = try await PortalSession.open(client, "agent.support")
            let queue = try await agent.get(client, "/back-office").text
            let range = try #require(queue.range(of: #"/back-office/tickets/SAV-[0-9A-Z-]+"#, options: .regularExpression))
            let page = String(queue[range])
            #expect(try await agent.get(client, page).text.contains("Plus de ligne"))
            for (action, text) in [("prise-en-charge", ""), ("resolution", "Ligne rétablie après redémarrage de l'ONT.")] {
                #expect(try await agent.post(client, page, ["action": action, "text": text]).status == .seeOther)
            }
            #expect(try await agent.get(client, page).text.contains("Résolu"))
            // A billing agent reads the ticket but cannot act on it.
            let billing = try await PortalSession.open(client, "agent.facturation")
            let seen = try await billing.get(client, page).text
            #expect(seen.contains("Plus de ligne") && !seen.contains("name=\"action\""))
            #expect(try await billing.post(client, page, ["action": "cloture"]).status == .forbidden)
            // An action the ticket's state does not allow is refused with the reason.
            let again = try await agent.post(client, page, ["action": "prise-en-charge"])
            #expect(again.status == .badRequest && again.text.contains("acknowledged"))
        }
    }
}

@Suite struct BackOfficePortingTests {
    @Test func portingRequestsAreListedWithTheirCommittedDate() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let created = try await ContractRoutesTests.post(client, "/api/v1/porting-requests",
                                                             #"{"number":"0696 10 01 52","rio":"02P131780R0W","requestedOn":"2026-05-22","desiredDate":"2026-06-30"}"#)
            #expect(created.status == .created)
            let support = try await PortalSession.open(client, "agent.support")
            let page = try await support.get(client, "/back-office").text
            let section = page.components(separatedBy: "portabilite").last ?? ""
            #expect(page.contains("Demandes de portabilité") && section.contains("0696") && page.contains("22/05/2026"), "\(section.prefix(800))")
        }
    }
}
