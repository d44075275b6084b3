import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 8.2.2 through the API: the Livebox lines in service are given to directory publishers unless their subscriber
/// objects; the choices are recorded on the line; a Mayotte mobile (003 publishes nothing by default) is never given.
@Suite struct DirectoryRoutesTests {
    struct Entry: Decodable { let number: String; let name: String; let address: Address?; let noProspecting: Bool }

    @Test func publishersReceiveTheListedLinesAsTheirSubscribersChose() async throws {
        try await TestApp.run { client, _ in
            typealias B = BillingRoutesTests
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            func put(_ uri: String, _ body: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .put, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            }
            func directory() async throws -> [String] {
                try await client.execute(uri: "/api/v1/directory", method: .get).json([Entry].self)
                    .map { "\($0.number) \($0.name) \($0.address?.city ?? "-") \($0.noProspecting)" }
            }
            var lines: [String: String] = [:]
            for (name, number) in [("Léa Hoarau", "0590 27 12 34"), ("Paul Ursulet", "0590 27 12 35")] {
                let cus = try await B.create(client, "/api/v1/customers", #"{"name":"\#(name)","kind":"consumer","territory":"GP","address":{"line1":"1 rue Nozières","postcode":"97110","city":"Pointe-à-Pitre","territory":"GP"}}"#)
                let ctr = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
                #expect(try await post("/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-02-01"}"#).status == .ok)
                #expect(try await post("/api/v1/lines", #"{"number":"\#(number)","contractId":"\#(ctr)"}"#).status == .created)
                lines[name] = number
            }
            let ali = try await B.create(client, "/api/v1/customers", #"{"name":"Ali Madi","kind":"consumer","territory":"YT"}"#)
            let mobile = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(ali)","offering":"mayotte-forfait-24-mois","orderedOn":"2026-01-05","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await post("/api/v1/contracts/\(mobile)/transitions", #"{"action":"activate","on":"2026-01-06"}"#).status == .ok)
            #expect(try await post("/api/v1/lines", #"{"number":"0639 00 12 34","contractId":"\#(mobile)"}"#).status == .created)

            // Published by default, as held.
            #expect(try await directory() == ["+590590271234 Léa Hoarau Pointe-à-Pitre false", "+590590271235 Paul Ursulet Pointe-à-Pitre false"])
            // Paul chooses the Liste Rouge; Léa her initial only, no address, and the anti-prospection list.
            #expect(try await put("/api/v1/lines/+590590271235/directory", #"{"unlisted":true}"#).status == .ok)
            #expect(try await put("/api/v1/lines/%2B590590271234/directory", #"{"initialOnly":true,"hideAddress":true,"noProspecting":true}"#).status == .ok)
            #expect(try await directory() == ["+590590271234 L. Hoarau - true"])
            #expect(try await put("/api/v1/lines/+590590279999/directory", #"{"unlisted":true}"#).status == .notFound)
        }
    }
}
