import GuichetCore
import GuichetData

/// The shipped territories, loaded once for all calendar tests.
enum TestTerritories {
    static let all: [String: Territory] = try! ReferenceData.territories()

    static func calendar(_ id: String) -> WorkCalendar { WorkCalendar(territory: all[id]!) }

    static func date(_ iso: String) -> LocalDate { try! LocalDate(iso: iso) }
    static func instant(_ iso: String) -> Instant { try! Instant(iso: iso) }
}
