import Foundation
import HummingbirdTesting
import Testing

@Suite struct ReferenceRoutesTests {
    struct Holidays: Decodable { struct Day: Decodable { let date: String; let name: String }; let year: Int; let holidays: [Day] }
    struct DeadlineView: Decodable {
        struct D: Decodable { let lastDay: String; let endsAt: String; let endsAtLocal: String }
        let deadline: D
    }

    @Test func guadeloupeHolidaysIncludeItsAbolitionDay() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/api/v1/territories/GP/holidays?year=2026", method: .get) { response in
                #expect(response.status == .ok)
                let list = try response.json(Holidays.self)
                #expect(list.holidays.count == 13)
                #expect(list.holidays.contains { $0.date == "2026-05-27" })
            }
        }
    }

    // (uri, status, reason): bad input is refused with a reason naming the parameter.
    @Test(arguments: [
        ("/api/v1/territories/GP/holidays?year=abc", 400, "year: 'abc' is not a year between 1970 and 2199"),
        ("/api/v1/territories/XX/holidays?year=2026", 400, "territory: 'XX' is not one of BL, FR, GF, GP, MF, MQ, RE, YT"),
        ("/api/v1/deadlines?territory=GP&from=2026-02-30&days=2", 400, "from: '2026-02-30' is not a valid date (expected YYYY-MM-DD)"),
        ("/api/v1/deadlines?territory=GP&from=2026-05-22&days=-1", 400, "days: '-1' is not a whole number of days from 0 to 3660"),
        ("/api/v1/deadlines?territory=GP&from=2026-05-22&days=2&kind=weekly", 400, "kind: 'weekly' is not one of calendar, ouvres, ouvrables, francs"),
        ("/api/v1/deadlines/remote-assistance?from=2026-11-21", 400, "from: '2026-11-21' is not an instant with its offset (2026-11-21T11:00:00+01:00)"),
    ])
    func badParametersAreNamed(uri: String, status: Int, reason: String) async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status.code == status)
                let error = try response.json(TMFErrorBody.self)
                #expect(error.reason == reason)
                #expect(error.code == "invalidParameter" && error.status == "\(status)")
            }
        }
    }

    @Test func deadlinesAreComputedInTheTerritory() async throws {
        try await TestApp.run { client, _ in
            // 2 jours ouvrés after Friday 22 May 2026 in Guadeloupe: Whit Monday and 27 May are holidays.
            try await client.execute(uri: "/api/v1/deadlines?territory=GP&from=2026-05-22&days=2&kind=ouvres", method: .get) { response in
                #expect(response.status == .ok)
                let d = try response.json(DeadlineView.self).deadline
                #expect(d.lastDay == "2026-05-28")
                #expect(d.endsAtLocal == "2026-05-29T00:00:00")
                #expect(d.endsAt == "2026-05-29T04:00:00Z")
            }
        }
    }

    /// Issue 23: the remote-assistance commitments asked for any instant (000 art. 3.2: 72 hours, Sundays and holidays not
    /// counted, in metropolitan France; art. 4.1: 4 hours).
    @Test(arguments: [
        // Accepted Saturday 21 November 11:00 Paris: Sunday not counted, Wednesday 11:00.
        ("2026-11-21T10:00:00Z", "2026-11-25T11:00:00", "2026-11-21T15:00:00"),
        // Accepted Thursday 24 December 18:00: Friday 25 (Christmas) and Sunday 27 not counted, Tuesday 29 18:00.
        ("2026-12-24T18:00:00%2B01:00", "2026-12-29T18:00:00", "2026-12-24T22:00:00"),
        // Across the end of summer time (25 October 2026 is a Sunday): Friday 23 10:00 → Tuesday 27 10:00, wall clock.
        ("2026-10-23T08:00:00Z", "2026-10-27T10:00:00", "2026-10-23T14:00:00"),
    ])
    func remoteAssistanceDeadlinesFromAnyInstant(from: String, callback: String, macAnswer: String) async throws {
        struct Both: Decodable { struct D: Decodable { let endsAtLocal: String; let explanation: Explanation }; let callback: D; let macAnswer: D }
        struct Explanation: Decodable { let source: String }
        try await TestApp.run { client, _ in
            let both = try await client.execute(uri: "/api/v1/deadlines/remote-assistance?from=\(from)", method: .get).json(Both.self)
            #expect(both.callback.endsAtLocal == callback && both.callback.explanation.source == "000 CG 3.2")
            #expect(both.macAnswer.endsAtLocal == macAnswer && both.macAnswer.explanation.source == "000 art. 4.1")
        }
    }
}
