import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct TMFProductTests {
    @Test func aProductOrderCreatesProductsInTheInventory() async throws {
        try await TestApp.run { client, _ in
            struct Customer: Decodable { let id: String }
            let cus = try await ContractRoutesTests.post(client, "/api/v1/customers", #"{"name":"SARL","kind":"business","territory":"FR"}"#).json(Customer.self)
            let order = """
                {"orderDate":"2026-01-05","relatedParty":[{"id":"\(cus.id)","role":"customer"}],
                 "productOrderItem":[{"id":"1","action":"add","quantity":7,"productOffering":{"id":"wte-pack-calling"},
                                      "itemTerm":[{"duration":{"amount":36,"units":"month"}}]}]}
                """
            let created = try await ContractRoutesTests.post(client, "/tmf-api/productOrderingManagement/v5/productOrder", order)
            #expect(created.status == .created)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any])
            #expect(body["state"] as? String == "completed")
            let item = try #require((body["productOrderItem"] as? [[String: Any]])?.first)
            let productID = try #require((item["product"] as? [String: Any])?["id"] as? String)
            try await client.execute(uri: "/tmf-api/productInventory/v5/product/\(productID)", method: .get) { response in
                #expect(response.status == .ok)
                let p = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(p["status"] as? String == "pendingActive" && p["@type"] as? String == "Product")
                let term = try #require((p["productTerm"] as? [[String: Any]])?.first)
                #expect((term["validFor"] as? [String: Any])?["endDateTime"] as? String == "2029-01-05T00:00:00Z")   // 004 §9.1: 36 months from signature
            }
            try await client.execute(uri: "/tmf-api/productInventory/v5/product?status=pendingActive", method: .get) { response in
                #expect(response.headers[.init("X-Total-Count")!] == "1")
            }
            let bad = try await ContractRoutesTests.post(client, "/tmf-api/productOrderingManagement/v5/productOrder",
                                                         order.replacingOccurrences(of: "\"amount\":36", with: "\"amount\":24"))
            #expect(bad.status == .badRequest)
            let error = try bad.json(TMFErrorBody.self)
            #expect(error.reason == "productOrderItem[1]: engagementMonths: 24 is not offered (36, 60)")
        }
    }
}
