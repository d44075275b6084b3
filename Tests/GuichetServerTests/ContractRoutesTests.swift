import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ContractRoutesTests {
    struct Customer: Decodable { let id: String; let customerNumber: String }
    struct ContractView: Decodable { let id: String; let state: String; let engagementMonths: Int; let history: [History]
        struct History: Decodable { let action: String }
        struct Fee: Decodable { let amount: String; let version: String }
        let monthlyFee: Fee?
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ json: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    /// A Livebox Essentiel Fibre customer in Guadeloupe, ordered at a distance and activated.
    static func liveboxContract(_ client: any TestClientProtocol) async throws -> String {
        let customer = try await post(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"GP"}"#)
        #expect(customer.status == .created)
        let cus = try customer.json(Customer.self)
        #expect(cus.customerNumber.count == 9)
        let order = try await post(client, "/api/v1/contracts",
                                   #"{"customer":"\#(cus.id)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20","distanceSale":true,"subscriptionDocumentsOn":"2026-01-20"}"#)
        #expect(order.status == .created)
        let contract = try order.json(ContractView.self)
        #expect(contract.state == "pendingActivation" && contract.engagementMonths == 12)
        #expect(contract.monthlyFee?.amount == "54.90" && contract.monthlyFee?.version == "livebox-essentiel-fibre-monthly@2024-01-01")
        let activated = try await post(client, "/api/v1/contracts/\(contract.id)/transitions", #"{"action":"activate","on":"2026-02-01"}"#)
        #expect(activated.status == .ok)
        return contract.id
    }

    @Test func terminationQuoteWithExplanations() async throws {
        try await TestApp.run { client, _ in
            let id = try await Self.liveboxContract(client)
            try await client.execute(uri: "/api/v1/contracts/\(id)/termination-quote?on=2026-05-22", method: .get) { response in
                #expect(response.status == .ok)
                struct Q: Decodable { struct L: Decodable { let amount: String; let explanation: Explanation }; let effectiveOn: String; let total: String; let lines: [L] }
                let q = try response.json(Q.self)
                // 001 CG 18.1: effective 10 days after receipt; 50 € + 8 × 54.90 less 1 June billed (54.90/30 = 1.83, D-RUN-10).
                #expect(q.effectiveOn == "2026-06-01" && q.total == "487.37")
                #expect(q.lines.map(\.explanation.source) == ["001 CG 18.1; Annexes 1 et 2", "001 CG 18.1"])
            }
            try await client.execute(uri: "/api/v1/contracts/\(id)/termination-quote?on=2026-05-22&reason=death&documentsReceivedOn=2026-05-25", method: .get) { response in
                #expect(response.text.contains(#""total":"0.00""#) || response.text.contains(#""total" : "0.00""#))
            }
            try await client.execute(uri: "/api/v1/contracts/\(id)/deadlines?on=2026-02-02", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""lastDay":"2026-02-10""#))   // 21 days from 20 January
                #expect(response.text.contains(#""date":"2027-02-01""#))      // engagement end
            }
        }
    }

    @Test func illegalTransitionsAre422AndChangeNothing() async throws {
        try await TestApp.run { client, _ in
            let id = try await Self.liveboxContract(client)
            _ = try await Self.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"requestTermination","on":"2026-05-22"}"#)
            let terminated = try await Self.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"terminate","on":"2026-06-01"}"#)
            #expect(terminated.status == .ok)
            for action in ["terminate", "suspend", "activate", "resume"] {
                let r = try await Self.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"\#(action)","on":"2026-06-02"}"#)
                #expect(r.status.code == 422, "\(action)")
                let error = try r.json(TMFErrorBody.self)
                #expect(error.reason == "cannot \(action) a contract that is terminated" && error.status == "422")
            }
            try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get) { response in
                let c = try response.json(ContractView.self)
                #expect(c.state == "terminated" && c.history.map(\.action) == ["activate", "requestTermination", "terminate"])
            }
        }
    }

    @Test func badOrdersAreRefusedWithTheField() async throws {
        try await TestApp.run { client, _ in
            let customer = try await Self.post(client, "/api/v1/customers", #"{"name":"Ali","kind":"consumer","territory":"YT"}"#).json(Customer.self)
            for (body, reason) in [
                (#"{"customer":"\#(customer.id)","offering":"mayotte-forfait-24-mois","engagementMonths":18,"orderedOn":"2026-03-01"}"#, "engagementMonths: 18 is not offered (24)"),
                (#"{"customer":"nobody","offering":"mayotte-forfait-24-mois","orderedOn":"2026-03-01"}"#, "customer: no customer 'nobody'"),
                (#"{"customer":"\#(customer.id)","offering":"nope","orderedOn":"2026-03-01"}"#, "offering: no offering 'nope' on sale on 2026-03-01"),
            ] {
                let r = try await Self.post(client, "/api/v1/contracts", body)
                #expect(r.status == .badRequest)
                let error = try r.json(TMFErrorBody.self)
                #expect(error.reason == reason)
            }
            let r = try await Self.post(client, "/api/v1/customers", #"{"name":"X","kind":"consumer","territory":"ZZ"}"#)
            #expect(r.status == .badRequest)
        }
    }

    /// 001 CG 2: « Le Client qui souscrit à distance a la faculté d'exercer son droit de rétractation […] dans un délai de
    /// vingt et un (21) jours calendaires à compter de la date de la commande » — ordered at a distance on 20 January 2026,
    /// the last day is 10 February; a shop sale has no withdrawal.
    @Test func aWithdrawalFollowsADistanceSaleWithinItsPeriod() async throws {
        try await TestApp.run { client, _ in
            let distance = try await Self.liveboxContract(client)
            let late = try await Self.post(client, "/api/v1/contracts/\(distance)/transitions", #"{"action":"withdraw","on":"2026-02-11"}"#)
            #expect(late.status == .unprocessableContent && late.text.contains("the withdrawal period ended on 2026-02-10"))
            let inTime = try await Self.post(client, "/api/v1/contracts/\(distance)/transitions", #"{"action":"withdraw","on":"2026-02-10"}"#)
            let withdrawn = try inTime.json(ContractView.self)
            #expect(inTime.status == .ok && withdrawn.state == "withdrawn")

            let customer = try await Self.post(client, "/api/v1/customers", #"{"name":"Paul","kind":"consumer","territory":"MQ"}"#).json(Customer.self)
            let shop = try await Self.post(client, "/api/v1/contracts", #"{"customer":"\#(customer.id)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
                .json(ContractView.self)
            let refused = try await Self.post(client, "/api/v1/contracts/\(shop.id)/transitions", #"{"action":"withdraw","on":"2026-01-22"}"#)
            #expect(refused.status == .badRequest && refused.text.contains("a withdrawal follows a distance sale only"))
        }
    }

    /// 001 CG 18.1 through the API: a move where the service cannot follow, asked 16 days after it, is refused as a
    /// legitimate reason (quote and request alike); asked on the 15th day, it is one.
    @Test func aMoveIsALegitimateReasonWithin15DaysThroughTheAPI() async throws {
        try await TestApp.run { client, _ in
            let id = try await Self.liveboxContract(client)
            let late = try await client.execute(uri: "/api/v1/contracts/\(id)/termination-quote?on=2026-03-17&reason=movingWhereUnavailable&movedOn=2026-03-01",
                                                method: .get)
            #expect(late.status == .badRequest && late.text.contains("more than 15 days after the move on 2026-03-01"))
            let refused = try await Self.post(client, "/api/v1/contracts/\(id)/transitions",
                                              #"{"action":"requestTermination","on":"2026-03-17","termination":{"reason":"movingWhereUnavailable","movedOn":"2026-03-01"}}"#)
            #expect(refused.status == .badRequest)
            let accepted = try await Self.post(client, "/api/v1/contracts/\(id)/transitions",
                                               #"{"action":"requestTermination","on":"2026-03-16","termination":{"reason":"movingWhereUnavailable","movedOn":"2026-03-01"}}"#)
            #expect(accepted.status == .ok, "\(accepted.text)")
        }
    }

    /// 001 Annexe 3 art. 3.1: a fixed line's RIO through the API while its contract runs; none for a mobile line, nor once
    /// the contract has ended.
    @Test func aFixedLinesRIOIsGivenWhileItsContractRuns() async throws {
        struct FixedRIO: Decodable { let number: String; let rio: String; let contractID: String; let engagementEnd: String?; let source: String }
        try await TestApp.run { client, _ in
            let id = try await Self.liveboxContract(client)
            #expect(try await Self.post(client, "/api/v1/lines", #"{"number":"0590 27 12 34","contractId":"\#(id)"}"#).status == .created)
            let r = try await client.execute(uri: "/api/v1/lines/%2B590590271234/rio", method: .get)
            #expect(r.status == .ok, "\(r.text)")
            let rio = try r.json(FixedRIO.self)
            let reference = String(id.uppercased().filter { $0.isLetter || $0.isNumber }.suffix(6))
            let matches = try RIO(rio.rio).matches(nationalNumber: "0590271234")
            #expect(rio.rio.hasPrefix("00F\(reference)") && matches)
            #expect(rio.contractID == id && rio.engagementEnd == "2027-02-01" && rio.source == "001 Annexe 3 art. 3.1")
            #expect(try await client.execute(uri: "/api/v1/lines/%2B590590279999/rio", method: .get).status == .notFound)

            let yt = try await Self.post(client, "/api/v1/customers", #"{"name":"Ali","kind":"consumer","territory":"YT"}"#).json(Customer.self)
            let mobile = try await Self.post(client, "/api/v1/contracts", #"{"customer":"\#(yt.id)","offering":"mayotte-forfait-24-mois","orderedOn":"2026-03-01","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
                .json(ContractView.self)
            #expect(try await Self.post(client, "/api/v1/lines", #"{"number":"0639 00 12 34","contractId":"\#(mobile.id)"}"#).status == .created)
            let refused = try await client.execute(uri: "/api/v1/lines/%2B262639001234/rio", method: .get)
            #expect(refused.status == .unprocessableContent && refused.text.contains("a fixed RIO is given for a fixed or VoIP number only"))

            #expect(try await Self.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"terminate","on":"2026-03-12"}"#).status == .ok)
            let ended = try await client.execute(uri: "/api/v1/lines/%2B590590271234/rio", method: .get)
            #expect(ended.status == .unprocessableContent && ended.text.contains("no longer serves a running contract"))
        }
    }

    /// 001 Annexes 1 et 2, CG 5.1-5.2: a technician's travel costs 107.60 € in DOM1 (GP, MQ) and 99.17 € in DOM2 (GF, MF,
    /// BL). Whichever of the two prices staff name, the customer's territory chooses; a price set once for all (004's site
    /// deployment) stays itself.
    @Test(arguments: [
        ("GF", "frais-deplacement-technicien-dom1", "99.17", "frais-deplacement-technicien-dom2"),
        ("GF", "frais-deplacement-technicien-dom2", "99.17", "frais-deplacement-technicien-dom2"),
        ("MQ", "frais-deplacement-technicien-dom2", "107.60", "frais-deplacement-technicien-dom1"),
        ("BL", "frais-construction-xdsl-dom1", "99.17", "frais-construction-xdsl-dom2"),
        ("MQ", "wte-frais-deploiement-site-price", nil, "wte-frais-deploiement-site-price"),
    ])
    func aZonesFeeIsTheCustomersZones(territory: String, named: String, amount: String?, charged: String) async throws {
        struct Charge: Decodable { let unitPrice: String; let source: String }
        try await TestApp.run { client, _ in
            let customer = try await Self.post(client, "/api/v1/customers", #"{"name":"Client","kind":"consumer","territory":"\#(territory)"}"#)
                .json(Customer.self)
            // A construction fee is billed from the activation (001 CG 7): the customer's Livebox runs since 1 May.
            let order = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(customer.id)","offering":"livebox-essentiel-xdsl","orderedOn":"2026-04-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await Self.post(client, "/api/v1/contracts/\(order)/transitions", #"{"action":"activate","on":"2026-05-01"}"#).status == .ok)
            let r = try await Self.post(client, "/api/v1/customers/\(customer.id)/charges", #"{"priceID":"\#(named)","on":"2026-05-04"}"#)
            #expect(r.status == .created, "\(r.text)")
            let charge = try r.json(Charge.self)
            #expect(charge.source.contains(" \(charged)@"))
            if let amount { #expect(charge.unitPrice == amount) }
        }
    }

    /// 001 CG 7: « les frais de raccordement sont facturés à compter de la mise en Service »: a connection fee (construction,
    /// fibre access, TV activation) dated before the customer's Livebox was activated, or for a customer without one, is
    /// refused; from the activation day it is charged. The technician's travel for an absence is not one: it comes before.
    @Test func aConnectionFeeIsNeverDatedBeforeTheActivation() async throws {
        try await TestApp.run { client, _ in
            let customer = try await Self.post(client, "/api/v1/customers", #"{"name":"Lou","kind":"consumer","territory":"MQ"}"#).json(Customer.self)
            func charge(_ price: String, _ on: String) async throws -> TestResponse {
                try await Self.post(client, "/api/v1/customers/\(customer.id)/charges", #"{"priceID":"\#(price)","on":"\#(on)"}"#)
            }
            let none = try await charge("frais-construction-xdsl-dom1", "2026-05-04")
            #expect(none.status == .badRequest && none.text.contains("no contract of this catalog is activated"), "\(none.text)")
            let order = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(customer.id)","offering":"livebox-essentiel-xdsl","orderedOn":"2026-04-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await Self.post(client, "/api/v1/contracts/\(order)/transitions", #"{"action":"activate","on":"2026-05-01"}"#).status == .ok)
            let early = try await charge("frais-acces-fibre-maison-individuelle", "2026-04-30")
            #expect(early.status == .badRequest && early.text.contains("(001 CG 7): the first was activated on 2026-05-01, after 2026-04-30"), "\(early.text)")
            #expect(try await charge("frais-construction-xdsl-dom1", "2026-05-01").status == .created)
            #expect(try await charge("frais-deplacement-technicien-dom1", "2026-04-25").status == .created)
        }
    }

    /// 001 CG 17: told the customer does not live at the address given, Orange e-mails her to update it; without an address
    /// on record the request is refused, naming why.
    @Test func aCustomerNotAtHerAddressIsAskedToUpdateIt() async throws {
        struct Mail: Decodable { let to: [String]; let subject: String; let body: String }
        try await TestApp.run { client, store in
            let lea = try await BillingRoutesTests.create(client, "/api/v1/customers",
                                                          #"{"name":"Léa","kind":"consumer","territory":"GP","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            let sent = try await Self.post(client, "/api/v1/customers/\(lea)/address-update-request", "{}")
            #expect(sent.status == .ok && sent.text.contains("e-mailed to lea@example.fr on 2026-11-21"), "\(sent.text)")
            let mails = try await store.events(stream: "outbox", after: 0).map { try JSONDecoder().decode(Mail.self, from: Data($0.payload.utf8)) }
            #expect(mails.map { "\($0.to) \($0.subject)" } == [#"["lea@example.fr"] Merci de mettre à jour vos coordonnées"#])
            let paul = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Paul","kind":"consumer","territory":"GP"}"#)
            let none = try await Self.post(client, "/api/v1/customers/\(paul)/address-update-request", "{}")
            #expect(none.status == .badRequest && none.text.contains("no e-mail address on record"), "\(none.text)")
            #expect(try await Self.post(client, "/api/v1/customers/cus_none/address-update-request", "{}").status == .notFound)
        }
    }

    /// A fee priced per zone has no amount for a zone the catalog does not price it in: refused, naming both.
    @Test func aZonesFeeWithoutTheCustomersZoneIsRefused() async throws {
        try await TestApp.run { client, _ in
            let customer = try await Self.post(client, "/api/v1/customers", #"{"name":"Ali","kind":"consumer","territory":"YT"}"#).json(Customer.self)
            let r = try await Self.post(client, "/api/v1/customers/\(customer.id)/charges", #"{"priceID":"frais-deplacement-technicien-dom1","on":"2026-05-04"}"#)
            let reason = try r.json(TMFErrorBody.self).reason
            #expect(r.status == .badRequest
                    && reason == "priceID: 'frais-deplacement-technicien-dom1' is the DOM1 price and the catalog has no YT one for a customer in YT")
        }
    }

    /// 001 CG 1: a Livebox is sold to a natural person living in the French Antilles-Guyane; a business, or a consumer in
    /// Mayotte, is refused with the article; a consumer in French Guiana is served.
    @Test(arguments: [
        ("consumer", "YT", "customer: a Livebox is sold to a customer living in the French Antilles-Guyane, GP, MQ, GF, MF, BL (001 CG 1), not in YT"),
        ("business", "MQ", "customer: a Livebox is sold to a natural person for private use (001 CG 1), not to a business customer"),
        ("consumer", "GF", nil),
    ])
    func aLiveboxIsSoldToWhomCG1Names(kind: String, territory: String, refusal: String?) async throws {
        try await TestApp.run { client, _ in
            let customer = try await Self.post(client, "/api/v1/customers", #"{"name":"Client","kind":"\#(kind)","territory":"\#(territory)"}"#)
                .json(Customer.self)
            let r = try await Self.post(client, "/api/v1/contracts", #"{"customer":"\#(customer.id)","offering":"livebox-essentiel-fibre","orderedOn":"2026-03-01","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            if let refusal {
                let reason = try r.json(TMFErrorBody.self).reason
                #expect(r.status == .badRequest && reason == refusal)
            } else {
                #expect(r.status == .created)
            }
        }
    }

    @Test func demoModeSeedsEachFamilyOnce() async throws {
        try await TestApp.run(demo: true) { client, _ in
            try await client.execute(uri: "/api/v1/contracts", method: .get) { response in
                let contracts = try response.json([ContractView].self)
                // Livebox, Mayotte mobile, WTE, and the demo operator's e-SAV subscription.
                #expect(contracts.count == 4)
                #expect(contracts.allSatisfy { $0.state == "active" })
                for c in contracts {
                    try await client.execute(uri: "/api/v1/contracts/\(c.id)/termination-quote?on=2026-11-21", method: .get) { quote in
                        #expect(quote.status == .ok)
                    }
                }
            }
        }
    }

    @Test func demoModeSeedsTickets() async throws {
        try await TestApp.run(demo: true) { client, _ in
            struct Ticket: Decodable { let ticketType: String; let status: String }
            let tickets = try (try await client.execute(uri: "/tmf-api/troubleTicket/v4/troubleTicket", method: .get)).json([Ticket].self)
            #expect(tickets.map(\.ticketType).sorted() == ["complaint", "eSoutien"])
            #expect(tickets.contains { $0.ticketType == "eSoutien" && $0.status == "pending" })
        }
    }

    @Test func businessesHaveSitesAndNamedUsers() async throws {
        try await TestApp.run { client, _ in
            let site = #"{"id":"s1","name":"Lyon","address":{"line1":"2 quai","postcode":"69002","city":"Lyon","territory":"FR"}}"#
            let ok = try await Self.post(client, "/api/v1/customers",
                #"{"name":"SARL","kind":"business","territory":"FR","sites":[\#(site)],"users":[{"id":"u1","name":"Ana","site":"s1"}]}"#)
            #expect(ok.status == .created)
            #expect(ok.text.contains(#""billingAccount":"ba_"#))
            for (body, reason) in [
                (#"{"name":"SARL","kind":"business","territory":"FR","sites":[\#(site)],"users":[{"id":"u1","name":"Ana","site":"s9"}]}"#, "users[u1].site: no site 's9'"),
                (#"{"name":"Léa","kind":"consumer","territory":"GP","sites":[\#(site)]}"#, "sites: only a business has sites and named users"),
                (#"{"name":"Léa","kind":"consumer","territory":"GP","address":{"line1":"x","postcode":"97100","city":"Basse-Terre","territory":"XX"}}"#, "address.territory: 'XX' is not a served territory"),
            ] {
                let r = try await Self.post(client, "/api/v1/customers", body)
                #expect(r.status == .badRequest)
                let error = try r.json(TMFErrorBody.self)
                #expect(error.reason == reason)
            }
        }
    }

    @Test func aBusinessDialPlanFromItsUsersDIDs() async throws {
        try await TestApp.run { client, _ in
            let addr = #"{"line1":"x","postcode":"31000","city":"Toulouse","territory":"FR"}"#
            let body = #"{"name":"SARL","kind":"business","territory":"FR","sites":[{"id":"tls","name":"Toulouse","address":\#(addr)},{"id":"ren","name":"Rennes","address":\#(addr)}],"users":[{"id":"a","name":"A","site":"tls","did":"+33562070410"},{"id":"b","name":"B","site":"tls","did":"+33562070411"},{"id":"c","name":"C","site":"ren","did":"+33223280411"}]}"#
            struct Customer: Decodable { let id: String }
            let cus = try await Self.post(client, "/api/v1/customers", body).json(Customer.self)
            try await client.execute(uri: "/api/v1/customers/\(cus.id)/dialplan", method: .get) { response in
                // 004 §2.6.3.3: the document's examples.
                #expect(response.text.contains(#""internalNumber":"501410""#))
                #expect(response.text.contains(#""internalNumber":"501411""#))
                #expect(response.text.contains(#""internalNumber":"502411""#))
                #expect(response.text.contains(#""problems":[]"#))
            }
            try await client.execute(uri: "/api/v1/numbers/0690123456", method: .get) { response in
                #expect(response.text.contains(#""e164":"+590690123456""#))
            }
            try await client.execute(uri: "/api/v1/numbers/06%2012", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
