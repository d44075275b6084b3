import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 001 CG 17 and 004 §7.2 on their days (D-RUN-23): a formal notice for misuse schedules the suspension on the first day
/// its document allows; the customer's compliance recorded before cancels it.
@Suite struct MisuseRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    typealias Stated = ObligationRoutesTests.Stated

    static func misuse(_ client: any TestClientProtocol, _ id: String, _ body: String) async throws -> TestResponse {
        try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/misuse", body)
    }

    @Test func aNoticeWithoutEffectSuspendsTheLineOnTheDayAfterItsFiveDays() async throws {
        try await TestApp.run { client, _ in
            func obligations(_ id: String) async throws -> [String] {
                try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self).map { "\($0.kind) \($0.state) \($0.dueOn) \($0.explanation.source)" }
            }
            func runDue(_ until: String) async throws -> [Due] {
                try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self)
            }
            // 001 CG 17: presented Friday 22 May 2026, without effect 23 to 27 May: suspended on 28 May.
            let id = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await Self.misuse(client, id, #"{"step":"cured","on":"2026-05-20"}"#).status == .badRequest)
            #expect(try await Self.misuse(client, id, #"{"step":"notice","on":"2026-05-22","reason":"modem non compatible"}"#).status == .ok)
            #expect(try await obligations(id) == ["misuseSuspension pending 2026-05-28 001 CG 17"])
            #expect(try await Self.misuse(client, id, #"{"step":"notice","on":"2026-05-23"}"#).status == .badRequest)
            #expect(try await runDue("2026-05-27").isEmpty)
            #expect(try await runDue("2026-05-28").map { "\($0.kind) \($0.state)" } == ["misuseSuspension done"])
            let suspended = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self)
            #expect(suspended.state == "suspended" && suspended.history.last?.on == "2026-05-28")
            #expect(suspended.history.last?.note?.hasPrefix("001 CG 17: formal notice for misuse without effect") == true)

            // The customer complies on 3 June: the suspension due on 7 June is cancelled, the line stays up.
            let cured = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await Self.misuse(client, cured, #"{"step":"notice","on":"2026-06-01"}"#).status == .ok)
            #expect(try await Self.misuse(client, cured, #"{"step":"cured","on":"2026-06-03"}"#).status == .ok)
            #expect(try await obligations(cured) == ["misuseSuspension cancelled 2026-06-07 001 CG 17"])
            #expect(try await runDue("2026-06-30").isEmpty)
            #expect(try await client.execute(uri: "/api/v1/contracts/\(cured)", method: .get).json(Stated.self).state == "active")
        }
    }

    /// 001 CG 18.2 (D-RUN-30): suspended on 28 May, the customer is sent a formal notice presented Monday 1 June; without
    /// effect 2 to 11 June, Orange terminates on 12 June — this Livebox and the customer's other one, each with its
    /// engagement's remaining fees due at once. Before the suspension no such notice is possible; complied with, nothing ends.
    @Test func aSuspendedCustomersNoticeWithoutEffectTerminatesEveryService() async throws {
        try await TestApp.run { client, _ in
            func runDue(_ until: String) async throws -> [Due] {
                try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self)
            }
            func state(_ id: String) async throws -> Stated { try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self) }
            let id = try await ContractRoutesTests.liveboxContract(client)
            let owner = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(AppointmentRoutesTests.Stated.self).customerID
            let other = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(owner)","offering":"livebox-infini-fibre","orderedOn":"2026-01-25","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(other)/transitions", #"{"action":"activate","on":"2026-02-01"}"#).status == .ok)
            let early = try await Self.misuse(client, id, #"{"step":"terminationNotice","on":"2026-05-20"}"#)
            #expect(early.status == .badRequest && early.text.contains("follows a suspension"), "\(early.text)")
            #expect(try await Self.misuse(client, id, #"{"step":"notice","on":"2026-05-22"}"#).status == .ok)
            #expect(try await runDue("2026-05-28").map(\.kind) == ["misuseSuspension"])
            #expect(try await Self.misuse(client, id, #"{"step":"terminationNotice","on":"2026-06-01"}"#).status == .ok)
            let due = try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self).filter { $0.state == "pending" }
            #expect(due.map { "\($0.kind) \($0.dueOn) \($0.explanation.source)" } == ["suspendedTermination 2026-06-12 001 CG 18.2"])
            #expect(try await runDue("2026-06-11").isEmpty)
            #expect(try await runDue("2026-06-12").map { "\($0.kind) \($0.state)" } == ["suspendedTermination done"])
            for c in [id, other] {
                let ended = try await state(c)
                #expect(ended.state == "terminated" && ended.history.last?.on == "2026-06-12", "\(c)")
            }
            #expect(try await state(other).history.last?.note?.contains("follows the termination of \(id)") == true)
            let charges = try await client.execute(uri: "/api/v1/customers/\(owner)/charges", method: .get).json([AppointmentRoutesTests.Charge].self)
            // Engaged to 31 January 2027: 18 days of June (/30, the last invoice bills June to the 12th, D-CTR-1) and July to
            // January: Infini Fibre 64.90 × 18/30 + 7 × 64.90 = 493.24; Essentiel Fibre 54.90 × 18/30 + 7 × 54.90 = 417.24.
            #expect(charges.map { "\($0.on) \($0.unitPrice)" } == ["2026-06-12 493.24", "2026-06-12 417.24"], "\(charges)")
            #expect(charges.allSatisfy { $0.source.hasPrefix("001 CG 18.2") }, "\(charges)")
        }
    }

    /// 004 §7.2: the LRAR received Friday 22 May 2026, 2 jours ouvrés — Whit Monday 25 May is not one — Tuesday 26 and
    /// Wednesday 27: suspended from Thursday 28; the held-mail notice deposited the day before counts first: from Wednesday 27.
    @Test(arguments: [(nil, "2026-05-28"), ("2026-05-21", "2026-05-27")] as [(String?, String)])
    func aWorkplaceNoticeCountsTwoBusinessDays(held: String?, from: String) async throws {
        try await TestApp.run { client, _ in
            let customer = try await BillingRoutesTests.workplace(client)
            struct Listed: Decodable { let id: String }
            let id = try await client.execute(uri: "/api/v1/contracts?customerId=\(customer)", method: .get).json([Listed].self)[0].id
            let held = held.map { #","heldMailNoticeDepositedOn":"\#($0)""# } ?? ""
            #expect(try await Self.misuse(client, id, #"{"step":"notice","on":"2026-05-22"\#(held)}"#).status == .ok)
            let due = try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self).filter { $0.kind == "misuseSuspension" }
            #expect(due.map { "\($0.dueOn) \($0.explanation.source)" } == ["\(from) 004 §7.2"])
        }
    }

    /// 003 CG 11.2.1 and 16.1 (D-CTR-21, D-CTR-7): Saïd's mobile line resells calls; the formal notice, presented Friday
    /// 22 May 2026, stays without effect 8 days: suspended on 31 May; the suspension not cured, the contract ends 15 days
    /// after it, on 15 June, with no further notice. Another line, cured after its suspension, is not terminated.
    @Test func aMayotteLineMisusedIsSuspendedThenTerminatedFifteenDaysLater() async throws {
        try await TestApp.run { client, _ in
            func obligations(_ id: String) async throws -> [String] {
                try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self).map { "\($0.kind) \($0.state) \($0.dueOn) \($0.explanation.source)" }
            }
            func runDue(_ until: String) async throws -> [String] {
                try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self).map { "\($0.kind) \($0.state)" }
            }
            func mayotte() async throws -> String { try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-sans-engagement").contract }
            let id = try await mayotte(), cured = try await mayotte()
            for c in [id, cured] {
                #expect(try await Self.misuse(client, c, #"{"step":"notice","on":"2026-05-22","reason":"revente de communications (003 CG 11.2.2)"}"#).status == .ok)
            }
            #expect(try await obligations(id) == ["misuseSuspension pending 2026-05-31 003 CG 11.2.1, 16.1", "misuseTermination pending 2026-06-15 003 CG 16.1"])
            #expect(try await runDue("2026-05-31") == ["misuseSuspension done", "misuseSuspension done"])
            #expect(try await Self.misuse(client, cured, #"{"step":"cured","on":"2026-06-05"}"#).status == .ok)
            #expect(try await runDue("2026-06-14").isEmpty)
            #expect(try await runDue("2026-06-15") == ["misuseTermination done"])
            let ended = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self)
            #expect(ended.state == "terminated" && ended.history.last?.on == "2026-06-15")
            #expect(try await obligations(cured).last == "misuseTermination cancelled 2026-06-15 003 CG 16.1")
            #expect(try await client.execute(uri: "/api/v1/contracts/\(cured)", method: .get).json(Stated.self).state == "suspended")
        }
    }
}

