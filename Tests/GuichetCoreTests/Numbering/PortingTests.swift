import GuichetCore
import Testing

@Suite struct PortingTests {
    typealias F = ContractFixtures
    static func rio(_ prefix: String, _ number: String) -> String { prefix + (try! RIO.key(prefix: prefix, nationalNumber: number)) }

    @Test func mobilePortInDatesInMayotte() throws {
        let yt = TestTerritories.calendar("YT")
        // 003 CG 19.1: requested Friday 22 May 2026 → 3 jours ouvrables: Sat 23, (Whit Monday), Tue 26, Wed 27.
        let plain = try PortingRequest(number: "0639012345", rio: Self.rio("02P123456", "0639012345"), line: .mobile, requestedOn: F.d("2026-05-22"))
        #expect(try plain.committedPortingDate(calendar: yt).date == F.d("2026-05-27"))
        #expect(try plain.temporaryNumberFrom(calendar: yt) == nil)
        // A later date asked by the customer, up to 59 days; beyond 15 days a temporary number from the 15th day (CG 19.2).
        let later = try PortingRequest(number: "0639012345", rio: Self.rio("02P123456", "0639012345"), line: .mobile,
                                       requestedOn: F.d("2026-05-22"), desiredDate: F.d("2026-06-30"))
        #expect(try later.committedPortingDate(calendar: yt).date == F.d("2026-06-30"))
        #expect(try later.temporaryNumberFrom(calendar: yt) == F.d("2026-06-06"))
        let tooLate = try PortingRequest(number: "0639012345", rio: Self.rio("02P123456", "0639012345"), line: .mobile,
                                         requestedOn: F.d("2026-05-22"), desiredDate: F.d("2026-07-21"))
        #expect(throws: NumberingError.self) { try tooLate.committedPortingDate(calendar: yt) }
    }

    @Test func mobileDelayCompensation() throws {
        // 003 CG 19.2: 3.50 € (catalog) per day late, claimed within one month of the port.
        let yt = TestTerritories.calendar("YT")
        let perDay = ShippedCatalogs.set.prices.price("mayotte-compensation-portabilite-retard", on: F.d("2026-05-22"))?.amount
        let r = try PortingRequest(number: "0639012345", rio: Self.rio("02P123456", "0639012345"), line: .mobile, requestedOn: F.d("2026-05-22"))
        #expect(try r.delayCompensation(calendar: yt, restoredOn: F.d("2026-05-30"), monthlyPrice: nil, mobilePerDay: perDay, claimedOn: F.d("2026-06-10"))?.amount == (try Money("10.50")))
        #expect(try r.delayCompensation(calendar: yt, restoredOn: F.d("2026-05-30"), monthlyPrice: nil, mobilePerDay: perDay, claimedOn: F.d("2026-07-01")) == nil)
    }

    @Test func fixedPortInInGuadeloupe() throws {
        let gp = TestTerritories.calendar("GP")
        var r = try PortingRequest(number: "0590271234", rio: Self.rio("01F654321", "0590271234"), line: .fixed, requestedOn: F.d("2026-05-21"))
        try r.apply(.accept, on: F.d("2026-05-22"), calendar: gp)
        // 001 A3 art. 2.3: 3 jours ouvrables after acceptance on Friday 22 May: Sat 23, Tue 26, (27 May, abolition day), Thu 28.
        #expect(try r.committedPortingDate(calendar: gp).date == F.d("2026-05-28"))
        // art. 4: 1/5 of 54.90 per day until the service is restored on 1 June: 4 × 10.98.
        #expect(try r.delayCompensation(calendar: gp, restoredOn: F.d("2026-06-01"), monthlyPrice: try Money("54.90"), mobilePerDay: nil,
                                        claimedOn: F.d("2026-06-02"))?.amount == (try Money("43.92")))
        // Lost number: 24 × 54.90 (the spec's example).
        #expect(PortingRequest.lostNumberCompensation(monthlyPrice: try Money("54.90")).amount == (try Money("1317.60")))
        try r.apply(.complete, on: F.d("2026-05-28"), calendar: gp)
        #expect(r.state == .ported)
    }

    @Test func cancellationWindowAndStates() throws {
        let gp = TestTerritories.calendar("GP")
        // 001 A3 art. 2.4: cancelled at the latest on the working day after the request (Thursday 21 → Friday 22).
        var r = try PortingRequest(number: "0590271234", rio: Self.rio("01F654321", "0590271234"), line: .fixed, requestedOn: F.d("2026-05-21"))
        #expect(r.cancellationDeadline(calendar: gp).lastDay == F.d("2026-05-22"))
        #expect(throws: NumberingError.self) { try r.apply(.cancel, on: F.d("2026-05-23"), calendar: gp) }
        #expect(throws: NumberingError.self) { try r.apply(.complete, on: F.d("2026-05-22"), calendar: gp) }
        try r.apply(.cancel, on: F.d("2026-05-22"), calendar: gp)
        #expect(r.state == .cancelled)
    }

    @Test func badRIOsAreRefusedBeforeAnything() {
        #expect(throws: NumberingError.badRIO("02P131780R0X", "its key does not match 0696100152 (RIO incorrect)")) {
            try PortingRequest(number: "0696100152", rio: "02P131780R0X", line: .mobile, requestedOn: F.d("2026-05-22"))
        }
        #expect(throws: NumberingError.self) {
            try PortingRequest(number: "0696100152", rio: "02P131780R0W", line: .fixed, requestedOn: F.d("2026-05-22"))
        }
    }
}
