import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23: a contract that ends releases its line, in the transaction that ends it (D-RUN-18): the line ends that day,
/// usage after it is no longer its contract's, the number may serve another contract; a Workplace customer's last
/// contract returns its SDA numbers to stock for their quarantine (004 §4.4).
@Suite struct LineReleaseRoutesTests {
    struct Line: Decodable { let contractID: String; let endedOn: String?; let endedBecause: String? }
    struct Report: Decodable { let rated: Int; let quarantined: Int }
    struct Quarantined: Decodable { let field: String; let reason: String }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await ContractRoutesTests.post(client, uri, body)
    }

    /// 001 Annexe 3 art. 3.3, second paragraph: Léa, sold at a distance on 20 January 2026, ports her number out on
    /// 9 February, within the withdrawal period: nothing is charged but the service to that day, and her equipment is due
    /// back within the withdrawal's 14 days from the porting (CG 2): claimed on 24 February (D-NUM-7).
    @Test func aPortOutWithinTheWithdrawalPeriodIsAWithdrawal() async throws {
        try await TestApp.run { client, _ in
            let id = try await ContractRoutesTests.liveboxContract(client)
            let request = #"{"action":"requestTermination","on":"2026-02-09","termination":{"portOut":true}}"#
            #expect(try await Self.post(client, "/api/v1/contracts/\(id)/transitions", request).status == .ok)
            #expect(try await Self.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-02-09"}"#).status == .ok)
            let owner = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(AppointmentRoutesTests.Stated.self)
            #expect(owner.state == "terminated")
            let charges = try await client.execute(uri: "/api/v1/customers/\(owner.customerID)/charges", method: .get).json([AppointmentRoutesTests.Charge].self)
            #expect(charges.isEmpty, "\(charges)")
            let due = try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([ObligationRoutesTests.Due].self)
                .filter { $0.kind == "equipmentReturn" }
            #expect(due.map { "\($0.dueOn) \($0.explanation.source)" } == ["2026-02-24 001 CG 2"], "\(due)")
        }
    }

    /// 001 Annexe 3 art. 3.3: porting the number out ends the contract on the porting day, and the line with it.
    @Test func aNumberPortedOutEndsItsLineOnThePortingDay() async throws {
        try await TestApp.run { client, _ in
            let (_, contract) = try await UsageRoutesTests.liveboxLine(client)
            let request = #"{"action":"requestTermination","on":"2026-05-04","termination":{"portOut":true}}"#
            #expect(try await Self.post(client, "/api/v1/contracts/\(contract)/transitions", request).status == .ok)
            // Before the run, the line still serves its contract.
            #expect(try await client.execute(uri: "/api/v1/lines/+590590271234", method: .get).json(Line.self).endedOn == nil)
            #expect(try await Self.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-05-04"}"#).status == .ok)
            let line = try await client.execute(uri: "/api/v1/lines/+590590271234", method: .get).json(Line.self)
            #expect(line.contractID == contract && line.endedOn == "2026-05-04")
            #expect(line.endedBecause == "number ported out on 2026-05-04 (001 Annexe 3 art. 3.3)")
            // A call on the porting day is still the contract's; one the day after is not (local time, Guadeloupe).
            let calls = ["id,line,kind,called,start,quantity,called_type",
                         "p1,+590590271234,voice,+213210000000,2026-05-04T23:00:00-04:00,60,",
                         "p2,+590590271234,voice,+213210000000,2026-05-05T00:30:00-04:00,60,"].joined(separator: "\n")
            let report = try await Self.post(client, "/api/v1/usage/imports?format=csv", calls)
            #expect(try report.json(Report.self).rated == 1 && report.json(Report.self).quarantined == 1)
            let held = try await client.execute(uri: "/api/v1/usage/quarantine", method: .get).json([Quarantined].self)
            #expect(held.map(\.field) == ["start"])
            #expect(held.first?.reason.contains("after the end of line +590590271234 on 2026-05-04 (number ported out") == true, "\(held)")
            // The number may serve another contract (ported back in, or reissued), and its usage rates there.
            let other = try await ContractRoutesTests.liveboxContract(client)
            let again = try await Self.post(client, "/api/v1/lines", #"{"number":"0590 27 12 34","contractId":"\#(other)"}"#)
            #expect(again.status == .created, "\(again.text)")
            let reassigned = try await client.execute(uri: "/api/v1/lines/+590590271234", method: .get).json(Line.self)
            #expect(reassigned.contractID == other && reassigned.endedOn == nil)
            let lines = try await client.execute(uri: "/api/v1/lines?contractId=\(contract)", method: .get).json([Line].self)
            #expect(lines.isEmpty)
        }
    }

    /// A contract terminated by staff ends its lines too; the line cannot be given to a second contract while it serves one.
    @Test func aTerminatedContractsLineEndsWithIt() async throws {
        try await TestApp.run { client, _ in
            let (_, contract) = try await UsageRoutesTests.liveboxLine(client)
            let other = try await ContractRoutesTests.liveboxContract(client)
            let taken = try await Self.post(client, "/api/v1/lines", #"{"number":"0590 27 12 34","contractId":"\#(other)"}"#)
            #expect(taken.status == .conflict)
            #expect(try await Self.post(client, "/api/v1/contracts/\(contract)/transitions", #"{"action":"terminate","on":"2026-06-30"}"#).status == .ok)
            let line = try await client.execute(uri: "/api/v1/lines/+590590271234", method: .get).json(Line.self)
            #expect(line.endedOn == "2026-06-30" && line.endedBecause == "contract terminated on 2026-06-30")
        }
    }

    /// 004 §4.4: the SDA numbers of a customer whose last Workplace contract ends go back to stock, free again 40 days
    /// later (ARCEP quarantine); while another Workplace contract runs, they stay allocated.
    @Test func theLastWorkplaceContractReturnsTheCustomersSDANumbers() async throws {
        try await TestApp.run { client, _ in
            let customer = try await BillingRoutesTests.workplace(client)
            struct Listed: Decodable { let id: String }
            let first = try await client.execute(uri: "/api/v1/contracts?customerId=\(customer)", method: .get).json([Listed].self)[0].id
            let second = try await BillingRoutesTests.create(
                client, "/api/v1/contracts", #"{"customer":"\#(customer)","offering":"wte-pack-calling","quantity":1,"engagementMonths":36,"orderedOn":"2026-04-01"}"#)
            #expect(try await Self.post(client, "/api/v1/sda/ranges", #"{"first":"01 40 00 10 00","count":2}"#).status == .noContent)
            for n in ["+33140001000", "+33140001001"] {
                let body = #"{"number":"\#(n)","customer":"\#(customer)","site":"A","on":"2026-05-04"}"#
                #expect(try await Self.post(client, "/api/v1/sda/allocations", body).status == .noContent)
            }
            struct Entry: Decodable { let e164: String; let customer: String? }
            func held() async throws -> [String] {
                try await client.execute(uri: "/api/v1/sda?customer=\(customer)", method: .get).json([Entry].self).map(\.e164)
            }
            func free(_ day: String) async throws -> [String] {
                try await client.execute(uri: "/api/v1/sda?availableOn=\(day)", method: .get).json([Entry].self).map(\.e164)
            }
            #expect(try await Self.post(client, "/api/v1/contracts/\(second)/transitions", #"{"action":"cancel","on":"2026-04-10"}"#).status == .ok)
            #expect(try await held() == ["+33140001000", "+33140001001"])
            #expect(try await Self.post(client, "/api/v1/contracts/\(first)/transitions", #"{"action":"terminate","on":"2026-09-30"}"#).status == .ok)
            #expect(try await held().isEmpty)
            #expect(try await free("2026-11-08").isEmpty)
            #expect(try await free("2026-11-09") == ["+33140001000", "+33140001001"])
            let lines = try await client.execute(uri: "/api/v1/lines?contractId=\(first)", method: .get).json([Line].self)
            #expect(lines.count == 4 && lines.allSatisfy { $0.endedOn == "2026-09-30" })
        }
    }
}
