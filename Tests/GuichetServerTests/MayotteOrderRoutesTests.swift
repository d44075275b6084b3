import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// 003's controls when a line is ordered (D-CTR-20): CG 1 « Personne physique ou morale domiciliée à Mayotte »; CG 5 the
/// activation date « fixée par le client dans la limite de 15 jours calendaires à compter de l'enregistrement »; CG 3.2 at
/// most five contracts, three subscribed at once, then a month before any other.
@Suite struct MayotteOrderRoutesTests {
    static let documents = #","presentedDocuments":{"identity":"residentCard","bankDetails":true,"companyExtract":true,"mandate":true}"#

    /// A consumer in Mayotte (`email` their contact, if any) and their contract of `offering`, ordered and activated on the days given.
    static func activeContract(_ client: any TestClientProtocol, _ offering: String, ordered: String = "2026-01-05", activated: String = "2026-01-10",
                               email: String? = nil) async throws -> (customer: String, contract: String) {
        let contacts = email.map { #","contacts":[{"name":"Saïd","email":"\#($0)"}]"# } ?? ""
        let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"\#(contacts)}"#)
        let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts",
                                                      #"{"customer":"\#(cus)","offering":"\#(offering)","orderedOn":"\#(ordered)"\#(Self.documents)}"#)
        #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"\#(activated)"}"#).status == .ok)
        return (cus, ctr)
    }

    static func order(_ client: any TestClientProtocol, _ cus: String, on day: String, _ extra: String = "") async throws -> TestResponse {
        try await ContractRoutesTests.post(client, "/api/v1/contracts",
                                           #"{"customer":"\#(cus)","offering":"mayotte-forfait-sans-engagement","orderedOn":"\#(day)"\#(Self.documents)\#(extra)}"#)
    }

    @Test(arguments: [
        ("consumer", "YT", nil), ("business", "YT", nil),
        ("consumer", "GP", "sold to a customer living in Mayotte, YT (003 CG 1), not in GP"),
        ("wholesale", "YT", "not a wholesale customer's"),
    ] as [(String, String, String?)])
    func onlyACustomerLivingInMayotteSubscribes(_ kind: String, _ territory: String, _ refusal: String?) async throws {
        try await TestApp.run { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Client","kind":"\#(kind)","territory":"\#(territory)"}"#)
            let r = try await Self.order(client, cus, on: "2026-03-01")
            #expect(refusal.map { r.status == .badRequest && r.text.contains($0) } ?? (r.status == .created), "\(r.text)")
        }
    }

    @Test(arguments: [
        ("2026-03-01", nil), ("2026-03-16", nil),
        ("2026-03-17", "2026-03-17 is not between the subscription, 2026-03-01, and 15 days after it, 2026-03-16 (003 CG 5)"),
        ("2026-02-28", "2026-02-28 is not between the subscription"),
    ] as [(String, String?)])
    func theChosenActivationDateIsWithin15Days(_ chosen: String, _ refusal: String?) async throws {
        try await TestApp.run { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"}"#)
            let r = try await Self.order(client, cus, on: "2026-03-01", #","chosenActivationDate":"\#(chosen)""#)
            #expect(refusal.map { r.status == .badRequest && r.text.contains($0) } ?? (r.status == .created), "\(r.text)")
        }
    }

    @Test func fiveContractsThreeAtOnceThenAMonth() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-05-01T10:00:00+03:00"))) { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"}"#)
            for _ in 0..<3 { #expect(try await Self.order(client, cus, on: "2026-03-01").status == .created) }
            let fourth = try await Self.order(client, cus, on: "2026-03-20")
            #expect(fourth.status == .badRequest && fourth.text.contains("3 contracts subscribed within 1 month(s) already, the most at once (3): another from 2026-04-01 (003 CG 3.2)"),
                    "\(fourth.text)")
            #expect(try await Self.order(client, cus, on: "2026-04-01").status == .created)
            #expect(try await Self.order(client, cus, on: "2026-04-02").status == .created)
            let sixth = try await Self.order(client, cus, on: "2026-04-20")
            #expect(sixth.status == .badRequest && sixth.text.contains("the customer holds 5 contracts already, the most a customer may (5, 003 CG 3.2)"), "\(sixth.text)")
        }
    }
}

