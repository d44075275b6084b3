import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 23's acceptance for 000 (remote PC assistance): Léa's requests through 2026 on the server's clock, the scheduler
/// run on the days that matter, checked at hand-computed points — a callback made by its 72-hour deadline across a
/// holiday and a Sunday and billed on the month's invoice, one missed across 14 July and escalated, a Mac feasibility
/// answer missed, a withdrawal that leaves nothing to watch or bill (000 art. 3.2, 4.1, 4.9, 5, 10).
@Suite struct YearInTheLifeAssistanceTests {
    typealias R = RemoteAssistanceRoutesTests
    typealias W = RemoteAssistanceWatchTests

    @Test func assistance2026() async throws {
        let clock = TestClock(try Instant(iso: "2026-04-30T08:00:00Z"))
        try await TestApp.run(clock: clock) { client, _ in
            func step(_ id: String, _ body: String) async throws -> TestResponse {
                let r = try await R.post(client, "/api/v1/remote-assistance/\(id)/events", body)
                #expect(r.status == .ok, "\(body): \(r.text)")
                return r
            }
            func runDue(_ until: String) async throws -> [String] {
                try await R.post(client, "/api/v1/obligations/run-due", #"{"until":"\#(until)"}"#).json([W.Due].self).map { "\($0.kind) \($0.state) \($0.outcome ?? "")" }
            }
            let lea = try await R.customer(client)

            // Accepted Thursday 30 April 10:00 Paris. 72 hours, Sundays and holidays not counted (000 art. 3.2): 14 h that
            // Thursday, 1 May (a holiday) skipped, 24 h Saturday, Sunday skipped, 24 h Monday, 10 h Tuesday → Tuesday 5 May 10:00.
            let may = try await R.request(client, lea.customerNumber, ["forfait-f21"])
            #expect(try await step(may, #"{"kind":"accepted"}"#).json(R.View.self).callbackDeadline?.endsAtLocal == "2026-05-05T10:00:00")
            // Called back on Monday 4 May, in time; the service succeeds: F21, 29.00 (000 art. 3.3), on May's invoice (art. 5).
            try clock.set("2026-05-04T07:00:00Z")
            _ = try await step(may, #"{"kind":"callbackBooked","slotStart":"2026-05-04T07:30:00Z"}"#)
            try clock.set("2026-05-04T07:30:00Z")
            _ = try await step(may, #"{"kind":"sharingConsented","text":"J'accepte que le conseiller voie mon écran."}"#)
            _ = try await step(may, #"{"kind":"outcome","outcome":"done"}"#)
            try clock.set("2026-05-06T00:00:00Z")
            #expect(try await runDue("2026-05-05").isEmpty)
            try clock.set("2026-06-01T06:00:00Z")
            try await PriceRevisionRoutesTests.billRun(client, "2026-05")
            let mayInvoice = try await BillingRoutesTests.invoices(client, lea.id).map(\.invoice)
            #expect(mayInvoice.map { $0.lines.map { "\($0.label) \($0.amount)" } } == [["F21 Réseau 29.00"]], "\(mayInvoice)")

            // Accepted Monday 13 July 15:00 Paris: 9 h that Monday, 14 July skipped, Wednesday and Thursday, 15 h Friday →
            // Friday 17 July 15:00 (13:00 UTC). Nobody calls: the miss is recorded when its time comes, once, and escalated.
            try clock.set("2026-07-13T13:00:00Z")
            let july = try await R.request(client, lea.customerNumber, ["forfait-f21"])
            #expect(try await step(july, #"{"kind":"accepted"}"#).json(R.View.self).callbackDeadline?.endsAtLocal == "2026-07-17T15:00:00")
            try clock.set("2026-07-17T12:59:59Z")
            #expect(try await runDue("2026-07-17").isEmpty)
            try clock.set("2026-07-17T13:00:00Z")
            #expect(try await runDue("2026-07-17")
                    == ["callback done missed: callback not made by 2026-07-17T15:00:00 local (000 art. 3.2); escalated to supervision.assistance@guichet.example"])

            // A Mac request on Saturday 10 October 09:00 UTC: its feasibility is answered within 4 hours (000 art. 4.1), by
            // 13:00 UTC; unanswered, missed and escalated at that instant.
            try clock.set("2026-10-10T09:00:00Z")
            let mac = try await R.post(client, "/api/v1/remote-assistance",
                                       #"{"customerNumber":"\#(lea.customerNumber)","lastName":"Hoarau","firstName":"Léa","os":"mac","lines":[{"forfait":"forfait-f21","quantity":1}]}"#)
            let macID = try mac.json(R.View.self).request.id
            try clock.set("2026-10-10T13:00:00Z")
            #expect(try await runDue("2026-10-10")
                    == ["feasibilityAnswer done missed: Mac feasibility not answered by 2026-10-10T15:00:00 local (000 art. 4.1); escalated to supervision.assistance@guichet.example"])

            // Accepted Tuesday 1 December, withdrawn on Saturday 5 within the 7 jours francs (000 art. 10): its callback is
            // cancelled, nothing is billed.
            try clock.set("2026-12-01T09:00:00Z")
            let december = try await R.request(client, lea.customerNumber, ["forfait-f21"])
            _ = try await step(december, #"{"kind":"accepted"}"#)
            try clock.set("2026-12-05T09:00:00Z")
            _ = try await step(december, #"{"kind":"withdrawn"}"#)
            #expect(try await W.watches(client, december).map { $0.hasPrefix("callback cancelled") } == [true])

            // The escalations in the outbox, one per miss; the year again executes nothing; December bills nothing.
            let escalations = try await SupportRoutesTests.outbox(client).map(\.mail).filter { $0.to == ["supervision.assistance@guichet.example"] }
            #expect(Set(escalations.map(\.subject)) == ["Engagement manqué : demande d'assistance \(july)", "Engagement manqué : demande d'assistance \(macID)"])
            try clock.set("2027-01-01T06:00:00Z")
            #expect(try await runDue("2026-12-31").isEmpty)
            try await PriceRevisionRoutesTests.billRun(client, "2026-12")
            #expect(try await BillingRoutesTests.invoices(client, lea.id).count == 1)
        }
    }
}
