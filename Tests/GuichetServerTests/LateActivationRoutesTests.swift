import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23: a late activation credits what the document owes the customer on the next invoice, in the activation's
/// transaction, with its article — unless staff record the document's exclusion.
@Suite struct LateActivationRoutesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let item: String, territory: String, offering: String, ordered: String, chosen: String?, activated: String
        var excluded: String? = nil
        let credit: String?
        var testDescription: String { item }
    }

    static let cases = [
        // 49.90 € a month (001 Annexe 1), ordered 1 March: due by 16 March; 17 to 20 March at 49.90/31 a day.
        Case(item: "001 CG 7.2: 4 days late in March", territory: "GP", offering: "livebox-essentiel-xdsl", ordered: "2026-03-01", chosen: nil,
             activated: "2026-03-20", credit: "-6.44"),
        Case(item: "001 CG 7.2: 26 days of May at /31 and 3 of June at /30", territory: "GF", offering: "livebox-essentiel-xdsl", ordered: "2026-04-20",
             chosen: nil, activated: "2026-06-03", credit: "-46.84"),
        Case(item: "001 CG 7.2: on the 15th day is in time", territory: "GP", offering: "livebox-essentiel-xdsl", ordered: "2026-03-01", chosen: nil,
             activated: "2026-03-16", credit: nil),
        Case(item: "001 CG 7.2: fibre is not concerned", territory: "MQ", offering: "livebox-essentiel-fibre", ordered: "2026-03-01", chosen: nil,
             activated: "2026-03-20", credit: nil),
        Case(item: "001 CG 7.2: the customer's act excludes it", territory: "GP", offering: "livebox-essentiel-xdsl", ordered: "2026-03-01", chosen: nil,
             activated: "2026-03-20", excluded: "le client a reporté le rendez-vous", credit: nil),
        // 003 CG 5: activation more than 2 days after the chosen date: 3.50 €, flat and final (the catalog's price).
        Case(item: "003 CG 5: 3 days after the chosen date", territory: "YT", offering: "mayotte-forfait-24-mois", ordered: "2026-03-01",
             chosen: "2026-03-10", activated: "2026-03-13", credit: "-3.50"),
        Case(item: "003 CG 5: 2 days after is in time", territory: "YT", offering: "mayotte-forfait-24-mois", ordered: "2026-03-01",
             chosen: "2026-03-10", activated: "2026-03-12", credit: nil),
    ]

    @Test(arguments: cases)
    func aLateActivationIsCreditedOnTheNextInvoice(_ c: Case) async throws {
        struct Made: Decodable { let id: String }
        struct Charge: Decodable { let label: String; let unitPrice: String; let on: String; let category: String; let source: String }
        struct Stated: Decodable { struct Step: Decodable { let action: String; let note: String? }; let history: [Step] }
        try await TestApp.run { client, _ in
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            let customer = try await post("/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"\#(c.territory)"}"#).json(Made.self).id
            let chosen = c.chosen.map { #","chosenActivationDate":"\#($0)""# } ?? ""
            let order = try await post("/api/v1/contracts", #"{"customer":"\#(customer)","offering":"\#(c.offering)","orderedOn":"\#(c.ordered)"\#(chosen),"presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            try #require(order.status == .created, "\(order.text)")
            let id = try order.json(Made.self).id
            let excluded = c.excluded.map { #","compensationExcluded":"\#($0)""# } ?? ""
            let activated = try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"\#(c.activated)"\#(excluded)}"#)
            #expect(activated.status == .ok, "\(activated.text)")
            let charges = try await client.execute(uri: "/api/v1/customers/\(customer)/charges", method: .get).json([Charge].self)
            #expect(charges.map { "\($0.category) \($0.on) \($0.label) \($0.unitPrice)" }
                    == (c.credit.map { ["credit \(c.activated) Indemnité pour activation tardive \($0)"] } ?? []))
            #expect(charges.allSatisfy { $0.source.hasPrefix(String(c.item.prefix(while: { $0 != ":" }))) && $0.source.hasSuffix("activated on \(c.activated))") })
            if let why = c.excluded {
                let history = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self).history
                #expect(history.last?.note == "no late-activation compensation: \(why)")
            }
        }
    }

    @Test func anExclusionIsGivenWithAnActivationOnly() async throws {
        try await TestApp.run { client, _ in
            let id = try await ContractRoutesTests.liveboxContract(client)
            let refused = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/transitions",
                                                             #"{"action":"suspend","on":"2026-03-01","compensationExcluded":"cause extérieure"}"#)
            #expect(refused.status == .badRequest, "\(refused.text)")
            #expect(try refused.json(TMFErrorBody.self).reason.contains("compensationExcluded"))
        }
    }
}
