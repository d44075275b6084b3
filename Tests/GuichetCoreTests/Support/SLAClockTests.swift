import GuichetCore
import GuichetData
import Testing

/// SLA clocks computed from a ticket's history, by hand. e-soutien hours here are Mon–Fri
/// 08:00–18:00 Paris (sample hours of support.json, 002 §1.a defers them to the e-services'
/// Conditions Spécifiques); targets 4 h to first response, 16 h to resolution.
/// November 2026: Wednesday the 11th is Armistice Day, the 14th–15th a weekend; Paris is UTC+1.
@Suite struct SLAClockTests {
    static let policy = SLAPolicy(family: .eSoutien, territory: "FR", hours: try! BusinessHours(days: BusinessHours.weekdays, opens: "08:00", closes: "18:00"),
                                  firstResponseMinutes: 240, resolutionMinutes: 960, resolutionMonths: nil, sample: true, source: "test policy")
    static let fr = TestTerritories.calendar("FR")
    static func at(_ iso: String) -> Instant { TestTerritories.instant(iso) }

    static func filing(_ family: TicketFamily = .eSoutien, territory: String = "FR", level: ComplaintLevel? = nil, appealOf: String? = nil) -> TicketFiling {
        TicketFiling(family: family, owner: "cus_op", subject: "FCI injoignable", description: "Erreur 500 sur la commande", contactEmail: "noc@op.example",
                     channel: .portal, territory: territory, eService: family == .eSoutien ? .fci : nil, eSoutienKind: family == .eSoutien ? .dysfonctionnement : nil,
                     complaintLevel: level, appealOf: appealOf)
    }

    /// Filed Tue 10 Nov 16:00; started Thu 12 Nov 09:30; questions Thu 11:00; answer Mon 16 Nov 10:00.
    static func ticket(answered: Bool = true) throws -> Ticket {
        var t = try Ticket(id: "tkt_1", reference: "ES-2026-AAAAAA", filing: filing(), at: at("2026-11-10T15:00:00Z"), actor: "operator")
        try t.apply(TicketEvent(.started, at: at("2026-11-12T08:30:00Z"), actor: "staff"))
        try t.apply(TicketEvent(.infoRequested, at: at("2026-11-12T10:00:00Z"), actor: "staff", text: "Quel identifiant de commande ?"))
        if answered { try t.apply(TicketEvent(.reporterAnswered, at: at("2026-11-16T09:00:00Z"), actor: "operator", text: "CMD-42", channel: .email)) }
        return t
    }

    @Test func firstResponseAcrossTheHoliday() throws {
        // Tue 16:00–18:00 = 2 h; Wed 11th holiday; Thu 08:00–09:30 = 1.5 h → 210 of 240 min; due Thu 10:00.
        let c = Self.policy.clocks(for: try Self.ticket(), calendar: Self.fr, now: Self.at("2026-11-16T12:00:00Z"))[0]
        #expect(c.target == .firstResponse && c.state == .met)
        #expect(c.countedSeconds == Int64(210 * 60), "\(String(describing: c.countedSeconds))")
        #expect(c.dueAtLocal == "2026-11-12T10:00:00")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let now: String
        let resolvedAt: String?
        let state: SLAClock.State
        let countedMinutes: Int64
        let dueLocal: String?
        var testDescription: String { name }
    }

    /// Before the pause: Tue 2 h + Thu 08:00–11:00 3 h = 5 h. Paused Thu 11:00 → Mon 10:00 (weekend
    /// inside). 11 h left: Mon 10:00–18:00 8 h, then Tue 17 Nov 08:00 + 3 h → due Tue 11:00.
    static let cases: [Case] = [
        Case(name: "while waiting on the operator the clock is paused", now: "2026-11-13T11:00:00Z", resolvedAt: nil, state: .paused, countedMinutes: 300, dueLocal: nil),
        Case(name: "running again on Monday afternoon", now: "2026-11-16T14:00:00Z", resolvedAt: nil, state: .running, countedMinutes: 300 + 300, dueLocal: "2026-11-17T11:00:00"),
        Case(name: "resolved Tuesday 10:30: met", now: "2026-11-18T09:00:00Z", resolvedAt: "2026-11-17T09:30:00Z", state: .met, countedMinutes: 930, dueLocal: "2026-11-17T11:00:00"),
        Case(name: "resolved Tuesday 11:30: breached", now: "2026-11-18T09:00:00Z", resolvedAt: "2026-11-17T10:30:00Z", state: .breached, countedMinutes: 990, dueLocal: "2026-11-17T11:00:00"),
        Case(name: "unresolved Tuesday 11:01: breached", now: "2026-11-17T10:01:00Z", resolvedAt: nil, state: .breached, countedMinutes: 961, dueLocal: "2026-11-17T11:00:00"),
    ]

    @Test(arguments: cases)
    func resolutionAcrossWeekendHolidayAndPause(_ c: Case) throws {
        var t = try Self.ticket(answered: c.state != .paused)
        if let r = c.resolvedAt { try t.apply(TicketEvent(.resolved, at: Self.at(r), actor: "staff", text: "Corrigé")) }
        let clocks = Self.policy.clocks(for: t, calendar: Self.fr, now: Self.at(c.now))
        let resolution = try #require(clocks.first { $0.target == .resolution })
        #expect(resolution.state == c.state)
        #expect(resolution.countedSeconds == c.countedMinutes * 60)
        #expect(resolution.dueAtLocal == c.dueLocal)
    }

