import Foundation
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
            // 40 days of quarantine: not available on 9 April, available on 10 April.
            try await client.execute(uri: "/api/v1/sda?availableOn=2026-04-09", method: .get) { r in
                #expect(r.text.contains(#""available":["+33562070411""#))   // sorted: the returned number is not first any more
            }
            try await client.execute(uri: "/api/v1/sda?availableOn=2026-04-10", method: .get) { r in #expect(r.text.contains(#""available":["+33562070410""#)) }
            #expect(try await post("/kept", #"{"number":"0590 27 12 34","customer":"cus_a","site":"gustavia"}"#).status == .noContent)
            try await client.execute(uri: "/api/v1/sda?customer=cus_a", method: .get) { r in #expect(r.text.contains(#""origin":"kept""#)) }
        }
    }
}
