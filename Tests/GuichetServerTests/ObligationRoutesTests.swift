import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23: a termination request becomes the termination on its effective date, executed once; withdrawing the request
/// cancels it; a termination made sooner supersedes it.
@Suite struct ObligationRoutesTests {
    struct Due: Decodable { let id: String; let kind: String; let state: String; let dueOn: String; let dueAt: String; let outcome: String?; let explanation: Explanation }
    struct Stated: Decodable { struct Step: Decodable { let action: String; let on: String; let note: String? }; let state: String; let history: [Step] }

    @Test func aTerminationRequestIsCarriedOutOnItsEffectiveDateOnce() async throws {
        try await TestApp.run { client, _ in
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            func obligations(_ id: String) async throws -> [Due] { try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self) }
            func contract(_ id: String) async throws -> Stated { try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self) }
            func runDue(_ until: String) async throws -> [Due] { try await post("/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self) }

            let id = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"requestTermination","on":"2026-03-02"}"#).status == .ok)
            // 001 CG 18.1: effective 10 days after the request is received, 12 March; that day begins at 04:00 UTC in Guadeloupe.
            let scheduled = try await obligations(id)
            #expect(scheduled.map { "\($0.kind) \($0.state) \($0.dueOn) \($0.dueAt) \($0.explanation.source)" }
                    == ["terminate pending 2026-03-12 2026-03-12T04:00:00Z 001 CG 18.1"])
            // The contract's next action day, listed and filtered in SQL.
            struct Listed: Decodable { let id: String; let nextActionOn: String? }
            func nextActionBy(_ day: String) async throws -> [String] {
                try await client.execute(uri: "/api/v1/contracts?nextActionBy=\(day)", method: .get).json([Listed].self).map(\.id)
            }
            #expect(try await nextActionBy("2026-03-12") == [id])
            #expect(try await nextActionBy("2026-03-11").isEmpty)
            #expect(try await client.execute(uri: "/api/v1/contracts?nextActionBy=demain", method: .get).status == .badRequest)
            #expect(try await runDue("2026-03-11").isEmpty)
            let executed = try await runDue("2026-03-12")
            #expect(executed.map { "\($0.id) \($0.state)" } == ["\(scheduled[0].id) done"])
            let terminated = try await contract(id)
            #expect(terminated.state == "terminated" && terminated.history.last?.action == "terminate" && terminated.history.last?.on == "2026-03-12")
            #expect(terminated.history.last?.note?.hasPrefix("001 CG 18.1: effective date of the termination request") == true)
            // What it moves goes on the next invoice, on the day it took effect: 001 CG 18.1, the 50.00 fee of the catalog and
            // F × (N − m) = 54.90 × (12 − 1) = 603.90 (activated 1 February, one whole month to 12 March), less 1 to 12 March, which
            // the March invoice bills (12 × 54.90/31 = 21.25, D-RUN-10): 582.65.
            struct Owner: Decodable { let customerID: String }
            struct Charge: Decodable { let label: String; let unitPrice: String; let on: String; let category: String; let source: String }
            let owner = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Owner.self).customerID
            let charges = try await client.execute(uri: "/api/v1/customers/\(owner)/charges", method: .get).json([Charge].self)
            #expect(charges.map { "\($0.category) \($0.on) \($0.label) \($0.unitPrice)" }
                    == ["oneTime 2026-03-12 Frais de résiliation 50.00", "oneTime 2026-03-12 Mensualités restant dues jusqu'à la fin de l'engagement 582.65"])
            #expect(charges.allSatisfy { $0.source.hasPrefix("001 CG 18.1") && $0.source.hasSuffix("terminated on 2026-03-12)") }, "\(charges.map(\.source))")
            // Run again, and by the server's clock (21 November): nothing happens twice. The Livebox lent is expected back
            // within a month (001 CG 6.3, EquipmentReturnRoutesTests): claimed, then charged, by these later runs.
            #expect(try await runDue("2026-12-31").map(\.kind) == ["equipmentReturn", "equipmentFees"])
            #expect(try await post("/api/v1/obligations/run-due", "{}").json([Due].self).isEmpty)
            // Not beyond ten years: obligations schedule their successors, a far day would run centuries of them.
            let far = try await post("/api/v1/obligations/run-due", #"{"until":"3124-09-01"}"#)
            #expect(far.status == .badRequest && far.text.contains("more than ten years after today"), "\(far.text)")
            #expect(try await obligations(id).map { "\($0.kind) \($0.state)" } == ["terminate done", "equipmentReturn done", "equipmentFees done"])
            #expect(try await nextActionBy("2026-12-31").isEmpty)

            // A request withdrawn before its date: the termination is cancelled and never carried out.
            let kept = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await post("/api/v1/contracts/\(kept)/transitions", #"{"action":"requestTermination","on":"2026-04-01"}"#).status == .ok)
            #expect(try await post("/api/v1/contracts/\(kept)/transitions", #"{"action":"cancelTerminationRequest","on":"2026-04-03"}"#).status == .ok)
            #expect(try await obligations(kept).map { "\($0.state) \($0.outcome ?? "")" } == ["cancelled termination request withdrawn on 2026-04-03"])
            // A contract terminated sooner by staff: the scheduled termination is superseded.
            let sooner = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await post("/api/v1/contracts/\(sooner)/transitions", #"{"action":"requestTermination","on":"2026-05-04"}"#).status == .ok)
            #expect(try await post("/api/v1/contracts/\(sooner)/transitions", #"{"action":"terminate","on":"2026-05-06"}"#).status == .ok)
            #expect(try await obligations(sooner).map { "\($0.kind) \($0.state)" } == ["terminate superseded", "equipmentReturn pending"])
            #expect(try await runDue("2026-12-31").map(\.kind) == ["equipmentReturn", "equipmentFees"])
            #expect(try await contract(kept).state == "active")
            #expect(try await contract(sooner).history.last?.on == "2026-05-06")
        }
    }

    /// A termination request's terms date its execution and price it. Livebox Essentiel Fibre, 54.90 € a month, activated
    /// 1 February 2026 for 12 months (001 CG 18.1: effective 10 days after the request, or the customer's later date; a
    /// legitimate reason: at the latest 10 days after its documents, no fee and no remaining months). On 30 April, m = 2:
    /// 10 × 54.90 less April, which its invoice bills whole (30 × 54.90/30, D-RUN-10) = 494.10.
    @Test(arguments: [
        (#"{"requestedEffectiveOn":"2026-04-30"}"#, "2026-04-30",
         ["oneTime 2026-04-30 Frais de résiliation 50.00", "oneTime 2026-04-30 Mensualités restant dues jusqu'à la fin de l'engagement 494.10"]),
        (#"{"reason":"movingAbroad","documentsReceivedOn":"2026-03-05"}"#, "2026-03-15", []),
    ])
    func aTerminationRequestsTermsDateAndPriceItsExecution(terms: String, effective: String, charged: [String]) async throws {
        try await TestApp.run { client, _ in
            struct Owner: Decodable { let customerID: String }
            struct Charge: Decodable { let label: String; let unitPrice: String; let on: String; let category: String }
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            let id = try await ContractRoutesTests.liveboxContract(client)
            let requested = try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"requestTermination","on":"2026-03-02","termination":\#(terms)}"#)
            #expect(requested.status == .ok, "\(requested.text)")
            let scheduled = try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self)
            #expect(scheduled.map { "\($0.kind) \($0.state) \($0.dueOn)" } == ["terminate pending \(effective)"])
            #expect(try await post("/api/v1/obligations/run-due", #"{"until":"\#(effective)"}"#).json([Due].self).map(\.state) == ["done"])
            let owner = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Owner.self).customerID
            let charges = try await client.execute(uri: "/api/v1/customers/\(owner)/charges", method: .get).json([Charge].self)
            #expect(charges.map { "\($0.category) \($0.on) \($0.label) \($0.unitPrice)" } == charged)
            // Terms belong to a termination request only.
            let refused = try await post("/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"2026-12-01","termination":{"portOut":true}}"#)
            #expect(refused.status == .badRequest && refused.text.contains("termination"), "\(refused.text)")
        }
    }

    /// The obligations listed, due first (`GET /api/v1/obligations`), and the back office's week ahead: what is overdue,
    /// due today or this week.
    @Test func whatIsDueIsListedAndShownToStaff() async throws {
        try await TestApp.run(demo: true) { client, _ in
            struct Listed: Decodable { let id: String; let family: String; let state: String }
            let livebox = try #require(try await client.execute(uri: "/api/v1/contracts?family=livebox&state=active", method: .get).json([Listed].self).first)
            // Received on 18 November, the day of the server's clock is 21 November: due on the 28th (001 CG 18.1), this week.
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(livebox.id)/transitions",
                                                       #"{"action":"requestTermination","on":"2026-11-18"}"#).status == .ok)
            let pending = try await client.execute(uri: "/api/v1/obligations?state=pending&until=2026-11-28", method: .get)
            #expect(try pending.json([Due].self).map { "\($0.kind) \($0.dueOn)" } == ["terminate 2026-11-28"] && StateListsTests.total(pending) == 1)
            #expect(try await client.execute(uri: "/api/v1/obligations?state=pending&until=2026-11-27", method: .get).json([Due].self).isEmpty)
            #expect(try await client.execute(uri: "/api/v1/obligations?state=late", method: .get).status == .badRequest)
            let admin = try await PortalSession.open(client, "admin")
            let page = try await admin.get(client, "/back-office").text
            let section = page.components(separatedBy: "id=\"echeances\"").last?.components(separatedBy: "<h2").first ?? ""
            #expect(section.contains("28/11/2026 (cette semaine) — Résiliation à sa date d&#39;effet — <code>contract:\(livebox.id)</code>"), "\(section)")
        }
    }
}
