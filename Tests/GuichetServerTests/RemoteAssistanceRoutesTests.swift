import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Remote assistance (000) over HTTP: one-time session codes (art. 4.6), billing on the outcome
/// (art. 4.9) onto the next invoice (art. 5) with the confirmation e-mail (art. 4.7), missing prices.
@Suite struct RemoteAssistanceRoutesTests {
    struct Customer: Decodable { let id: String; let customerNumber: String }
    struct View: Decodable {
        struct Request: Decodable { let id: String; let status: String }
        struct Deadline: Decodable { let endsAtLocal: String }
        let request: Request
        let callbackDeadline: Deadline?
    }
    struct Code: Decodable { let code: String; let expiresAt: String }
    struct Charge: Decodable { let label: String; let unitPrice: String; let quantity: Int }

    static func post(_ c: any TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await SupportRoutesTests.post(c, uri, body)
    }

    static func customer(_ c: any TestClientProtocol) async throws -> Customer {
        let r = try await post(c, "/api/v1/customers", #"{"name":"Léa Hoarau","kind":"consumer","territory":"FR","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
        return try r.json(Customer.self)
    }

    static func request(_ c: any TestClientProtocol, _ number: String, _ forfaits: [String]) async throws -> String {
        let lines = forfaits.map { #"{"forfait":"\#($0)","quantity":1}"# }.joined(separator: ",")
        let r = try await post(c, "/api/v1/remote-assistance", #"{"customerNumber":"\#(number)","lastName":"Hoarau","firstName":"Léa","os":"windows","lines":[\#(lines)]}"#)
        try #require(r.status == .created, "\(r.text)")
        return try r.json(View.self).request.id
    }

    @Test func sessionCodeWorksOnceThenFailsAndExpires() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: clock) { client, _ in
            let cus = try await Self.customer(client)
            let id = try await Self.request(client, cus.customerNumber, ["forfait-f13", "forfait-f21"])
            // Accepted Sat 21 Nov 11:00 Paris: Sunday not counted → due Wed 25 Nov 11:00 (000 art. 3.2).
            let accepted = try await Self.post(client, "/api/v1/remote-assistance/\(id)/events", #"{"kind":"accepted"}"#)
            #expect(try accepted.json(View.self).callbackDeadline?.endsAtLocal == "2026-11-25T11:00:00")
            #expect(try await Self.post(client, "/api/v1/remote-assistance/\(id)/events", #"{"kind":"callbackBooked","slotStart":"2026-11-21T10:30:00Z"}"#).status == .ok)
            // No code without the customer's express consent (000 art. 2.2).
            #expect(try await Self.post(client, "/api/v1/remote-assistance/\(id)/session-codes", "{}").status == .unprocessableContent)
            let consent = #"{"kind":"sharingConsented","text":"J'accepte que le conseiller voie mon écran et ses données confidentielles."}"#
            #expect(try await Self.post(client, "/api/v1/remote-assistance/\(id)/events", consent).status == .ok)
            let code = try (try await Self.post(client, "/api/v1/remote-assistance/\(id)/session-codes", "{}")).json(Code.self)
            #expect(code.expiresAt == "2026-11-21T10:30:00Z")
            let first = try await Self.post(client, "/api/v1/remote-assistance/sessions", #"{"code":"\#(code.code.lowercased())"}"#)
            #expect(first.status == .ok, "\(first.text)")
            let second = try await Self.post(client, "/api/v1/remote-assistance/sessions", #"{"code":"\#(code.code)"}"#)
            #expect(second.status == .unprocessableContent)
            #expect(try second.json(TMFErrorBody.self).reason.contains("one session only"))
            // A new remote control needs a new consent and a new code; this one expires unused.
            #expect(try await Self.post(client, "/api/v1/remote-assistance/\(id)/events", consent).status == .ok)
            let next = try (try await Self.post(client, "/api/v1/remote-assistance/\(id)/session-codes", "{}")).json(Code.self)
            #expect(next.code != code.code)
            clock.advance(seconds: 31 * 60)
            let expired = try await Self.post(client, "/api/v1/remote-assistance/sessions", #"{"code":"\#(next.code)"}"#)
            #expect(expired.status == .unprocessableContent)
            #expect(try expired.json(TMFErrorBody.self).reason.contains("expired"))
            #expect(try await Self.post(client, "/api/v1/remote-assistance/sessions", #"{"code":"ZZZZ-ZZZZ"}"#).status == .notFound)
        }
    }

    @Test func failedServiceBillsOnlyVirusRemovalAndConfirmsByEmail() async throws {
        try await TestApp.run { client, _ in
            let cus = try await Self.customer(client)
            let id = try await Self.request(client, cus.customerNumber, ["forfait-f13", "forfait-f21"])
            for step in [#"{"kind":"accepted"}"#, #"{"kind":"callbackBooked","slotStart":"2026-11-21T10:30:00Z"}"#, #"{"kind":"outcome","outcome":"failed"}"#] {
                let r = try await Self.post(client, "/api/v1/remote-assistance/\(id)/events", step)
                #expect(r.status == .ok, "\(r.text)")
            }
            let charges = try (try await client.execute(uri: "/api/v1/customers/\(cus.id)/charges", method: .get)).json([Charge].self)
            #expect(charges.map(\.unitPrice) == ["79.00"])
            #expect(charges.first?.label.contains("F13") == true)
            let mail = try #require(try await SupportRoutesTests.outbox(client).first).mail
            #expect(mail.to == ["lea@example.fr"])
            #expect(mail.body.contains("Date de réalisation de la prestation : 21/11/2026"))
            #expect(mail.body.contains("Montant qui sera facturé sur votre prochaine facture : 79.00 €"))
            // Recorded once: a second outcome is refused.
            #expect(try await Self.post(client, "/api/v1/remote-assistance/\(id)/events", #"{"kind":"outcome","outcome":"done"}"#).status == .unprocessableContent)
        }
    }

    /// 000 art. 3.3: F15's price cell is empty — the offer cannot be accepted until it is set.
    @Test func forfaitWithoutAPriceCannotBeAccepted() async throws {
        try await TestApp.run { client, _ in
            let cus = try await Self.customer(client)
            let id = try await Self.request(client, cus.customerNumber, ["forfait-f15"])
            let r = try await Self.post(client, "/api/v1/remote-assistance/\(id)/events", #"{"kind":"accepted"}"#)
            #expect(r.status == .unprocessableContent)
            #expect(try r.json(TMFErrorBody.self).code == "priceMissing")
            #expect(try await Self.post(client, "/api/v1/remote-assistance", #"{"customerNumber":"999999999","lastName":"X","firstName":"Y","os":"windows","lines":[{"forfait":"forfait-f21","quantity":1}]}"#).status == .badRequest)
        }
    }
}

/// Issue 23: the commitments of 000 watched by the scheduler — the callback by its 72-hour deadline (art. 3.2), a Mac
/// request's feasibility answer within 4 hours (art. 4.1): met, they are settled by the step that meets them; missed,
/// the miss is recorded on the request once, when its time comes, and the request goes on (T12).
@Suite struct RemoteAssistanceWatchTests {
    struct Due: Decodable { let kind: String; let state: String; let dueAt: String; let resource: String; let outcome: String? }
    struct Seen: Decodable {
        struct Request: Decodable { struct Event: Decodable { let kind: String; let text: String? }; let status: String; let events: [Event] }
        let request: Request
    }
    typealias R = RemoteAssistanceRoutesTests

    static func watches(_ c: any TestClientProtocol, _ id: String) async throws -> [String] {
        try await c.execute(uri: "/api/v1/obligations?limit=100", method: .get).json([Due].self).filter { $0.resource == "assistance:\(id)" }
            .map { "\($0.kind) \($0.state) \($0.dueAt)\($0.outcome.map { " \($0)" } ?? "")" }
    }

    static func runDue(_ c: any TestClientProtocol) async throws -> [String] {
        try await R.post(c, "/api/v1/obligations/run-due", "{}").json([Due].self).map { "\($0.kind) \($0.state) \($0.outcome ?? "")" }
    }

    @Test func aCallbackMissedByItsDeadlineIsRecordedOnceAndTheRequestGoesOn() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: clock) { client, _ in
            func step(_ id: String, _ body: String) async throws -> TestResponse { try await R.post(client, "/api/v1/remote-assistance/\(id)/events", body) }
            let cus = try await R.customer(client)
            let late = try await R.request(client, cus.customerNumber, ["forfait-f13"])
            let kept = try await R.request(client, cus.customerNumber, ["forfait-f13"])
            for id in [late, kept] { #expect(try await step(id, #"{"kind":"accepted"}"#).status == .ok) }
            // 000 art. 3.2: accepted Sat 21 Nov 11:00 Paris, Sunday not counted: called back by Wed 25 Nov 11:00 (10:00 UTC).
            #expect(try await Self.watches(client, late) == ["callback pending 2026-11-25T10:00:00Z"])
            // `kept` is called back on Tuesday: the step taken during the callback meets its watch.
            try clock.set("2026-11-24T09:00:00Z")
            #expect(try await step(kept, #"{"kind":"callbackBooked","slotStart":"2026-11-24T09:30:00Z"}"#).status == .ok)
            try clock.set("2026-11-24T09:30:00Z")
            #expect(try await step(kept, #"{"kind":"sharingConsented","text":"J'accepte que le conseiller voie mon écran."}"#).status == .ok)
            #expect(try await Self.watches(client, kept) == ["callback done 2026-11-25T10:00:00Z met at 2026-11-24T10:30:00 local"])
            // A second before the deadline nothing is due; at the deadline the miss is recorded, once.
            try clock.set("2026-11-25T09:59:59Z")
            #expect(try await Self.runDue(client).isEmpty)
            try clock.set("2026-11-25T10:00:00Z")
            #expect(try await Self.runDue(client)
                    == ["callback done missed: callback not made by 2026-11-25T11:00:00 local (000 art. 3.2); escalated to supervision.assistance@guichet.example"])
            #expect(try await Self.runDue(client).isEmpty)
            // Escalated once to the desk's supervision (support.json's SAMPLE address, D-RUN-22).
            let escalations = try await SupportRoutesTests.outbox(client).map(\.mail).filter { $0.to == ["supervision.assistance@guichet.example"] }
            #expect(escalations.map(\.subject) == ["Engagement manqué : demande d'assistance \(late)"])
            #expect(escalations.first?.body.contains("callback not made by 2026-11-25T11:00:00 local (000 art. 3.2)") == true)
            let seen = try await client.execute(uri: "/api/v1/remote-assistance/\(late)", method: .get).json(Seen.self).request
            #expect(seen.status == "accepted")
            #expect(seen.events.last.map { "\($0.kind): \($0.text ?? "")" } == "commitmentMissed: callback not made by 2026-11-25T11:00:00 local (000 art. 3.2)")
            // The request goes on: a slot is agreed again, after the deadline, which is not computed again (T12).
            #expect(try await step(late, #"{"kind":"callbackBooked","slotStart":"2026-11-26T09:00:00Z"}"#).status == .ok)
            // Only the scheduler records a miss.
            #expect(try await step(late, #"{"kind":"commitmentMissed","text":"x"}"#).status == .badRequest)
        }
    }

    @Test func aMacFeasibilityAnsweredInTimeSettlesItsWatchAWithdrawalCancelsTheCallback() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: clock) { client, _ in
            func step(_ id: String, _ body: String) async throws -> TestResponse { try await R.post(client, "/api/v1/remote-assistance/\(id)/events", body) }
            let cus = try await R.customer(client)
            let made = try await R.post(client, "/api/v1/remote-assistance",
                                        #"{"customerNumber":"\#(cus.customerNumber)","lastName":"Hoarau","firstName":"Léa","os":"mac","lines":[{"forfait":"forfait-f13","quantity":1}]}"#)
            let id = try made.json(RemoteAssistanceRoutesTests.View.self).request.id
            // 000 art. 4.1: requested Sat 21 Nov 10:00 UTC, answered within 4 hours.
            #expect(try await Self.watches(client, id) == ["feasibilityAnswer pending 2026-11-21T14:00:00Z"])
            try clock.set("2026-11-21T12:00:00Z")
            #expect(try await step(id, #"{"kind":"feasibilityAnswered","feasible":true}"#).status == .ok)
            #expect(try await step(id, #"{"kind":"accepted"}"#).status == .ok)
            #expect(try await Self.watches(client, id) == ["feasibilityAnswer done 2026-11-21T14:00:00Z met at 2026-11-21T13:00:00 local",
                                                            "callback pending 2026-11-25T12:00:00Z"])
            // The consumer withdraws (000 art. 10): nothing is left to watch.
            #expect(try await step(id, #"{"kind":"withdrawn"}"#).status == .ok)
            #expect(try await Self.watches(client, id) == ["feasibilityAnswer done 2026-11-21T14:00:00Z met at 2026-11-21T13:00:00 local",
                                                            "callback cancelled 2026-11-25T12:00:00Z the request is withdrawn"])
            try clock.set("2026-12-01T00:00:00Z")
            #expect(try await Self.runDue(client).isEmpty)
        }
    }
}