/// 003 CG 16.2.1: a request received on 1 May takes effect 10 days later, on 11 May (00:00 in Mayotte); « cette annulation
/// ne saurait intervenir moins de vingt-quatre (24) heures avant la date de résiliation effective »: until 10 May 00:00.
@Suite struct MayotteTerminationCancelTests {
    @Test(arguments: [("2026-05-09T23:59:00+03:00", true), ("2026-05-10T00:00:01+03:00", false)])
    func aRequestIsCancelledAtLeast24HoursBeforeItTakesEffect(_ at: String, _ allowed: Bool) async throws {
        let clock = TestClock(try Instant(iso: "2026-05-01T10:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"}"#)
            let r = try await MayotteOrderRoutesTests.order(client, cus, on: "2026-03-01")
            let ctr = try #require(r.text.firstMatch(of: /"id":"(ctr_[^"]+)"/)?.1)
            func step(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", body) }
            #expect(try await step(#"{"action":"activate","on":"2026-03-02"}"#).status == .ok)
            #expect(try await step(#"{"action":"requestTermination","on":"2026-05-01"}"#).status == .ok)
            try clock.set(at)
            let cancelled = try await step(#"{"action":"cancelTerminationRequest","on":"\#(at.prefix(10))"}"#)
            #expect(allowed ? cancelled.status == .ok : cancelled.status == .badRequest && cancelled.text.contains("at the latest 24 hours before it takes effect"),
                    "\(cancelled.text)")
        }
    }
}

/// 003 CG 4: bought at a distance on 2 March 2026, a 24-month line ported out to another operator within the 21 days (by
/// 23 March) is withdrawn: no CG 16.2.1 fee; ported out after them, the fee is owed.
@Suite struct MayottePortOutWithdrawalTests {
    struct Quote: Decodable { struct Line: Decodable { let label: String; let amount: String; let explanation: Explanation }; let lines: [Line] }
    struct Explanation: Decodable { let source: String }

    @Test(arguments: [("2026-03-23", true), ("2026-03-24", false)])
    func aPortOutWithinTheWithdrawalPeriodIsAWithdrawal(_ received: String, _ withdrawal: Bool) async throws {
        try await TestApp.run { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"}"#)
            let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts",
                                                          #"{"customer":"\#(cus)","offering":"mayotte-forfait-24-mois","orderedOn":"2026-03-02","distanceSale":true,"subscriptionDocumentsOn":"2026-03-02"}"#)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-03-03"}"#).status == .ok)
            let quote = try await client.execute(uri: "/api/v1/contracts/\(ctr)/termination-quote?on=\(received)&portOut=true", method: .get).json(Quote.self)
            if withdrawal {
                #expect(quote.lines.map { "\($0.label) \($0.amount) \($0.explanation.source)" } == ["no termination fee 0.00 003 CG 4"])
            } else {
                #expect(quote.lines.contains { $0.explanation.source.hasPrefix("003 CG 16.2.1") && $0.amount != "0.00" }, "\(quote.lines.map(\.label))")
            }
        }
    }
}

/// 003 CG 16.2.2: the legitimate reasons are « non limitative »: staff record another with its justification, and the
/// termination then owes nothing more.
@Suite struct MayotteOtherReasonTests {
    struct Quote: Decodable { let total: String?; let lines: [Line]; struct Line: Decodable { let amount: String } }

