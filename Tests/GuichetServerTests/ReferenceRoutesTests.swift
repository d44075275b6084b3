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
        ("/api/v1/territories/XX/holidays?year=2026", 400, "territory: 'XX' is not one of BL, FR, GP, GY, MF, MQ, RE, YT"),
        ("/api/v1/deadlines?territory=GP&from=2026-02-30&days=2", 400, "from: '2026-02-30' is not a valid date (expected YYYY-MM-DD)"),
        ("/api/v1/deadlines?territory=GP&from=2026-05-22&days=-1", 400, "days: '-1' is not a whole number of days from 0 to 3660"),
        ("/api/v1/deadlines?territory=GP&from=2026-05-22&days=2&kind=weekly", 400, "kind: 'weekly' is not one of calendar, ouvres, ouvrables, francs"),
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
}
