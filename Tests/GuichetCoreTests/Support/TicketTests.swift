import GuichetCore
import Testing

/// The ticket state machine: 002 §1.a–b (e-soutien), 004 §12 (support centre).
@Suite struct TicketTests {
    static func at(_ iso: String) -> Instant { TestTerritories.instant(iso) }

    static func ticket(_ family: TicketFamily = .eSoutien) throws -> Ticket {
        let f = TicketFiling(family: family, owner: "cus_1", subject: "Panne", description: "Plus de tonalité", contactEmail: "it@client.example",
                             channel: .api, territory: "FR", eService: family == .eSoutien ? .eSAV : nil,
                             eSoutienKind: family == .eSoutien ? .demandeDeSoutien : nil,
                             serviceNumber: family == .supportCentre ? "0596123456" : nil, siteContactPhone: family == .supportCentre ? "0696000000" : nil)
        return try Ticket(id: "tkt", reference: "X-1", filing: f, at: at("2026-11-10T09:00:00Z"), actor: "x")
    }

    @Test func filingNeedsWhatEachFamilyRequires() throws {
        let base = TicketFiling(family: .supportCentre, owner: "cus_1", subject: "Panne", description: "d", contactEmail: "it@client.example",
                                channel: .phone, territory: "FR")
        #expect(throws: SupportError.invalid(field: "serviceNumber", reason: "the service number or the site head number is required (004 §12)")) { try base.validate() }
        let badMail = TicketFiling(family: .afterSales, owner: "c", subject: "s", description: "d", contactEmail: "not-an-address", channel: .api, territory: "MQ")
        #expect(throws: SupportError.self) { try badMail.validate() }
        let appeal = TicketFiling(family: .complaint, owner: "c", subject: "s", description: "d", contactEmail: "a@b.fr", channel: .api, territory: "MQ",
                                  complaintLevel: .consumerAppeals)
        #expect(throws: SupportError.self) { try appeal.validate() }
    }

    @Test func waitingOnTheReporterThenAComplementResumes() throws {
        var t = try Self.ticket()
        try t.apply(TicketEvent(.infoRequested, at: Self.at("2026-11-10T10:00:00Z"), actor: "staff", text: "Numéro de ligne ?"))
        #expect(t.status == .pending)
        // Resolving while waiting is refused: the operator's answer comes first.
        #expect(throws: SupportError.self) { try t.apply(TicketEvent(.resolved, at: Self.at("2026-11-10T11:00:00Z"), actor: "staff", text: "ok")) }
        try t.apply(TicketEvent(.complementAdded, at: Self.at("2026-11-10T12:00:00Z"), actor: "op", text: "0590112233"))
        #expect(t.status == .inProgress)
        try t.apply(TicketEvent(.resolved, at: Self.at("2026-11-10T13:00:00Z"), actor: "staff", text: "Réparé"))
        // 002 §1.b: a closed ticket takes no complement or status request.
        #expect(throws: SupportError.self) { try t.apply(TicketEvent(.complementAdded, at: Self.at("2026-11-10T14:00:00Z"), actor: "op", text: "encore")) }
        #expect(throws: SupportError.self) { try t.apply(TicketEvent(.statusQueried, at: Self.at("2026-11-10T14:00:00Z"), actor: "op")) }
        #expect(t.waitingSpans(until: Self.at("2026-11-11T00:00:00Z")) == [Pause(start: Self.at("2026-11-10T10:00:00Z"), end: Self.at("2026-11-10T12:00:00Z"))])
    }

    /// 004 §12 (SUP-6): an incident on the customer's side is closed with notice.
    @Test func customerDomainClosesTheIncident() throws {
        var t = try Self.ticket(.supportCentre)
        try t.apply(TicketEvent(.diagnosed, at: Self.at("2026-11-10T10:00:00Z"), actor: "csc", text: "Switch du client hors tension", domain: .customer))
        #expect(t.status == .closed && t.domain == .customer)
        #expect(t.resolvedAt == Self.at("2026-11-10T10:00:00Z"))
        var p = try Self.ticket(.supportCentre)
        try p.apply(TicketEvent(.diagnosed, at: Self.at("2026-11-10T10:00:00Z"), actor: "csc", text: "Carte réseau", domain: .provider))
        #expect(p.status == .inProgress && p.domain == .provider)
    }

    @Test func historyReplaysToTheSameTicket() throws {
        var t = try Self.ticket()
        try t.apply(TicketEvent(.started, at: Self.at("2026-11-10T10:00:00Z"), actor: "staff"))
        try t.apply(TicketEvent(.resolved, at: Self.at("2026-11-10T11:00:00Z"), actor: "staff", text: "ok"))
        try t.apply(TicketEvent(.closed, at: Self.at("2026-11-10T12:00:00Z"), actor: "staff"))
        let again = try Ticket(id: t.id, reference: t.reference, filing: t.filing, history: t.events)
        #expect(again == t)
        #expect(throws: SupportError.self) { try t.apply(TicketEvent(.noted, at: Self.at("2026-11-10T11:30:00Z"), actor: "staff", text: "earlier")) }
    }
}
