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
