import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SDARoutesTests {
    @Test func rangesAllocationsReturnsAndQuarantine() async throws {
        try await TestApp.run { client, _ in
            func post(_ path: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/sda\(path)", body) }
            #expect(try await post("/ranges", #"{"first":"05 62 07 04 10","count":10}"#).status == .noContent)
            #expect(try await post("/allocations", #"{"number":"+33562070410","customer":"cus_a","site":"tls","user":"A","on":"2026-01-05"}"#).status == .noContent)
            let taken = try await post("/allocations", #"{"number":"+33562070410","customer":"cus_b","site":"x","on":"2026-01-06"}"#)
            #expect(taken.status.code == 422)
            #expect(try taken.json(TMFErrorBody.self).reason == "number '+33562070410': allocated to another customer")
            #expect(try await post("/releases", #"{"number":"+33562070410","on":"2026-03-01"}"#).status == .noContent)
            // 004 §4.4 and the 40 days of ARCEP quarantine: returned on 1 March, not free on 9 April, free on 10 April.
            struct Entry: Decodable { let e164: String; let origin: String; let customer: String? }
            func numbers(_ query: String) async throws -> (all: [String], total: String?) {
                let r = try await client.execute(uri: "/api/v1/sda?\(query)", method: .get)
                #expect(r.status == .ok, "\(query)")
                return (try r.json([Entry].self).map(\.e164), r.headers[HTTPField.Name("X-Total-Count")!])
            }
            #expect(try await numbers("availableOn=2026-04-09").all == (411...419).map { "+33562070\($0)" })
            #expect(try await numbers("availableOn=2026-04-10").all == (410...419).map { "+33562070\($0)" })
            // Paged in number order, counted from the same query.
            let page = try await numbers("availableOn=2026-04-10&offset=8&limit=5")
            #expect(page.all == ["+33562070418", "+33562070419"] && page.total == "10")
            #expect(try await post("/kept", #"{"number":"0590 27 12 34","customer":"cus_a","site":"gustavia"}"#).status == .noContent)
            let kept = try await client.execute(uri: "/api/v1/sda?customer=cus_a", method: .get).json([Entry].self)
            #expect(kept.map { "\($0.e164) \($0.origin)" } == ["+590590271234 kept"])
            // A kept number returned leaves the inventory (004 §4.4): listed nowhere, and it can be brought back.
            #expect(try await post("/releases", #"{"number":"+590590271234","on":"2026-05-01"}"#).status == .noContent)
            #expect(try await numbers("customer=cus_a").all.isEmpty)
            #expect(try await numbers("").total == "10")
            let again = try await post("/allocations", #"{"number":"+590590271234","customer":"cus_a","site":"gustavia","on":"2026-05-02"}"#)
            #expect(try again.json(TMFErrorBody.self).reason == "number '+590590271234': not in the inventory")
            #expect(try await post("/kept", #"{"number":"0590 27 12 34","customer":"cus_b","site":"pap"}"#).status == .noContent)
            #expect(try await numbers("customer=cus_b").all == ["+590590271234"])
            // A range that overlaps the stock is refused whole.
            let overlap = try await post("/ranges", #"{"first":"05 62 07 04 05","count":10}"#)
            #expect(try overlap.status.code == 422 && overlap.json(TMFErrorBody.self).reason == "number '+33562070410': already in the inventory")
            #expect(try await numbers("").total == "11")
        }
    }
}
