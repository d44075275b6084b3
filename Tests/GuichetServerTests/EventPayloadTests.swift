import GuichetCore
@testable import GuichetServer
import GuichetStore
import Testing

/// Stored history is read back for ever: each event type's name and payload, as Guichet wrote them,
/// must still fold to the same state. A renamed type, member or case fails here before it strands a
/// database's history.
@Suite struct EventPayloadTests {
    static let at = try! Instant(iso: "2026-11-21T10:00:00Z")

    static func stored(_ stream: String, _ type: String, _ payload: String, _ n: Int64 = 1) -> StoredEvent {
        StoredEvent(sequence: n, stream: stream, type: type, payload: payload, recordedAt: at)
    }

    /// Every customer event holds the whole record (created, a site added, rectified, erased).
    static let customer = #"""
        {"billingAccount":"ba_b20fe30d75fb","customerNumber":"000000001","name":"Atelier Martin",
         "details":{"address":{"line1":"1 rue A","postcode":"97110","city":"Pointe-à-Pitre","territory":"GP"},
         "sites":[{"id":"site-pap","name":"PàP","address":{"line1":"1 rue A","postcode":"97110","city":"Pointe-à-Pitre","territory":"GP"}}],
         "contacts":[{"name":"Paul","email":"paul@example.org","role":"administrator"}],"users":[{"id":"u1","name":"Paul","site":"site-pap"}]},
         "id":"cus_b20fe30d75fb","territoryID":"GP","kind":"business","externalID":"C1"}
        """#

    @Test(arguments: ["customer-created", "customer-site-added", "customer-rectified", "customer-erased"])
    func customerEventsFoldToTheirRecord(type: String) throws {
        #expect(CustomerRepository.EventType(rawValue: type) != nil)
        let row = try #require(try CustomerRepository.fold("customer:cus_b20fe30d75fb", [Self.stored("customer:cus_b20fe30d75fb", type, Self.customer)]))
        #expect(row.key == "cus_b20fe30d75fb")
        #expect(row.values == ["customer_number": "000000001", "external_id": "C1", "kind": "business", "territory": "GP", "billing_account": "ba_b20fe30d75fb"])
        #expect(row.search.contains("atelier martin") && row.search.contains("paul@example.org"))
        let c = try CustomerRepository.decode(row.body)
        #expect(c.details.sites.map(\.id) == ["site-pap"] && c.details.users.map(\.site) == ["site-pap"] && c.details.address?.postcode == "97110")
    }

    @Test func aContractIsItsOrderThenItsTransitions() throws {
        #expect(ContractRepository.EventType.allCases.map(\.rawValue) == ["contract-ordered", "contract-transition"])
        let s = "contract:ctr_849d138d4cd3"
        let ordered = #"""
            {"history":[],"state":"pendingActivation","territoryID":"GP","orderedOn":"2025-01-10","offeringID":"livebox-essentiel-fibre",
             "monthlyFee":{"taxIncluded":true,"amount":"54.90","source":"001 Annexe 1","version":"livebox-essentiel-fibre-monthly@2024-01-01","on":"2025-01-10",
             "priceID":"livebox-essentiel-fibre-monthly"},"customerID":"cus_b20fe30d75fb","id":"ctr_849d138d4cd3","engagementMonths":12,"externalID":"K1",
             "distanceSale":false,"quantity":1,"family":"livebox"}
            """#
        let events = [Self.stored(s, "contract-ordered", ordered, 1),
                      Self.stored(s, "contract-transition", #"{"action":"activate","on":"2025-01-20","note":"migration import"}"#, 2),
                      Self.stored(s, "contract-transition", #"{"action":"suspend","on":"2025-06-01"}"#, 3)]
        let row = try #require(try ContractRepository.fold(s, events))
        // 001 « Votre durée d'engagement »: 12 months from the activation of 2025-01-20.
        #expect(row.values == ["external_id": "K1", "customer_id": "cus_b20fe30d75fb", "family": "livebox", "offering": "livebox-essentiel-fibre",
                               "territory": "GP", "state": "suspended", "ordered_on": "2025-01-10", "activated_on": "2025-01-20", "engagement_end": "2026-01-20"])
        let c = try ContractRepository.decode(row.body)
        #expect(c.monthlyFee?.amount == Money(units: 549_000) && c.history.map(\.action) == [.activate, .suspend] && c.history[0].note == "migration import")
    }

    @Test func aLineIsItsAssignment() throws {
        #expect(LineDirectory.assigned == "line-assigned")
        let payload = #"{"number":"+590590271234","contractID":"ctr_849d138d4cd3","customerID":"cus_b20fe30d75fb","offeringID":"wte-pack-calling","territoryID":"GP","site":"site-pap"}"#
        let row = try #require(try LineDirectory.fold("line:+590590271234", [Self.stored("line:+590590271234", "line-assigned", payload)]))
        #expect(row.key == "+590590271234")
        #expect(row.values == ["customer_id": "cus_b20fe30d75fb", "contract_id": "ctr_849d138d4cd3", "offering": "wte-pack-calling", "territory": "GP", "site": "site-pap"])
    }

    /// A ticket is its filing (the reference, the filing and its first event), then each step as given.
    @Test func aTicketIsItsFilingThenItsSteps() throws {
        let s = "ticket:SC-2026-4KQ7ZP"
        let filed = #"""
            {"id":"tkt_5e1f0c2a9b7d","reference":"SC-2026-4KQ7ZP","filing":{"family":"supportCentre","owner":"cus_b20fe30d75fb",
             "subject":"Plus de tonalité","description":"Site A","contactEmail":"it@atelier.example","channel":"phone","territory":"GP",
             "serviceNumber":"0590270000","siteContactPhone":"0690000000"},
             "event":{"kind":"filed","at":"2026-11-21T10:00:00Z","actor":"api","text":"Site A","channel":"phone"}}
            """#
        let events = [Self.stored(s, TicketRepository.filedType, filed, 1),
                      Self.stored(s, "ticket-started", #"{"kind":"started","at":"2026-11-21T10:20:00Z","actor":"staff","channel":"portal"}"#, 2),
                      Self.stored(s, "ticket-escalated", #"{"kind":"escalated","at":"2026-11-21T14:00:00Z","actor":"system","target":"resolution"}"#, 3)]
        #expect(TicketRepository.type(.started) == "ticket-started" && TicketRepository.filedType == "ticket-filed")
        let row = try #require(try TicketRepository.fold(s, events))
        #expect(row.key == "SC-2026-4KQ7ZP")
        #expect(row.values == ["owner": "cus_b20fe30d75fb", "family": "supportCentre", "status": "inProgress", "territory": "GP", "filed_at": "2026-11-21T10:00:00Z"])
        #expect(row.search.contains("plus de tonalité") && row.search.contains("0590270000") && row.search.contains("it@atelier.example"))
        let t = try TicketRepository.decode(row.body)
        #expect(t.events.map(\.kind) == [.filed, .started, .escalated] && t.escalations == [.resolution] && t.filing.siteContactPhone == "0690000000")
    }
}
