import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct CatalogRoutesTests {
    static let base = "/tmf-api/productCatalogManagement/v5"
    static let offeringCount = 52   // 6 Livebox + 23 forfaits + 4 e-soutien + 4 Mayotte + 15 Workplace Together Essentials

    @Test func productOfferingsArePaged() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "\(Self.base)/productOffering?limit=2&offset=0", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.init("X-Total-Count")!] == "\(Self.offeringCount)")
                #expect(response.headers[.init("X-Result-Count")!] == "2")
                let items = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                #expect(items.count == 2)
                #expect(items.allSatisfy { $0["@type"] as? String == "ProductOffering" && ($0["href"] as? String)?.hasPrefix(Self.base) == true })
            }
            try await client.execute(uri: "\(Self.base)/productOffering?limit=5&offset=50", method: .get) { response in
                #expect(response.headers[.init("X-Result-Count")!] == "2")
            }
        }
    }

    @Test func unknownIdsAre404InTheTMFShape() async throws {
        try await TestApp.run { client, _ in
            for path in ["productOffering/nope", "productOfferingPrice/nope", "productSpecification/nope", "catalog/nope", "category/nope"] {
                try await client.execute(uri: "\(Self.base)/\(path)", method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    let error = try response.json(TMFErrorBody.self)
                    #expect(error.code == "notFound" && error.status == "404" && error.reason.hasSuffix("'nope' not found"))
                }
            }
        }
    }

    @Test func fieldsSelectAttributes() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "\(Self.base)/productOffering/livebox-infini-fibre?fields=name", method: .get) { response in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(Set(object.keys) == ["id", "href", "@type", "name"])
                #expect(object["name"] as? String == "Livebox Infini Fibre")
            }
        }
    }

    @Test func pricesCarryTheirAmountVersionAndTaxBasis() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "\(Self.base)/productOfferingPrice/livebox-essentiel-fibre-monthly", method: .get) { response in
                #expect(response.status == .ok)
                let p = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(p["id"] as? String == "livebox-essentiel-fibre-monthly@2024-01-01")
                #expect(p["priceType"] as? String == "recurring")
                #expect(p["taxIncluded"] as? Bool == true)
                #expect(response.text.contains(#""price":{"unit":"EUR","value":54.9}"#))
            }
        }
    }

    @Test(arguments: [
        ("lifecycleStatus=Active", 52), ("lifecycleStatus=Retired", 0), ("validOn=2023-12-31", 0), ("validOn=2026-11-21", 52),
    ])
    func filtersByStatusAndValidity(query: String, count: Int) async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "\(Self.base)/productOffering?\(query)", method: .get) { response in
                #expect(response.headers[.init("X-Total-Count")!] == "\(count)")
            }
        }
    }

    @Test func badListParametersAreNamed() async throws {
        try await TestApp.run { client, _ in
            for (query, reason) in [("limit=-1", "limit: '-1' is not a whole number ≥ 0"),
                                    ("lifecycleStatus=Alive", "lifecycleStatus: 'Alive' is not one of In design, Active, Retired, Obsolete")] {
                try await client.execute(uri: "\(Self.base)/productOffering?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest)
                    let error = try response.json(TMFErrorBody.self)
                    #expect(error.reason == reason)
                }
            }
        }
    }

    static let newCatalog = """
        catalog: {id: fibre-pro, name: Fibre Pro, document: "001"}
        offerings:
          - {id: fibre-pro-1g, name: Fibre Pro 1G, category: internet-pro, validFrom: 2026-01-01, source: operator}
        prices:
          - {id: fibre-pro-1g-monthly, name: Monthly, offering: fibre-pro-1g, kind: recurring, unit: month, amount: "79.00", sample: true, taxIncluded: false, taxZone: DOM1, validFrom: 2026-01-01, source: operator}
        """

    @Test func anImportIsValidatedStoredOnceAndServed() async throws {
        try await TestApp.run { client, _ in
            let bad = Self.newCatalog.replacingOccurrences(of: "offering: fibre-pro-1g,", with: "offering: fibre-pro-10g,")
            try await client.execute(uri: "/api/v1/catalogs/imports", method: .post, headers: [.init("X-File-Name")!: "fibre-pro.yaml"],
                                     body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest)
                let error = try response.json(TMFErrorBody.self)
                #expect(error.reason == "fibre-pro.yaml:5: error: prices[fibre-pro-1g-monthly].offering: unknown offering 'fibre-pro-10g'")
            }
            // The bad import changed nothing.
            try await client.execute(uri: "\(Self.base)/productOffering", method: .get) { response in
                #expect(response.headers[.init("X-Total-Count")!] == "\(Self.offeringCount)")
            }
            for expected in [HTTPResponse.Status.created, .ok] {
                try await client.execute(uri: "/api/v1/catalogs/imports", method: .post, body: ByteBuffer(string: Self.newCatalog)) { response in
                    #expect(response.status == expected)
                }
            }
            try await client.execute(uri: "\(Self.base)/productOffering/fibre-pro-1g", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aRevisionIsStoredAndServedFromItsDate() async throws {
        try await TestApp.run { client, store in
            let registry = try await CatalogRegistry(store: store, folder: RepositoryFiles.path("Catalogs"), taxZones: Set(try ReferenceData.taxZones().keys))
            let indices = try IndexFile.parse("""
                syntec,2026-02-01,322.0
                syntec,2027-02-01,331.2
                insee-010765308,2026-02-15,103.1
                insee-010765308,2027-02-15,104.6
                """, file: "i.csv")
            let day = try LocalDate(iso: "2027-03-01")
            let first = try await registry.revise(catalogID: "workplace-together-essentials", on: day, indices: indices, at: TestApp.now)
            // By price id, all samples: ATA purchase and rental, DECT base, DECT handset, deployment fee, Calling,
            // Espace de travail, Suite, IP phone purchase and rental (× 331.2/322.0 Syntec, 004 price revision).
            #expect(first.lines.map(\.revised.description) == ["61.29", "3.06", "183.88", "9.19", "97.05", "5.11", "153.23", "12.26", "8.17", "18.39",
                                                                "122.59", "6.13"])
            let again = try await registry.revise(catalogID: "workplace-together-essentials", on: day, indices: indices, at: TestApp.now)
            #expect(again.replayed)
            // 001 CG 10.5: Livebox prices change with a regulatory change (VAT) only, never by index; 003 has no index clause.
            func refusal(_ catalog: String) async -> [String] {
                do { _ = try await registry.revise(catalogID: catalog, on: day, indices: indices, at: TestApp.now); return [] } catch let e as CatalogLoadError {
                    return e.errors.map(\.description)
                } catch { return ["\(error)"] }
            }
            #expect(await refusal("livebox-antilles-guyane") == ["catalog 'livebox-antilles-guyane' is not revised by index: 001 CG 10.5: its prices change only with a legislative or regulatory change, such as a VAT rate, by at most its variation"])
            #expect(await refusal("mobile-mayotte") == ["catalog 'mobile-mayotte' is not revised by index: 003 provides no revision of its prices by index"])
            #expect(try await store.events(stream: CatalogRegistry.stream, after: 0).count == 12)
            // A fresh registry (a restarted server) sees the revision from the database.
            let restarted = try await CatalogRegistry(store: store, folder: RepositoryFiles.path("Catalogs"), taxZones: Set(try ReferenceData.taxZones().keys))
            #expect(await restarted.current.prices.price("wte-pack-calling-monthly", on: day)?.amount == (try Money("12.26")))
            #expect(await restarted.current.prices.price("wte-pack-calling-monthly", on: day.adding(days: -1))?.amount == (try Money("12.00")))
        }
    }

    @Test func tariffLookUpByNumber() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/api/v1/tariffs/lookup?catalog=livebox-antilles-guyane&number=%2B14734400000&lineType=fixed", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""tariff":"A4-F12""#))
            }
        }
    }
}
