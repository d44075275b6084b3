import Foundation
import GuichetCore
import GuichetMail
import Hummingbird
import HummingbirdTesting
import Testing

/// 003 CS-FB 3 on a capped plan (SAMPLE 15 € of monthly credit, SAMPLE 0.30 €/min to Mayotte's fixed lines), activated on
/// 2026-01-10, silent in April: May opens with 15 € of the month and 15 € carried from April (30 €). A 10 € voucher on 2 May
/// brings it to 40 €, texted to the line. 110 minutes on 3 May cost 33 €: the month's 15, the carried 15, then 3 of the
/// voucher, leaving 7 €. June opens with its 15, nothing carried (May's own credit was spent) and the voucher's 7: 22 €.
@Suite struct CappedPlanTopUpRoutesTests {
    struct Receipt: Decodable { struct T: Decodable { let id: String; let amount: Money; let on: String }; let line: String; let topUp: T; let balance: Money }
    struct Summary: Decodable {
        struct Line: Decodable { struct Credit: Decodable { let monthlyLeft: Money; let carriedLeft: Money; let rechargeLeft: Money }; let line: String; let credit: Credit? }
        let lines: [Line]
    }

    static func cappedLine(_ client: any TestClientProtocol, _ number: String) async throws -> (customer: String, contract: String) {
        let (cus, ctr) = try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-bloque")
        #expect(try await UsageRoutesTests.post(client, "/api/v1/lines", #"{"number":"\#(number)","contractId":"\#(ctr)"}"#).status == .created)
        return (cus, ctr)
    }

    static func credit(_ client: any TestClientProtocol, _ cus: String, _ period: String) async throws -> Summary.Line.Credit? {
        try await client.execute(uri: "/api/v1/customers/\(cus)/consumption?period=\(period)", method: .get).json(Summary.self).lines.first?.credit
    }

