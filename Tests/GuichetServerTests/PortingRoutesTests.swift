import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PortingRoutesTests {
    @Test func aMobilePortInWithItsDates() async throws {
        try await TestApp.run { client, _ in
            // RIO test vector for 0696100152 (reference-numbering §5.5), a Martinique mobile.
            let created = try await ContractRoutesTests.post(client, "/api/v1/porting-requests",
                                                             #"{"number":"0696 10 01 52","rio":"02P131780R0W","requestedOn":"2026-05-22","desiredDate":"2026-06-30"}"#)
            #expect(created.status == .created)
            struct View: Decodable { struct P: Decodable { let id: String; let temporaryNumberFrom: String?
                struct D: Decodable { let date: String }; let committedPortingDate: D? }; let porting: P }
            let v = try created.json(View.self)
            #expect(v.porting.committedPortingDate?.date == "2026-06-30")
            #expect(v.porting.temporaryNumberFrom == "2026-06-06")   // 003 CG 19.2: from the 15th day
            let done = try await ContractRoutesTests.post(client, "/api/v1/porting-requests/\(v.porting.id)/transitions", #"{"action":"complete","on":"2026-06-30"}"#)
            #expect(done.status.code == 422)   // not accepted yet
            let accepted = try await ContractRoutesTests.post(client, "/api/v1/porting-requests/\(v.porting.id)/transitions", #"{"action":"accept","on":"2026-05-23"}"#)
            #expect(accepted.status == .ok)
            try await client.execute(uri: "/api/v1/porting-requests/\(v.porting.id)", method: .get) { response in
                #expect(response.text.contains(#""state":"accepted""#))
            }
        }
    }

    @Test func aWrongRIOIsRefused() async throws {
        try await TestApp.run { client, _ in
            let r = try await ContractRoutesTests.post(client, "/api/v1/porting-requests", #"{"number":"0696100152","rio":"02P131780R0X","requestedOn":"2026-05-22"}"#)
            #expect(r.status == .badRequest)
            let error = try r.json(TMFErrorBody.self)
            #expect(error.reason == "RIO '02P131780R0X': its key does not match 0696100152 (RIO incorrect)")
        }
    }
}