/// Issue 23: the answers to a move (001 CG 12, 18.1) and a change of offer (003 CG 6, CS-FB 6), reachable by staff.
@Suite struct ContractChangeRoutesTests {
    struct Moving: Decodable { let options: [String]; let freeTermination: Bool; let explanation: Explanation }
    struct Dated: Decodable { let date: String; let explanation: Explanation }

    @Test func aMoveAndAChangeOfOfferAreAnsweredFromTheContractsDocument() async throws {
        try await TestApp.run { client, _ in
            let livebox = try await ContractRoutesTests.liveboxContract(client)
            func moving(_ query: String) async throws -> TestResponse { try await client.execute(uri: "/api/v1/contracts/\(livebox)/moving?\(query)", method: .get) }
            // A home without service, asked 15 days after the move (by 16 June): a legitimate reason; a day later, fees apply.
            let inTime = try await moving("home=unavailable&on=2026-06-01&requestedOn=2026-06-16").json(Moving.self)
            #expect(inTime.freeTermination && inTime.explanation.source == "001 CG 18.1" && inTime.explanation.result == "asked by 2026-06-16: no fee")
            #expect(try await moving("home=unavailable&on=2026-06-01&requestedOn=2026-06-17").json(Moving.self).freeTermination == false)
            #expect(try await moving("home=castle").status == .badRequest)
            // 003 CG 6: a Mayotte line's change asked on 10 March applies on the next billing day, 1 April, if the customer
            // wishes; a day after it is refused; and 001's contract has no such rule.
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Nadia","kind":"consumer","territory":"YT"}"#)
            let mobile = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"mayotte-forfait-sans-engagement","orderedOn":"2026-01-05","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            func change(_ id: String, _ query: String) async throws -> TestResponse { try await client.execute(uri: "/api/v1/contracts/\(id)/offer-change?\(query)", method: .get) }
            let next = try await change(mobile, "requestedOn=2026-03-10&timing=nextBillingDay&toEngagementMonths=12").json(Dated.self)
            #expect(next.date == "2026-04-01" && next.explanation.source == "003 CG 6")
            #expect(try await change(mobile, "requestedOn=2026-03-10&timing=2026-04-02").status == .badRequest)
            #expect(try await change(livebox, "requestedOn=2026-03-10").status == .badRequest)
            // Any day has a next billing day, even one before invoices (schemathesis asked for 1320).
            #expect(try await change(mobile, "requestedOn=1320-04-24&timing=nextBillingDay").json(Dated.self).date == "1320-05-01")
        }
    }
}
