import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Changes of offer carried out (D-CTR-15): 001 CG 12 (a move; the engagement goes on), Annexe 3 art. 3.4 (none once a
/// port-out is confirmed), 003 CG 6 and CS-FB 6 (the day the customer chooses; a commitment left only at its end).
@Suite struct OfferChangeRoutesTests {
    typealias B = BillingRoutesTests
    typealias Due = ObligationRoutesTests.Due
    struct Changed: Decodable {
        struct Change: Decodable { let on: String; let from: String; let to: String; let explanation: Explanation }
        let offeringID: String; let offerChanges: [Change]?; let pendingOfferChange: Change?
    }

    static func change(_ client: any TestClientProtocol, _ id: String, _ body: String) async throws -> TestResponse {
        try await B.post(client, "/api/v1/contracts/\(id)/offer-changes", body)
    }

    static func livebox(_ client: any TestClientProtocol, _ customer: String, _ offering: String) async throws -> String {
        let id = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(customer)","offering":"\#(offering)","orderedOn":"2026-01-20","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
        #expect(try await B.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"2026-02-01"}"#).status == .ok)
        return id
    }

    /// Léa moves from Livebox Essentiel Fibre to Infini Fibre on 16 March 2026, in Guadeloupe (DOM1). Her calls to a
    /// metropolitan mobile are rated by the offer of their day: on the 10th at A4 M1 (0.10 + 0.173 × 2 = 0.446), on the 20th
    /// included in Infini. March is billed 54.90 × 15/31 = 26.56 for Essentiel and 64.90 × 16/31 = 33.50 for Infini
    /// (D-BILL-1, D-BILL-3); the engagement still ends on 1 February 2027, counted at Infini's fee.
    @Test func eachOfferIsRatedAndBilledForItsDaysAndTheEngagementGoesOn() async throws {
        let clock = TestClock(try Instant(iso: "2026-03-16T12:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, store in
            let cus = try await B.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"GP"}"#)
            let id = try await Self.livebox(client, cus, "livebox-essentiel-fibre")
            #expect(try await B.post(client, "/api/v1/lines", #"{"number":"0590 27 12 34","contractId":"\#(id)"}"#).status == .created)
            let other = try await Self.change(client, id, #"{"offering":"mayotte-forfait-sans-engagement","requestedOn":"2026-03-16"}"#)
            #expect(other.status == .badRequest && other.text.contains("no offering 'mayotte-forfait-sans-engagement' of document 001"), "\(other.text)")
            let backdated = try await Self.change(client, id, #"{"offering":"livebox-infini-fibre","requestedOn":"2026-03-15"}"#)
            #expect(backdated.status == .badRequest && backdated.text.contains("applies from today on"), "\(backdated.text)")
            let changed = try await Self.change(client, id, #"{"offering":"livebox-infini-fibre","requestedOn":"2026-03-16"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            let c = try changed.json(Changed.self)
            #expect(c.offeringID == "livebox-infini-fibre" && c.offerChanges?.map { "\($0.on) \($0.from) \($0.to)" } == ["2026-03-16 livebox-essentiel-fibre livebox-infini-fibre"])
            #expect(c.offerChanges?.first?.explanation.source == "001 CG 12; D-CTR-15")
            struct Line: Decodable { let offeringID: String }
            #expect(try await client.execute(uri: "/api/v1/lines/+590590271234", method: .get).json(Line.self).offeringID == "livebox-infini-fibre")

            let csv = [UsageRoutesTests.header, "m1,+590590271234,voice,+33612345678,2026-03-10T10:00:00-04:00,120,mobile",
                       "m2,+590590271234,voice,+33612345678,2026-03-20T10:00:00-04:00,120,mobile"].joined(separator: "\n")
            #expect(try await B.post(client, "/api/v1/usage/imports?format=csv", csv).json(UsageRoutesTests.Report.self).rated == 2)
            struct Usage: Decodable { struct Rating: Decodable { let taxIncludedRatingAmount: Amount; let tariffId: String? }; let ratedProductUsage: [Rating] }
            struct Amount: Decodable { let value: Decimal }
            for (usage, amount) in [("m1", Decimal(string: "0.446")!), ("m2", 0)] {
                let rated = try await client.execute(uri: "/tmf-api/usageManagement/v4/usage/\(usage)", method: .get).json(Usage.self)
                #expect(rated.ratedProductUsage.first?.taxIncludedRatingAmount.value == amount, "\(usage)")
            }
            _ = store

            try clock.set("2026-04-02T12:00:00-04:00")
            #expect(try await B.runBills(client, "2026-03").issued == 1)
            let invoice = try #require(try await B.invoices(client, cus).first).invoice
            #expect(invoice.lines.filter { $0.category == "recurring" }.map { "\($0.label) \($0.amount) \($0.from ?? "")" }
                    == ["Livebox Essentiel Fibre (prorata) 26.56 2026-03-01", "Livebox Infini Fibre (changement d'offre au 16/03/2026) (prorata) 33.50 2026-03-16"])

            // Received 2 April, effective 12 April: 50 € and, to 1 February 2027, the months at Infini's 64.90 (D-RUN-10).
            struct Q: Decodable { struct L: Decodable { let amount: String; let explanation: Explanation }; let effectiveOn: String; let lines: [L] }
            let q = try await client.execute(uri: "/api/v1/contracts/\(id)/termination-quote?on=2026-04-02", method: .get).json(Q.self)
            #expect(q.effectiveOn == "2026-04-12" && q.lines.count == 2)
            #expect(q.lines.last?.explanation.result.contains("64.90") == true, "\(q.lines.map(\.explanation))")
        }
    }

    /// 001 CG 12: moving on 25 March to a home eligible to fibre, the xDSL customer is offered fibre; expressly consenting,
    /// Livebox Essentiel Fibre replaces her offer on the move's day (asked on the 16th, made by the scheduler on the 25th).
    /// A home without fibre takes an xDSL offer; one without service, none. Once her port-out is confirmed, no change.
    @Test func aMoveTransfersTheOfferOnItsDayWithTheCustomersConsent() async throws {
        let clock = TestClock(try Instant(iso: "2026-03-16T12:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let cus = try await B.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"GP"}"#)
            let id = try await Self.livebox(client, cus, "livebox-essentiel-xdsl")
            let moving = #""requestedOn":"2026-03-16","timing":"on","on":"2026-03-25","moving":{"movedOn":"2026-03-25","home":"fibreEligible"}"#
            for (body, why) in [(#"{"offering":"livebox-essentiel-fibre",\#(moving)}"#, "expressly consents"),
                                (#"{"offering":"livebox-infini-xdsl",\#(moving),"consent":true}"#, "offered a fibre offer"),
                                (#"{"offering":"livebox-essentiel-fibre","requestedOn":"2026-03-16","moving":{"movedOn":"2026-03-25","home":"unavailable"}}"#, "without fees")] {
                let refused = try await Self.change(client, id, body)
                #expect(refused.status == .badRequest && refused.text.contains(why), "\(refused.text)")
            }
            let asked = try await Self.change(client, id, #"{"offering":"livebox-essentiel-fibre",\#(moving),"consent":true}"#)
            #expect(asked.status == .ok, "\(asked.text)")
            let pending = try asked.json(Changed.self)
            #expect(pending.offeringID == "livebox-essentiel-xdsl" && pending.pendingOfferChange?.on == "2026-03-25")
            #expect(pending.pendingOfferChange?.explanation.source == "001 CG 12")
            func runDue(_ until: String) async throws -> [String] {
                try clock.set("\(until)T12:00:00-04:00")
                return try await B.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([Due].self).map { "\($0.kind) \($0.state)" }
            }
            #expect(try await runDue("2026-03-24").isEmpty)
            #expect(try await runDue("2026-03-25") == ["offerChange done"])
            let made = try await client.execute(uri: "/api/v1/contracts/\(id)", method: .get).json(Changed.self)
            #expect(made.offeringID == "livebox-essentiel-fibre" && made.pendingOfferChange == nil && made.offerChanges?.first?.on == "2026-03-25")

            let leaving = try await Self.livebox(client, cus, "livebox-infini-fibre")
            #expect(try await B.post(client, "/api/v1/contracts/\(leaving)/transitions",
                                     #"{"action":"requestTermination","on":"2026-03-25","termination":{"portOut":true}}"#).status == .ok)
            let ported = try await Self.change(client, leaving, #"{"offering":"livebox-essentiel-fibre","requestedOn":"2026-03-25"}"#)
            #expect(ported.status == .badRequest && ported.text.contains("001 Annexe 3 art. 3.4"), "\(ported.text)")
        }
    }

    /// 003 CG 6: asked on 16 March for the next billing day, the plan changes on 1 April; CS-FB 6: a 24-month plan does not
    /// move to one without commitment before its end; a plan sold with an engagement is a new subscription.
    @Test func aMobilePlanChangesOnTheDayTheCustomerChooses() async throws {
        let clock = TestClock(try Instant(iso: "2026-03-16T12:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let ali = try await B.create(client, "/api/v1/customers", #"{"name":"Ali","kind":"consumer","territory":"YT"}"#)
            func mobile(_ offering: String) async throws -> String {
                let id = try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(ali)","offering":"\#(offering)","orderedOn":"2026-03-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
                #expect(try await B.post(client, "/api/v1/contracts/\(id)/transitions", #"{"action":"activate","on":"2026-03-05"}"#).status == .ok)
                return id
            }
            let committed = try await mobile("mayotte-forfait-24-mois")
            let early = try await Self.change(client, committed, #"{"offering":"mayotte-forfait-sans-engagement","requestedOn":"2026-03-16"}"#)
            #expect(early.status == .badRequest && early.text.contains("CS-FB 6"), "\(early.text)")
            let free = try await mobile("mayotte-forfait-sans-engagement")
            let engaging = try await Self.change(client, free, #"{"offering":"mayotte-forfait-12-mois","requestedOn":"2026-03-16"}"#)
            #expect(engaging.status == .badRequest && engaging.text.contains("a new subscription"), "\(engaging.text)")
            let asked = try await Self.change(client, free, #"{"offering":"mayotte-forfait-bloque","requestedOn":"2026-03-16","timing":"nextBillingDay"}"#)
            #expect(asked.status == .ok, "\(asked.text)")
            #expect(try asked.json(Changed.self).pendingOfferChange.map { "\($0.on) \($0.explanation.source)" } == "2026-04-01 003 CG 6")
            let again = try await Self.change(client, free, #"{"offering":"mayotte-forfait-bloque","requestedOn":"2026-03-16"}"#)
            #expect(again.status == .badRequest && again.text.contains("already asked"), "\(again.text)")
            try clock.set("2026-04-01T12:00:00+03:00")
            #expect(try await B.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-04-01"}"#).json([Due].self).map(\.kind).contains("offerChange"))
            #expect(try await client.execute(uri: "/api/v1/contracts/\(free)", method: .get).json(Changed.self).offeringID == "mayotte-forfait-bloque")
        }
    }

    /// 001 CG 7.1 (D-CTR-17): a fibre Livebox is put into service on its line's connection (or, a home already connected,
    /// on the plug-in); an xDSL one is not (CG 7.2). Léa's move from xDSL to fibre, asked for 1 April: the connection on
    /// 20 March dates it 30 days later at the latest, 19 April; her plug-in on 25 March starts it that day.
    @Test func fibreStartsOnItsConnectionOrThePlugIn() async throws {
        let clock = TestClock(try Instant(iso: "2026-03-10T12:00:00-04:00"))
        try await TestApp.run(clock: clock) { client, _ in
            struct Stated: Decodable { let state: String; let activatedOn: String?; let offeringID: String; let pendingOfferChange: Changed.Change?; let offerChanges: [Changed.Change]? }
            func report(_ id: String, _ step: String, _ on: String) async throws -> TestResponse {
                try clock.set("\(on)T12:00:00-04:00")
                return try await B.post(client, "/api/v1/contracts/\(id)/connection", #"{"step":"\#(step)","on":"\#(on)"}"#)
            }
            let cus = try await B.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"GP"}"#)
            func ordered(_ offering: String) async throws -> String {
                try await B.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"\#(offering)","orderedOn":"2026-03-02","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
            }
            let (fibre, connectedHome, xdsl) = (try await ordered("livebox-essentiel-fibre"), try await ordered("livebox-infini-fibre"), try await ordered("livebox-essentiel-xdsl"))
            #expect(try await report(fibre, "connected", "2026-03-10").json(Stated.self).activatedOn == "2026-03-10")
            #expect(try await report(connectedHome, "pluggedIn", "2026-03-12").json(Stated.self).activatedOn == "2026-03-12")
            let early = try await report(xdsl, "connected", "2026-03-12")
            #expect(early.status == .badRequest && early.text.contains("001 CG 7.2"), "\(early.text)")

            #expect(try await B.post(client, "/api/v1/contracts/\(xdsl)/transitions", #"{"action":"activate","on":"2026-03-12"}"#).status == .ok)
            try clock.set("2026-03-16T12:00:00-04:00")
            #expect(try await Self.change(client, xdsl,
                #"{"offering":"livebox-essentiel-fibre","requestedOn":"2026-03-16","timing":"on","on":"2026-04-01","moving":{"movedOn":"2026-04-01","home":"fibreEligible"},"consent":true}"#).status == .ok)
            let connected = try await report(xdsl, "connected", "2026-03-20").json(Stated.self)
            #expect(connected.pendingOfferChange.map { "\($0.on) \($0.explanation.source)" } == "2026-04-19 001 CG 7.1")
            let due = try await client.execute(uri: "/api/v1/contracts/\(xdsl)/obligations", method: .get).json([Due].self).map { "\($0.kind) \($0.state) \($0.dueOn)" }
            #expect(due == ["offerChange superseded 2026-04-01", "offerChange pending 2026-04-19"], "\(due)")
            let plugged = try await report(xdsl, "pluggedIn", "2026-03-25").json(Stated.self)
            #expect(plugged.offeringID == "livebox-essentiel-fibre" && plugged.pendingOfferChange == nil && plugged.offerChanges?.first?.on == "2026-03-25")
            #expect(try await client.execute(uri: "/api/v1/contracts/\(xdsl)/obligations", method: .get).json([Due].self).filter { $0.state == "pending" }.isEmpty)
        }
    }
}
