import GuichetCore
import Testing

/// 002 §4 (maintenance notices) and §5 (the fallback mailbox, honoured only while e-soutien is down).
@Suite struct ESoutienAvailabilityTests {
    static func at(_ iso: String) -> Instant { TestTerritories.instant(iso) }
    static let window = try! MaintenanceWindow(id: "mnt_1", start: at("2026-11-28T21:00:00Z"), end: at("2026-11-29T01:30:00Z"),
                                                description: "Mise à jour", declaredAt: at("2026-11-21T10:00:00Z"))

    @Test func noticeGivesDatesTimesAndDurationOnTheParisClock() {
        #expect(Self.window.notice(zone: TestTerritories.calendar("FR").zone)
                == "du 28/11/2026 à 22:00 au 29/11/2026 à 02:30 (heure de Paris), durée prévisionnelle 4 h 30 min")
        #expect(throws: SupportError.self) {
            try MaintenanceWindow(id: "m", start: Self.at("2026-11-20T10:00:00Z"), end: Self.at("2026-11-20T11:00:00Z"), description: "", declaredAt: Self.at("2026-11-21T10:00:00Z"))
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let at: String
        let urgent: Bool
        let accepted: Bool
        var testDescription: String { name }
    }

    static let outage = ServiceOutage(id: "out_1", start: at("2026-11-21T08:00:00Z"), end: at("2026-11-21T12:00:00Z"), note: "panne")
    static let cases: [Case] = [
        Case(name: "urgent during a declared outage", at: "2026-11-21T09:00:00Z", urgent: true, accepted: true),
        Case(name: "not urgent during an outage", at: "2026-11-21T09:00:00Z", urgent: false, accepted: false),
        Case(name: "urgent while e-soutien works", at: "2026-11-21T13:00:00Z", urgent: true, accepted: false),
        Case(name: "urgent during scheduled maintenance", at: "2026-11-28T22:00:00Z", urgent: true, accepted: true),
    ]

    @Test(arguments: cases)
    func fallbackMailbox(_ c: Case) {
        let accepted = (try? FallbackMailbox.accept(receivedAt: Self.at(c.at), urgent: c.urgent, outages: [Self.outage], windows: [Self.window])) != nil
        #expect(accepted == c.accepted)
    }
}
