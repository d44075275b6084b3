import GuichetApp
import GuichetCore
import GuichetData
import GuichetStore
import GuichetTestSupport
import Testing

/// Port-in requests through their service and repository on the in-memory event store: each action is checked by the
/// rules (001 Annexe 3, 003 CG 19), lands in the history and in the state table, and the table folds again from the
/// history to what was written.
@Suite struct PortingServiceTests {
    static func service() throws -> (PortingService, any EventStore) {
        let store = InMemoryEventStore()
        return (PortingService(store: store, territories: try ReferenceData.territories(), plan: try ReferenceData.numberingPlan(),
                                rioOperatorCode: try ReferenceData.portability().rioOperatorCode), store)
    }

    static func at(_ iso: String) -> Instant { try! Instant(iso: iso) }

    @Test func aPortInIsRequestedAcceptedAndPortedThenLeavesTheRequestsUnderWay() async throws {
        let (porting, store) = try Self.service()
        // 003 CG 19.1: a Martinique mobile number with its RIO (key checked before anything is stored).
        let created = try await porting.create(number: "0696 10 01 52", rio: "02P131780R0W", requestedOn: try LocalDate(iso: "2026-05-22"),
                                               desiredDate: nil, at: Self.at("2026-05-22T08:00:00Z"))
        #expect(created.territory == "MQ" && created.request.line == .mobile && created.request.state == .requested)
        var underWay = StateQuery()
        underWay.oneOf = ["state": ["requested", "accepted"]]
        #expect(try await porting.requests(underWay).total == 1)

        _ = try await porting.apply(.accept, to: created.id, on: try LocalDate(iso: "2026-05-23"), at: Self.at("2026-05-23T08:00:00Z"))
        let ported = try await porting.apply(.complete, to: created.id, on: try LocalDate(iso: "2026-05-27"), at: Self.at("2026-05-27T08:00:00Z"))
        #expect(ported.request.state == .ported)
        #expect(try await porting.get(created.id)?.request.portedOn == (try LocalDate(iso: "2026-05-27")))
        #expect(try await porting.requests(underWay).total == 0)
        // A ported request cannot be cancelled: refused, and nothing is written.
        await #expect(throws: NumberingError.self) {
            try await porting.apply(.cancel, to: created.id, on: try LocalDate(iso: "2026-05-28"), at: Self.at("2026-05-28T08:00:00Z"))
        }
        #expect(try await store.events(stream: "porting:\(created.id)", after: 0).map(\.type) == ["porting-requested", "porting-accept", "porting-complete"])

        let live = try await store.stateRows(.portingRequests)
        _ = try await store.rebuildState(.portingRequests, streamPrefix: "porting:") { stream, events in
            try porting.repository.folded(stream, events)
        }
        #expect(try await store.stateRows(.portingRequests) == live)
    }

    /// 001 Annexe 3 art. 2.4: a fixed port-in is cancelled until the end of the next jour ouvrable, not after.
    @Test(arguments: [("2026-05-23", true), ("2026-05-25", false)])
    func aFixedPortInIsCancelledByTheNextWorkingDay(day: String, allowed: Bool) async throws {
        let (porting, _) = try Self.service()
        // Friday 22 May 2026 in Guadeloupe: the next jour ouvrable (Monday to Saturday) is Saturday 23; Monday 25 is too late.
        let created = try await porting.create(number: "0590 27 12 34", rio: try Self.fixedRIO("0590271234"), requestedOn: try LocalDate(iso: "2026-05-22"),
                                               desiredDate: nil, at: Self.at("2026-05-22T08:00:00Z"))
        let cancel = { try await porting.apply(.cancel, to: created.id, on: try LocalDate(iso: day), at: Self.at("\(day)T08:00:00Z")) }
        if allowed {
            #expect(try await cancel().request.state == .cancelled)
        } else {
            await #expect(throws: NumberingError.self) { _ = try await cancel() }
            #expect(try await porting.get(created.id)?.request.state == .requested)
        }
    }

    /// A fixed RIO for a number: operator 01, type F (fixed), a reference, and its check key (reference-numbering §5.5).
    static func fixedRIO(_ national: String) throws -> String {
        "01F123456" + (try RIO.key(prefix: "01F123456", nationalNumber: national))
    }
}