    @Test func pausedWhileWaitingEvenIfNeverAnswered() throws {
        var t = try Ticket(id: "tkt_2", reference: "ES-2026-BBBBBB", filing: Self.filing(), at: Self.at("2026-11-10T15:00:00Z"), actor: "operator")
        try t.apply(TicketEvent(.infoRequested, at: Self.at("2026-11-10T16:00:00Z"), actor: "staff", text: "?"))
        let c = Self.policy.clocks(for: t, calendar: Self.fr, now: Self.at("2026-12-01T10:00:00Z"))
        #expect(c.map(\.state) == [.met, .paused])
        #expect(c[1].countedSeconds == 3600)
    }

    @Test func aCalendarChangeRecomputesFromTheHistory() throws {
        // The operator closes Monday 16 Nov (jour chômé): the 11 h left start Tuesday → due Wed 18 Nov 09:00.
        let closed = WorkCalendar(territory: Self.fr.territory, closedDays: [TestTerritories.date("2026-11-16")])
        let c = Self.policy.clocks(for: try Self.ticket(), calendar: closed, now: Self.at("2026-11-17T12:00:00Z"))
        #expect(c[1].dueAtLocal == "2026-11-18T09:00:00")
        #expect(c[1].state == .running)
    }

    @Test func escalationOncePerMissedTarget() throws {
        var t = try Self.ticket()
        let late = Self.at("2026-11-17T10:01:00Z")
        #expect(Self.policy.missedTargets(t, calendar: Self.fr, now: late) == [.resolution])
        try t.apply(TicketEvent(.escalated, at: late, actor: "system", target: .resolution))
        #expect(Self.policy.missedTargets(t, calendar: Self.fr, now: late).isEmpty)
        #expect(throws: SupportError.self) { try t.apply(TicketEvent(.escalated, at: late, actor: "system", target: .resolution)) }
    }

    /// 001 CG 21: one calendar month from receipt, until 24:00 local on the last day.
    @Test func complaintAnswerWithinOneCalendarMonth() throws {
        let monthly = SLAPolicy(family: .complaint, territory: nil, hours: nil, firstResponseMinutes: nil, resolutionMinutes: nil,
                                resolutionMonths: 1, sample: false, source: "001 CG 21")
        // Received Sat 31 Jan 2026 10:00 in Martinique (UTC−4): last day 28 Feb, due 1 Mar 00:00 local.
        var t = try Ticket(id: "tkt_3", reference: "REC-2026-CCCCCC", filing: Self.filing(.complaint, territory: "MQ", level: .customerService),
                           at: Self.at("2026-01-31T14:00:00Z"), actor: "customer")
        let mq = TestTerritories.calendar("MQ")
        let open = monthly.clocks(for: t, calendar: mq, now: Self.at("2026-02-28T23:00:00Z"))[0]
        #expect(open.dueAtLocal == "2026-03-01T00:00:00" && open.state == .running)
        #expect(open.dueAt == Self.at("2026-03-01T04:00:00Z"))
        try t.apply(TicketEvent(.resolved, at: Self.at("2026-03-01T03:59:00Z"), actor: "staff", text: "Réponse"))
        #expect(monthly.clocks(for: t, calendar: mq, now: Self.at("2026-03-05T00:00:00Z"))[0].state == .met)
        // The mediator (level 3) answers under its own rules: no clock of ours.
        let mediator = try Ticket(id: "tkt_4", reference: "REC-2026-DDDDDD", filing: Self.filing(.complaint, territory: "MQ", level: .mediator, appealOf: "REC-2026-EEEEEE"),
                                  at: Self.at("2026-04-01T14:00:00Z"), actor: "customer")
        #expect(monthly.clocks(for: mediator, calendar: mq, now: Self.at("2026-06-01T00:00:00Z")).isEmpty)
    }

    /// 003 CG 12.1: in Mayotte, service restored "au plus tard dans un délai de deux (2) jours ouvrés";
    /// elsewhere 001 CG 13's 12 jours ouvrables. Reported Fri 20 Nov 2026 10:00 in Mayotte (UTC+3):
    /// Fri 14 h, weekend not counted, Mon 24 h, Tue 10 h → due Tue 24 Nov 10:00 local.
    @Test func afterSalesRestorationPerTerritory() throws {
        let policies = try ReferenceData.support().policies
        let yt = try #require(policies.policy(.afterSales, territory: "YT"))
        #expect(yt.source.hasPrefix("003 CG 12.1"))
        #expect(policies.policy(.afterSales, territory: "MQ")?.source.hasPrefix("001 CG 13") == true)
        let filing = TicketFiling(family: .afterSales, owner: "cus_1", subject: "Plus de réseau", description: "d", contactEmail: "a@b.yt",
                                  channel: .phone, territory: "YT")
        let t = try Ticket(id: "tkt_5", reference: "SAV-2026-FFFFFF", filing: filing, at: Self.at("2026-11-20T07:00:00Z"), actor: "customer")
        let clock = try #require(yt.clocks(for: t, calendar: TestTerritories.calendar("YT"), now: Self.at("2026-11-23T12:00:00Z")).first)
        #expect(clock.dueAtLocal == "2026-11-24T10:00:00")
        #expect(clock.state == .running)
    }
}
