import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23, 001 CG 5.2: a Livebox installed by a technician. Subscribed 20 January 2026 in Guadeloupe: the visit is
/// held by 20 April, or the contract ends on the 21st; cancelled within the 4 business hours (Monday to Friday,
/// 08:00–18:00) before it, or missed, it costs the visit (107.60 € in Guadeloupe, the catalog's DOM1 price), unless for
/// a legitimate reason. Staff record the steps on 2 March (the server's clock), each at the instant it happened.
@Suite struct AppointmentRoutesTests {
    typealias Due = ObligationRoutesTests.Due
    struct Charge: Decodable { let label: String; let unitPrice: String; let on: String; let source: String }
    struct Stated: Decodable { let state: String; let customerID: String; let nextActionOn: String? }

    static func ordered(_ client: any TestClientProtocol) async throws -> String {
        let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"GP"}"#)
        return try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"livebox-essentiel-fibre","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
    }

    @Test func aVisitCancelledLateOrMissedCostsItsPriceAndNoDateEndsTheContract() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-03-02T12:00:00-04:00"))) { client, _ in
            func step(_ id: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/appointments", body) }
            func obligations(_ id: String) async throws -> [String] {
                try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self).map { "\($0.kind) \($0.state) \($0.dueOn)" }
            }
            let id = try await Self.ordered(client)
            #expect(try await step(id, #"{"step":"needed","at":"2026-01-20T10:00:00-04:00"}"#).status == .ok)
            #expect(try await obligations(id) == ["appointmentDeadline pending 2026-04-21"])
            // Not after the three months.
            let late = try await step(id, #"{"step":"booked","slot":"2026-04-21T10:00:00-04:00","at":"2026-01-21T09:00:00-04:00"}"#)
            #expect(late.status == .badRequest && late.text.contains("by 2026-04-20 (001 CG 5.2)"), "\(late.text)")
            // Booked for Monday 9 February 10:00, cancelled on Friday 6 at 16:00: 2 h that Friday and 2 h on Monday, 4 business
            // hours before: in time, nothing owed; a date is to be fixed again.
            #expect(try await step(id, #"{"step":"booked","slot":"2026-02-09T10:00:00-04:00","at":"2026-01-21T09:00:00-04:00"}"#).status == .ok)
            #expect(try await obligations(id) == ["appointmentDeadline done 2026-04-21"])
            #expect(try await step(id, #"{"step":"cancelled","at":"2026-02-06T16:00:00-04:00"}"#).status == .ok)
            #expect(try await obligations(id) == ["appointmentDeadline done 2026-04-21", "appointmentDeadline pending 2026-04-21"])
            // Booked for Monday 16 February 10:00, cancelled on Friday 13 at 16:30: 3 h 30 before, late: the visit is owed.
            #expect(try await step(id, #"{"step":"booked","slot":"2026-02-16T10:00:00-04:00","at":"2026-02-06T16:05:00-04:00"}"#).status == .ok)
            #expect(try await step(id, #"{"step":"cancelled","at":"2026-02-13T16:30:00-04:00"}"#).status == .ok)
            // Booked for 23 February, missed for a legitimate reason: nothing owed.
            #expect(try await step(id, #"{"step":"booked","slot":"2026-02-23T09:00:00-04:00","at":"2026-02-13T16:35:00-04:00"}"#).status == .ok)
            #expect(try await step(id, #"{"step":"absent","at":"2026-02-23T09:30:00-04:00","legitimateReason":"hospitalisation"}"#).status == .ok)
            // Nothing after now, and nothing to cancel once no visit is booked.
            #expect(try await step(id, #"{"step":"cancelled","at":"2026-03-03T09:00:00-04:00"}"#).status == .badRequest)
            #expect(try await step(id, #"{"step":"held","at":"2026-03-01T09:00:00-04:00"}"#).status == .badRequest)
            let owner = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self).customerID
            let charges = try await client.execute(uri: "/api/v1/customers/\(owner)/charges", method: .get).json([Charge].self)
            #expect(charges.map { "\($0.on) \($0.label) \($0.unitPrice)" } == ["2026-03-02 Déplacement technicien : annulation tardive 107.60"])
            #expect(charges.first?.source.hasPrefix("001 CG 5.2 (contract \(id), 210 business minutes before") == true, "\(charges)")

            // No visit held by 20 April: on the 21st the contract ends de plein droit, and only the one without a visit.
            let held = try await Self.ordered(client)
            #expect(try await step(held, #"{"step":"needed","at":"2026-01-20T10:00:00-04:00"}"#).status == .ok)
            #expect(try await step(held, #"{"step":"booked","slot":"2026-02-10T10:00:00-04:00","at":"2026-01-22T10:00:00-04:00"}"#).status == .ok)
            #expect(try await step(held, #"{"step":"held","at":"2026-02-10T11:00:00-04:00"}"#).status == .ok)
            let ran = try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-04-21"}"#).json([Due].self)
            #expect(ran.map { "\($0.kind) \($0.state) \($0.outcome ?? "")" } == ["appointmentDeadline done contract cancelled on 2026-04-21"])
            #expect(try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self).state == "cancelled")
            #expect(try await client.execute(uri: "/api/v1/contracts/\(held)", method: .get).json(Stated.self).state == "pendingActivation")
        }
    }

    /// 001 CG 5.2: Orange's technician missing the visit of a change of provider owes the customer, on request, a fifth of the
    /// monthly price (Essentiel Fibre, 54.90) per day until the new visit: missed Monday 9 February, visited Friday 13 — 4 days,
    /// 54.90 / 5 × 4 = 43.92, credited once (D-RUN-21).
    @Test func aVisitOrangeMissedIsCompensatedOnRequest() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-03-02T12:00:00-04:00"))) { client, _ in
            func post(_ id: String, _ path: String, _ body: String) async throws -> TestResponse {
                try await ContractRoutesTests.post(client, "/api/v1/contracts/\(id)/\(path)", body)
            }
            let id = try await Self.ordered(client)
            let none = try await post(id, "appointment-compensation", #"{"until":"2026-02-13"}"#)
            #expect(none.status == .badRequest && none.text.contains("Orange has missed no visit"), "\(none.text)")
            #expect(try await post(id, "appointments", #"{"step":"needed","at":"2026-01-20T10:00:00-04:00"}"#).status == .ok)
            #expect(try await post(id, "appointments", #"{"step":"booked","slot":"2026-02-09T10:00:00-04:00","at":"2026-01-21T09:00:00-04:00"}"#).status == .ok)
            #expect(try await post(id, "appointments", #"{"step":"missed","at":"2026-02-09T12:00:00-04:00"}"#).status == .ok)
            // A date is to be fixed again within the three months: the deadline is back.
            let due = try await client.execute(uri: "/api/v1/contracts/\(id)/obligations", method: .get).json([Due].self)
            #expect(due.map { "\($0.kind) \($0.state)" } == ["appointmentDeadline done", "appointmentDeadline pending"])
            #expect(try await post(id, "appointments", #"{"step":"booked","slot":"2026-02-13T10:00:00-04:00","at":"2026-02-09T12:05:00-04:00"}"#).status == .ok)
            #expect(try await post(id, "appointments", #"{"step":"held","at":"2026-02-13T11:00:00-04:00"}"#).status == .ok)
            struct Line: Decodable { let amount: String; let explanation: Explanation }
            let claimed = try await post(id, "appointment-compensation", #"{"until":"2026-02-13","claimedOn":"2026-02-20"}"#)
            let line = try claimed.json(Line.self)
            #expect(line.amount == "43.92" && line.explanation.result == "54.90 / 5 × 4 = 43.92", "\(claimed.text)")
            let again = try await post(id, "appointment-compensation", #"{"until":"2026-02-16","claimedOn":"2026-02-20"}"#)
            #expect(again.status == .badRequest && again.text.contains("claimed already"), "\(again.text)")
            let owner = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Stated.self).customerID
            let charges = try await client.execute(uri: "/api/v1/customers/\(owner)/charges", method: .get).json([Charge].self)
            #expect(charges.map { "\($0.on) \($0.label) \($0.unitPrice)" } == ["2026-02-20 Indemnité pour rendez-vous technicien non respecté -43.92"])
            // An exclusion staff found (the visit moved at least 4 hours before): nothing credited.
            let other = try await Self.ordered(client)
            #expect(try await post(other, "appointments", #"{"step":"needed","at":"2026-01-20T10:00:00-04:00"}"#).status == .ok)
            #expect(try await post(other, "appointments", #"{"step":"booked","slot":"2026-02-09T10:00:00-04:00","at":"2026-01-21T09:00:00-04:00"}"#).status == .ok)
            #expect(try await post(other, "appointments", #"{"step":"missed","at":"2026-02-09T12:00:00-04:00"}"#).status == .ok)
            let refused = try await post(other, "appointment-compensation", #"{"until":"2026-02-13","refused":"visit moved by the customer on 6 February"}"#)
            #expect(try refused.json(Line.self).amount == "0.00")
        }
    }
}
