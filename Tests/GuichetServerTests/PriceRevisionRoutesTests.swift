import Foundation
import GuichetCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23, 004 §15.1: a running Workplace module's fee is revised by the index formula on the first day of its
/// signature's anniversary month, from the index values recorded, compounding year after year, and invoiced so.
@Suite struct PriceRevisionRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    struct Revised: Decodable {
        struct Revision: Decodable { let on: String; let amount: String; let explanation: Explanation }
        let state: String; let nextActionOn: String?; let revisions: [Revision]?; let customerID: String
    }
    struct Recording: Decodable { let recorded: Int; let held: Int; let replayed: Bool; let retried: [Due] }

    /// Hand-computed: Pack Calling at the catalog's sample 12.00 € HT, signed 15 March 2025, revised 1 March 2026 with
    /// S = 330.0 / S-1 = 320.0 and Eqpt = 105.0 / Eqpt-1 = 110.0 (the spec's worked example): 12.00 × (½ × 330/320 +
    /// ½ × 105/110) = 11.9147… → 11.91; on 1 March 2027 with S = 339.9 / S-1 = 330.0, Eqpt = Eqpt-1 = 105.0:
    /// 11.91 × (½ × 1.03 + ½) = 12.08865 → 12.09.
    static let indices = """
        series,published,value
        syntec,2025-02-01,320.0
        syntec,2026-02-01,330.0
        syntec,2027-02-01,339.9
        insee-010765308,2025-02-01,110.0
        insee-010765308,2026-02-01,105.0
        insee-010765308,2027-02-01,105.0
        """

    static func record(_ client: any TestClientProtocol, _ csv: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/catalogs/indices", method: .post, headers: [.contentType: "text/csv", .init("X-File-Name")!: "indices.csv"],
                                 body: ByteBuffer(string: csv))
    }

    @Test func aModuleIsRevisedOnEachAnniversaryMonthOnceAndInvoicedSo() async throws {
        try await TestApp.run { client, _ in
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            func obligations(_ id: String) async throws -> [Due] { try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self) }
            func runDue(_ until: String) async throws -> [Due] { try await post("/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self) }
            func contract(_ id: String) async throws -> Revised { try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Revised.self) }

            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Atelier & Cie","kind":"business","territory":"FR"}"#)
            let id = try await BillingRoutesTests.create(client, "/api/v1/contracts",
                                                         #"{"customer":"\#(cus)","offering":"wte-pack-calling","quantity":2,"engagementMonths":36,"orderedOn":"2025-03-15"}"#)
            #expect(try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"2025-04-01"}"#).status == .ok)
            // Scheduled with the order: the first day of the anniversary month, in Paris (23:00 UTC the day before); and the
            // term's tacit renewal at its end (004 §9.1 DUR-4, PriceRevisionRoutesTests.aWorkplaceTermIsRenewedTacitly).
            let first = try await obligations(id)
            #expect(first.map { "\($0.kind) \($0.state) \($0.dueOn) \($0.dueAt) \($0.explanation.source)" }
                    == ["revise pending 2026-03-01 2026-02-28T23:00:00Z 004 §15.1", "renew pending 2028-03-15 2028-03-14T23:00:00Z 004 §9.1 DUR-4"])
            #expect(try await contract(id).nextActionOn == "2026-03-01")

            // No index recorded yet: the revision fails, naming what it lacks, and the fee stays.
            let failed = try await runDue("2026-03-01")
            #expect(failed.map(\.state) == ["failed"])
            #expect(failed.first?.outcome?.hasPrefix("index 'syntec' has no value published on or before 2026-03-01") == true, "\(failed)")
            #expect(try await contract(id).revisions == nil)

            // Recording the values takes it up again, once however many times they are recorded.
            let recorded = try await Self.record(client, Self.indices)
            #expect(recorded.status == .created, "\(recorded.text)")
            let r = try recorded.json(Recording.self)
            #expect(r.recorded == 6 && r.held == 6 && !r.replayed && r.retried.map { "\($0.kind) \($0.state) \($0.dueOn)" } == ["revise pending 2026-03-01"])
            let again = try await Self.record(client, Self.indices)
            #expect(again.status == .ok)
            #expect(try again.json(Recording.self).retried.isEmpty)

            #expect(try await runDue("2026-02-28").isEmpty)
            let done = try await runDue("2026-03-01")
            #expect(done.map { "\($0.state) \($0.outcome ?? "")" } == ["done monthly fee 12.00 → 11.91 from 2026-03-01"])
            var revised = try await contract(id)
            #expect(revised.revisions?.map { "\($0.on) \($0.amount) \($0.explanation.source)" } == ["2026-03-01 11.91 004 §15.1"])
            #expect(revised.revisions?.first?.explanation.inputs["S-1"]?.hasSuffix("(2025-02-01)") == true)
            #expect(revised.nextActionOn == "2027-03-01")
            // The product inventory gives the fee in force by the server's clock (21 November 2026).
            struct Product: Decodable {
                struct Priced: Decodable { struct Price: Decodable { struct Amount: Decodable { let value: Decimal }; let dutyFreeAmount: Amount? }; let price: Price; let version: String }
                let productPrice: [Priced]
            }
            let product = try await client.execute(uri: "/tmf-api/productInventory/v5/product/\(id)", method: .get).json(Product.self)
            #expect(product.productPrice.map { "\($0.price.dutyFreeAmount?.value ?? 0) \($0.version)" } == ["11.91 wte-pack-calling-monthly@2024-01-01, revised 2026-03-01"])
            // Run twice: nothing happens twice.
            #expect(try await runDue("2026-03-01").isEmpty)
            // The next year compounds on the revised fee.
            #expect(try await runDue("2027-03-01").map { "\($0.state) \($0.outcome ?? "")" } == ["done monthly fee 11.91 → 12.09 from 2027-03-01"])
            revised = try await contract(id)
            #expect(revised.revisions?.map { "\($0.on) \($0.amount)" } == ["2026-03-01 11.91", "2027-03-01 12.09"] && revised.nextActionOn == "2028-03-01")

            // The invoices (listed newest first): February at the order's fee, March at the revised one, saying so.
            for period in ["2026-02", "2026-03"] { try await Self.billRun(client, period) }
            let lines = try await BillingRoutesTests.invoices(client, cus).reversed().flatMap(\.invoice.lines).filter { $0.category == "recurring" }
            #expect(lines.map { "\($0.label) \($0.quantity) \($0.amount)" }
                    == ["Pack Calling 2 24.00", "Pack Calling (prix révisé au 01/03/2026) 2 23.82"], "\(lines.map(\.label))")

            // A contract that ends owes no later revision.
            #expect(try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"terminate","on":"2027-06-30"}"#).status == .ok)
            #expect(try await obligations(id).map { "\($0.kind) \($0.dueOn) \($0.state) \($0.outcome ?? "")" }.suffix(2)
                    == ["revise 2028-03-01 superseded terminated on 2027-06-30 by another change", "renew 2028-03-15 superseded terminated on 2027-06-30 by another change"])
            #expect(try await contract(id).nextActionOn == nil)
        }
    }

    /// 004 §9.1 DUR-4: 3 packs signed 10 January 2024 for 36 months: the term ends on 10 January 2027 and is renewed for 12
    /// months, to 10 January 2028, then again; the contracts list gives the term in force.
    @Test func aWorkplaceTermIsRenewedTacitly() async throws {
        try await TestApp.run { client, _ in
            struct Listed: Decodable { let id: String; let renewals: Int?; let nextActionOn: String? }
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Atelier & Cie","kind":"business","territory":"FR"}"#)
            let id = try await BillingRoutesTests.create(client, "/api/v1/contracts",
                                                         #"{"customer":"\#(cus)","offering":"wte-pack-calling","quantity":3,"engagementMonths":36,"orderedOn":"2024-01-10"}"#)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"2024-02-01"}"#).status == .ok)
            func runDue(_ until: String) async throws -> [Due] { try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self) }
            // The revisions fail without index values (none recorded here); the renewal does not need them.
            #expect(try await runDue("2027-01-09").filter { $0.kind == "renew" }.isEmpty)
            let renewed = try await runDue("2027-01-10").filter { $0.kind == "renew" }
            #expect(renewed.map { "\($0.state) \($0.outcome ?? "")" } == ["done renewed for 12 months, to 2028-01-10"])
            let listed = try await client.execute(uri: "/api/v1/contracts?engagementEnd=2028-01-10", method: .get).json([Listed].self)
            #expect(listed.map { "\($0.id) \($0.renewals ?? 0)" } == ["\(id) 1"])
            #expect(try await runDue("2028-01-10").filter { $0.kind == "renew" }.map(\.outcome) == ["renewed for 12 months, to 2029-01-10"])
            #expect(try await runDue("2028-01-10").isEmpty)
        }
    }

    @Test func indexValuesAreListedAndABadFileIsRefusedByLine() async throws {
        try await TestApp.run { client, _ in
            #expect(try await Self.record(client, Self.indices).status == .created)
            struct Value: Decodable { let series: String; let published: String; let value: String }
            let held = try await client.execute(uri: "/api/v1/catalogs/indices", method: .get).json([Value].self)
            #expect(held.map { "\($0.series) \($0.published) \($0.value)" }.prefix(2) == ["insee-010765308 2025-02-01 110.000", "insee-010765308 2026-02-01 105.000"])
            let bad = try await Self.record(client, "series,published,value\nsyntec,2026-13-01,330.0\n")
            #expect(bad.status == .badRequest && bad.text.contains("indices.csv:2: published"), "\(bad.text)")
            #expect(try await Self.record(client, "series,published,value\n").text.contains("holds no index value"))
        }
    }

    /// A bill run of `period`, waited for.
    static func billRun(_ client: any TestClientProtocol, _ period: String) async throws {
        let started = try await BillingRoutesTests.post(client, "/api/v1/bill-runs", #"{"period":"\#(period)"}"#)
        let id = try started.json(BillingRoutesTests.Created.self).id
        for _ in 0..<200 {
            struct Run: Decodable { let finishedAt: String? }
            if try await client.execute(uri: "/api/v1/bill-runs/\(id)", method: .get).json(Run.self).finishedAt != nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }
}