    @Test func anotherReasonIsRecordedWithItsJustification() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-05-01T10:00:00+03:00"))) { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"}"#)
            let r = try await ContractRoutesTests.post(client, "/api/v1/contracts",
                                                       #"{"customer":"\#(cus)","offering":"mayotte-forfait-24-mois","orderedOn":"2026-03-01"\#(MayotteOrderRoutesTests.documents)}"#)
            let ctr = try #require(r.text.firstMatch(of: /"id":"(ctr_[^"]+)"/)?.1)
            func step(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", body) }
            #expect(try await step(#"{"action":"activate","on":"2026-03-02"}"#).status == .ok)
            let bare = try await step(#"{"action":"requestTermination","on":"2026-05-01","termination":{"reason":"other"}}"#)
            #expect(bare.status == .badRequest && bare.text.contains("granted with its justification (003 CG 16.2.2"), "\(bare.text)")
            let quote = try await client.execute(uri: "/api/v1/contracts/\(ctr)/termination-quote?on=2026-05-01&reason=other&justification=expulsion%20du%20logement",
                                                 method: .get).json(Quote.self)
            #expect(quote.lines.map(\.amount) == ["0.00"])
            #expect(try await step(#"{"action":"requestTermination","on":"2026-05-01","termination":{"reason":"other","justification":"expulsion du logement"}}"#).status == .ok)
        }
    }
}

/// 003 CG 15: suspended on public-order grounds from 11 May 2026 and resumed on the 21st, Saïd owes no fee for the 10 days
/// between: 20.00 (SAMPLE) × 10/31 = 6.45 credited on May's invoice; a suspension on any other ground leaves the fee due.
@Suite struct MayotteUnbilledSuspensionTests {
    @Test(arguments: [(#","ground":"publicOrder""#, ["20.00", "-6.45"]), ("", ["20.00"])])
    func aPublicOrderSuspensionIsNotBilled(_ ground: String, _ lines: [String]) async throws {
        try await TestApp.run { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Saïd","kind":"consumer","territory":"YT"}"#)
            let r = try await ContractRoutesTests.post(client, "/api/v1/contracts",
                                                       #"{"customer":"\#(cus)","offering":"mayotte-forfait-24-mois","orderedOn":"2026-03-01"\#(MayotteOrderRoutesTests.documents)}"#)
            let ctr = try #require(r.text.firstMatch(of: /"id":"(ctr_[^"]+)"/)?.1)
            func step(_ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/transitions", body) }
            #expect(try await step(#"{"action":"activate","on":"2026-03-02","ground":"publicOrder"}"#).status == .badRequest)
            #expect(try await step(#"{"action":"activate","on":"2026-03-02"}"#).status == .ok)
            let suspended = try await step(#"{"action":"suspend","on":"2026-05-11"\#(ground)}"#)
            #expect(suspended.status == .ok, "\(suspended.text)")
            #expect(try await step(#"{"action":"resume","on":"2026-05-21"}"#).status == .ok)
            _ = try await BillingRoutesTests.runBills(client, "2026-05")
            let may = try #require(try await BillingRoutesTests.invoices(client, String(cus)).first)
            #expect(may.invoice.lines.map(\.amount) == lines, "\(may.invoice.lines)")
            // A Livebox's suspensions know no such ground.
            let livebox = try await ContractRoutesTests.liveboxContract(client)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(livebox)/transitions", #"{"action":"suspend","on":"2026-05-11","ground":"publicOrder"}"#)
                .status == .badRequest)
        }
    }
}

/// 003 CG 2: « Pour permettre une suspension rapide de la ligne, le Client informe […] son Service Clients […]. Il peut
/// également le faire depuis son espace client. » Saïd suspends his Mayotte line from his space; Marie's Livebox has no
/// such form, and neither can act on the other's line.
@Suite struct MayotteLostSIMTests {
    struct State: Decodable { let state: String; let history: [Event]; struct Event: Decodable { let note: String? } }

    @Test func theCustomerSuspendsHisLineFromHisSpace() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let said = try await PortalSession.open(client, "said")
            let page = try await said.get(client, "/espace-client").text
            #expect(page.contains("Perte ou vol de votre carte SIM"), "\(page)")
            let range = try #require(page.range(of: #"name="contract"><option value="ctr_[0-9a-f]+""#, options: .regularExpression))
            let ctr = String(page[range].dropFirst(#"name="contract"><option value=""#.count).dropLast())
            let marie = try await PortalSession.open(client, "marie")
            #expect(!(try await marie.get(client, "/espace-client").text.contains("Perte ou vol de votre carte SIM")))
            #expect(try await marie.post(client, "/espace-client/perte-vol", ["contract": ctr]).status == .notFound)
            #expect(try await said.post(client, "/espace-client/perte-vol", ["contract": ctr]).status == .seeOther)
            let c = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(State.self)
            #expect(c.state == "suspended" && c.history.last?.note == "SIM card lost or stolen, declared by the customer in their space (003 CG 2)")
            #expect(!(try await said.get(client, "/espace-client").text.contains("Perte ou vol de votre carte SIM")))
        }
    }
}
