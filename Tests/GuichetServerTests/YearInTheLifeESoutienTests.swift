import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23's acceptance for 002 (e-soutien): a wholesale operator subscribed to e-SAV through 2026 on the server's clock,
/// the escalation job run at the instants that matter — a ticket's targets counted in the e-service's hours across the
/// 1 May holiday and a week-end, each missed target escalated once and at its instant; a maintenance announced before it
/// starts; and a free service that never makes an invoice (002 §1.a, §3, §4; the hours and targets are the SAMPLES of
/// support.json, D-SUP-2).
@Suite struct YearInTheLifeESoutienTests {
    typealias S = SupportRoutesTests

    @Test func eSoutien2026() async throws {
        let clock = TestClock(try Instant(iso: "2026-01-05T08:00:00Z"))
        try await TestApp.run(clock: clock) { client, _ in
            let alpha = try await BillingRoutesTests.create(client, "/api/v1/customers",
                #"{"name":"Alpha","kind":"wholesale","territory":"FR","contacts":[{"name":"NOC","email":"noc@alpha.example"}]}"#)
            let esav = try await BillingRoutesTests.create(client, "/api/v1/contracts", #"{"customer":"\#(alpha)","offering":"e-service-e-sav","orderedOn":"2026-01-05"}"#)
            #expect(try await S.post(client, "/api/v1/contracts/\(esav)/transitions", #"{"action":"activate","on":"2026-01-05"}"#).status == .ok)
            let key = try (try await S.post(client, "/api/v1/operators/\(alpha)/access-keys", "{}")).json(S.Key.self).key
            func escalate(at instant: String) async throws -> [String] {
                try clock.set(instant)
                struct Escalated: Decodable { let escalated: [String] }
                return try (try await S.post(client, "/api/v1/tickets/escalations", "{}")).json(Escalated.self).escalated
            }

            // Filed Thursday 30 April, 17:00 Paris (15:00 UTC); e-SAV's hours Monday–Friday 08:00–18:00, holidays excluded.
            // First response in 4 hours: 1 h that Thursday, Friday 1 May (a holiday) and the week-end skipped, 3 h on Monday 4
            // May → 11:00 Paris (09:00 UTC). Resolution in 16 hours: 1 h Thursday, 10 h Monday, 5 h Tuesday → 13:00 Paris
            // on Tuesday 5 May (11:00 UTC).
            try clock.set("2026-04-30T15:00:00Z")
            let filed = try await S.file(client, key: key, eService: "e-sav")
            #expect(filed.status == .created, "\(filed.text)")
            let ref = try filed.json(S.Ticket.self).id
            // An answer at the due instant is in time: missed, and escalated, from the second after.
            #expect(try await escalate(at: "2026-05-04T09:00:00Z").isEmpty)
            #expect(try await escalate(at: "2026-05-04T09:00:01Z") == [ref])
            // Once per target: the job running again a minute later escalates nothing more.
            #expect(try await escalate(at: "2026-05-04T09:01:00Z").isEmpty)
            #expect(try await S.post(client, "/api/v1/tickets/\(ref)/events", #"{"kind":"started"}"#).status == .ok)
            #expect(try await escalate(at: "2026-05-05T11:00:00Z").isEmpty)
            #expect(try await escalate(at: "2026-05-05T11:00:01Z") == [ref])
            let resolved = try await S.post(client, "/api/v1/tickets/\(ref)/events", #"{"kind":"resolved","text":"Commande débloquée"}"#)
            #expect(try resolved.json(S.Ticket.self).sla.map(\.state) == ["breached", "breached"])

            // A maintenance on the night of 14 July, announced on the 10th to the operator, with its dates, hours and forecast
            // duration in Paris time (002 §4).
            try clock.set("2026-07-10T08:00:00Z")
            let window = try await S.post(client, "/api/v1/maintenance-windows",
                                          #"{"start":"2026-07-14T20:00:00Z","end":"2026-07-14T22:30:00Z","description":"Mise à jour du portail"}"#)
            #expect(window.status == .created, "\(window.text)")
            let notices = try await S.outbox(client).filter { $0.mail.body.contains("durée prévisionnelle") }
            #expect(notices.map(\.mail.to) == [["noc@alpha.example"]])
            #expect(notices.first?.mail.body.contains("du 14/07/2026 à 22:00 au 15/07/2026 à 00:30 (heure de Paris), durée prévisionnelle 2 h 30 min") == true)

            // e-soutien is free (002 §3): the year's bill runs issue Alpha nothing.
            try clock.set("2027-01-01T06:00:00Z")
            for month in 1...12 { try await PriceRevisionRoutesTests.billRun(client, String(format: "2026-%02d", month)) }
            #expect(try await BillingRoutesTests.invoices(client, alpha).isEmpty)
        }
    }
}
