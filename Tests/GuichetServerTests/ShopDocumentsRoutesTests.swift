import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 2, 003 CG 3.1 (D-CTR-19): « Le Client doit présenter les documents justificatifs suivants lors de la
/// souscription »: a shop sale is recorded with them, or refused naming what is missing; a distance sale sends copies.
@Suite struct ShopDocumentsRoutesTests {
    struct Presented: Decodable { struct D: Decodable { let identity: String; let proofOfAddress: Bool }; let presentedDocuments: D? }

    @Test(arguments: [
        // (article, kind, territory, offering, the order's extra fields, the refusal's words; nil: recorded)
        ("001 CG 2", "consumer", "GP", "livebox-essentiel-fibre", "", "a subscription at a shop records the documents presented"),
        ("001 CG 2", "consumer", "GP", "livebox-essentiel-fibre", #","presentedDocuments":{"identity":"circulationBooklet","bankDetails":true}"#,
         "circulationBooklet is not an identity document 001 CG 2 accepts"),
        ("001 CG 2", "consumer", "GP", "livebox-essentiel-fibre", #","presentedDocuments":{"identity":"passport","bankDetails":false}"#,
         "bank or postal details in the holder's name are presented (001 CG 2)"),
        ("001 CG 2", "consumer", "MQ", "livebox-infini-fibre", #","presentedDocuments":{"identity":"residencePermit","bankDetails":true,"addressesDiffer":true}"#,
         "the documents' addresses differ: a proof of address"),
        ("001 CG 2", "consumer", "MQ", "livebox-infini-fibre",
         #","presentedDocuments":{"identity":"residencePermit","bankDetails":true,"addressesDiffer":true,"proofOfAddress":true}"#, nil),
        ("003 CG 3.1", "consumer", "YT", "mayotte-forfait-24-mois", #","presentedDocuments":{"identity":"circulationBooklet","bankDetails":true}"#, nil),
        ("003 CG 3.1", "business", "YT", "mayotte-forfait-24-mois", #","presentedDocuments":{"identity":"passport","bankDetails":true}"#,
         "a legal person presents its trade register extract and the mandate of whoever signs (003 CG 3.1)"),
        ("003 CG 3.1", "business", "YT", "mayotte-forfait-24-mois",
         #","presentedDocuments":{"identity":"passport","bankDetails":true,"companyExtract":true,"mandate":true}"#, nil),
        ("001 CG 2", "consumer", "GP", "livebox-essentiel-fibre", #","distanceSale":true,"presentedDocuments":{"identity":"passport","bankDetails":true}"#,
         "a distance sale sends copies of its documents"),
        ("004", "business", "FR", "wte-pack-calling", #","engagementMonths":36,"presentedDocuments":{"identity":"passport","bankDetails":true}"#,
         "this contract's document asks for no documents at its subscription"),
    ] as [(String, String, String, String, String, String?)])
    func aShopSaleRecordsWhatWasPresented(_ article: String, _ kind: String, _ territory: String, _ offering: String, _ extra: String,
                                          _ refusal: String?) async throws {
        try await TestApp.run { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Client","kind":"\#(kind)","territory":"\#(territory)"}"#)
            let r = try await ContractRoutesTests.post(client, "/api/v1/contracts",
                                                       #"{"customer":"\#(cus)","offering":"\#(offering)","orderedOn":"2026-11-02"\#(extra)}"#)
            if let refusal {
                #expect(r.status == .badRequest && r.text.contains(refusal), "\(r.text)")
            } else {
                #expect(r.status == .created, "\(r.text)")
                #expect(try r.json(Presented.self).presentedDocuments != nil)
            }
        }
    }
}