    @Test func aTopUpRaisesTheBalanceIsTextedAndLastsBeyondTheMonth() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-02T09:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, store in
            let (cus, ctr) = try await Self.cappedLine(client, "0639 00 12 35")
            let voucher = #"{"id":"MC-0001","amount":"10.00","channel":"voucher"}"#
            let first = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/top-ups", voucher)
            #expect(first.status == .created, "\(first.text)")
            let receipt = try first.json(Receipt.self)
            #expect(receipt.balance == Money(cents: 4000) && receipt.topUp.on == "2026-05-02" && receipt.line == "+262639001235")
            let texts = try await store.mailDeliveries(limit: 10).map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }
            #expect(texts.map(\.to) == [["sms:+262639001235"]])
            #expect(texts.first?.body.contains("Nouveau solde de votre forfait bloqué : 40,00\u{00A0}€") == true, "\(texts)")

            // The voucher platform's retry records nothing twice; the same serial for another amount is refused.
            let again = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/top-ups", voucher)
            #expect(again.status == .ok)
            #expect(try await store.mailDeliveries(limit: 10).count == 1)
            let other = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/top-ups", #"{"id":"MC-0001","amount":"20.00","channel":"voucher"}"#)
            #expect(other.status == .badRequest && other.text.contains("MC-0001"))

            try clock.set("2026-05-04T09:00:00+03:00")
            let rows = [UsageRoutesTests.header, "c1,+262639001235,voice,+262269612345,2026-05-03T10:00:00+03:00,6600,"]
            let imported = try await UsageRoutesTests.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n"))
            #expect(imported.status == .created, "\(imported.text)")
            let may = try #require(try await Self.credit(client, cus, "2026-05"))
            #expect(may.monthlyLeft == .zero && may.carriedLeft == .zero && may.rechargeLeft == Money(cents: 700))
            let june = try #require(try await Self.credit(client, cus, "2026-06"))
            #expect(june.monthlyLeft == Money(cents: 1500) && june.carriedLeft == .zero && june.rechargeLeft == Money(cents: 700))
        }
    }

    @Test func onlyARunningCappedPlanIsToppedUp() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-02T09:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let plan = try await MayotteOrderRoutesTests.activeContract(client, "mayotte-forfait-24-mois").contract
            #expect(try await UsageRoutesTests.post(client, "/api/v1/lines", #"{"number":"0639 00 12 36","contractId":"\#(plan)"}"#).status == .created)
            let refused = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(plan)/top-ups", #"{"id":"W-1","amount":"5.00","channel":"web"}"#)
            #expect(refused.status == .badRequest && refused.text.contains("003 CS-FB 3"), "\(refused.status) \(refused.text)")
            let (_, capped) = try await Self.cappedLine(client, "0639 00 12 37")
            let zero = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(capped)/top-ups", #"{"id":"W-2","amount":"0.00","channel":"ivr456"}"#)
            #expect(zero.status == .badRequest && zero.text.contains("amount"))
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(capped)/top-ups", #"{"id":"W-3","amount":"5.00","channel":"post"}"#).status == .badRequest)
        }
    }

    struct Report: Decodable { let sent: Int; let failed: Int; let refused: Int }
    struct Entry: Decodable { struct Delivery: Decodable { let state: String; let lastError: String? }; let delivery: Delivery }

    /// The text goes to the number at the operator's e-mail-to-SMS gateway (D-RAT-12); without a gateway it is refused, and
    /// the outbox says why. (The mail server is down here: with a gateway, the text waits for its retry.)
    @Test(arguments: [nil, "sms.operateur.example"])
    func theTextGoesThroughTheSMSGateway(gateway: String?) async throws {
        let down = try PortReservation()
        defer { down.release() }
        let settings = SMTPSettings(host: "127.0.0.1", port: down.port, from: "guichet@operateur.example", smsGateway: gateway)
        if gateway != nil { #expect(try settings.address("sms:+262639001235") == "262639001235@sms.operateur.example") }
        #expect(try settings.address("said@example.yt") == "said@example.yt")
        let clock = TestClock(try Instant(iso: "2026-05-02T09:00:00+03:00"))
        try await TestApp.run(clock: clock, smtp: settings, mailInterval: .seconds(3600)) { client, _ in
            let (_, ctr) = try await Self.cappedLine(client, "0639 00 12 35")
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/top-ups", #"{"id":"456-1","amount":"5.00","channel":"ivr456"}"#).status == .created)
            let report = try (try await ContractRoutesTests.post(client, "/api/v1/mail/outbox/flush", "{}")).json(Report.self)
            let entry = try #require(try await client.execute(uri: "/api/v1/mail/outbox", method: .get).json([Entry].self).first)
            if gateway == nil {
                #expect(report.refused == 1 && entry.delivery.state == "refused")
                #expect(entry.delivery.lastError?.contains("no SMS gateway configured") == true)
            } else {
                #expect(report.failed == 1 && entry.delivery.state == "pending")
            }
        }
    }

    struct Owner: Decodable { let customerID: String }

    /// CS-FB 3: « le Client a en outre la faculté de consulter à tout moment le solde de son compte prépayé ».
    @Test func theCustomerSeesHisBalanceInHisSpace() async throws {
        try await TestApp.run(demo: true, clock: TestClock(try Instant(iso: "2026-05-02T09:00:00+03:00"))) { client, _ in
            let said = try await PortalSession.open(client, "said")
            #expect(!(try await said.get(client, "/espace-client").text.contains("Forfaits bloqués")))
            let page = try await said.get(client, "/espace-client").text
            let range = try #require(page.range(of: #"name="contract"><option value="ctr_[0-9a-f]+""#, options: .regularExpression))
            let ctr = String(page[range].dropFirst(#"name="contract"><option value=""#.count).dropLast())
            let cus = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Owner.self).customerID
            let capped = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"mayotte-forfait-bloque","orderedOn":"2026-04-02","presentedDocuments":{"identity":"residentCard","bankDetails":true}}"#)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(capped)/transitions", #"{"action":"activate","on":"2026-04-03"}"#).status == .ok)
            #expect(try await UsageRoutesTests.post(client, "/api/v1/lines", #"{"number":"0639 00 99 01","contractId":"\#(capped)"}"#).status == .created)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(capped)/top-ups", #"{"id":"W-9","amount":"5.00","channel":"web"}"#).status == .created)
            // April's 15 € unused carry into May: 15 + 15 + 5.
            let space = try await said.get(client, "/espace-client").text
            #expect(space.contains("<td>+262639009901</td><td>15,00\u{00A0}€</td><td>15,00\u{00A0}€</td><td>5,00\u{00A0}€</td><td><strong>35,00\u{00A0}€</strong></td>"), "\(space)")
        }
    }

    /// « Le Client est invité par l'Opérateur à créditer son compte lorsque le solde de celui-ci atteint un certain plancher »
    /// (SAMPLE floor 2 €). May opens at 30 €; 94 minutes (28.20) leave 1.80: invited. One more minute (1.50): not again the
    /// same month. A 1 € top-up (2.50), then 2 minutes (0.60) leave 1.90: invited again.
    @Test func aLowBalanceInvitesTheCustomerToTopUpOnceUntilTheNextTopUp() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-02T12:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, store in
            let (_, ctr) = try await Self.cappedLine(client, "0639 00 12 35")
            func call(_ id: String, _ start: String, _ seconds: Int) async throws {
                let rows = [UsageRoutesTests.header, "\(id),+262639001235,voice,+262269612345,\(start),\(seconds),"]
                #expect(try await UsageRoutesTests.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n")).status == .created)
            }
            func invitations() async throws -> [String] {
                try await store.mailDeliveries(limit: 20).reversed().map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }
                    .filter { $0.to == ["sms:+262639001235"] && $0.body.contains("Pensez à le recharger") }.map(\.body)
            }
            try await call("a1", "2026-05-02T10:00:00+03:00", 94 * 60)
            #expect(try await invitations().map { $0.contains("est de 1,80\u{00A0}€") } == [true])
            try clock.set("2026-05-02T13:30:00+03:00")
            try await call("a2", "2026-05-02T13:00:00+03:00", 60)
            #expect(try await invitations().count == 1)
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/top-ups", #"{"id":"MC-9","amount":"1.00","channel":"voucher"}"#).status == .created)
            try clock.set("2026-05-02T15:30:00+03:00")
            try await call("a3", "2026-05-02T15:00:00+03:00", 120)
            #expect(try await invitations().map { $0.contains("est de 1,90\u{00A0}€") } == [false, true])
        }
    }

    /// CS-FB 4: « Un échéancier annuel est adressé au Client ayant souscrit à un forfait bloqué »: Saïd subscribes on 5 January
    /// 2026; the schedule of January to December (SAMPLE 15.00 a month) is mailed that day, the next one on 5 January 2027.
    @Test func aCappedPlanIsSentItsAnnualPaymentSchedule() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-01-05T09:00:00+03:00"))) { client, store in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers",
                                                          #"{"name":"Saïd","kind":"consumer","territory":"YT","contacts":[{"name":"Saïd","email":"said@example.yt"}]}"#)
            let ctr = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(cus)","offering":"mayotte-forfait-bloque","orderedOn":"2026-01-05","presentedDocuments":{"identity":"residentCard","bankDetails":true}}"#)
            let ran = try await ContractRoutesTests.post(client, "/api/v1/obligations/run-due", #"{"until":"2026-01-05"}"#).json([ObligationRoutesTests.Due].self)
            #expect(ran.map { "\($0.kind) \($0.state) \($0.explanation.source)" } == ["paymentSchedule done 003 CS-FB 4"])
            let mails = try await store.mailDeliveries(limit: 10).map { try JSONDecoder().decode(OutgoingMail.self, from: Data($0.payload.utf8)) }
            let schedule = try #require(mails.first { $0.to == ["said@example.yt"] })
            #expect(schedule.subject == "Échéancier annuel de votre forfait bloqué (contrat \(ctr))")
            #expect(schedule.body.contains("  2026-01 : 15,00\u{00A0}€ TTC") && schedule.body.contains("  2026-12 : 15,00\u{00A0}€ TTC"), "\(schedule.body)")
            let next = try await client.execute(uri: "/api/v1/contracts/\(ctr)/obligations", method: .get).json([ObligationRoutesTests.Due].self)
            #expect(next.map { "\($0.kind) \($0.state) \($0.dueOn)" } == ["paymentSchedule done 2026-01-05", "paymentSchedule pending 2027-01-05"])
        }
    }

    struct Statement: Decodable { struct C: Decodable { let called: String; let amount: Money }; let from: String; let through: String; let topUps: [Receipt.T]; let communications: [C] }

    /// CS-FB 4: « à tout moment le Client peut demander […] une note récapitulative des crédits de communications qu'il a
    /// acquis […] au cours des 12 derniers mois ou depuis sa dernière demande […], ainsi que le détail des communications ».
    @Test func theStatementCoversTheYearOrSinceTheLastRequest() async throws {
        let clock = TestClock(try Instant(iso: "2026-05-02T09:00:00+03:00"))
        try await TestApp.run(clock: clock) { client, _ in
            let (_, ctr) = try await Self.cappedLine(client, "0639 00 12 35")
            #expect(try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/top-ups", #"{"id":"MC-1","amount":"10.00","channel":"voucher"}"#).status == .created)
            try clock.set("2026-05-04T09:00:00+03:00")
            let rows = [UsageRoutesTests.header, "c1,+262639001235,voice,+262269612345,2026-05-03T10:00:00+03:00,600,"]
            #expect(try await UsageRoutesTests.post(client, "/api/v1/usage/imports", rows.joined(separator: "\n")).status == .created)
            let first = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/capped-statement", "{}").json(Statement.self)
            #expect(first.from == "2025-05-04" && first.through == "2026-05-04")
            #expect(first.topUps.map(\.id) == ["MC-1"] && first.communications.map(\.amount) == [Money(cents: 300)])
            try clock.set("2026-05-10T09:00:00+03:00")
            let second = try await ContractRoutesTests.post(client, "/api/v1/contracts/\(ctr)/capped-statement", "{}").json(Statement.self)
            #expect(second.from == "2026-05-04" && second.topUps.isEmpty && second.communications.isEmpty)
        }
    }
}
