import GuichetCore
import Testing

@Suite struct ContractChangeTests {
    typealias F = ContractFixtures

    @Test(arguments: [
        // 001 CG 18.1: a home without service is a legitimate reason if asked within 15 days of the move.
        (Contract.NewHome.unavailable, "2026-06-01", "2026-06-16", true),
        (.unavailable, "2026-06-01", "2026-06-17", false),
        // 001 CG 12: no fibre possible → xDSL offer or termination without fees; fibre-eligible → transfer.
        (.xdslOnly, "2026-06-01", "2026-08-01", true),
        (.fibreEligible, "2026-06-01", "2026-06-02", false),
        (.abroad, "2026-06-01", "2026-09-01", true),
    ])
    func liveboxMoving(home: Contract.NewHome, move: String, request: String, free: Bool) throws {
        #expect(try F.liveboxFibre.moving(on: F.d(move), requestedOn: F.d(request), to: home).freeTermination == free)
    }

    @Test func mayotteOfferChange() throws {
        // 003 CG 6: the customer's chosen day between the request and the next billing day.
        let c = F.mayotte24
        #expect(try c.offerChange(requestedOn: F.d("2026-05-03"), nextBillingDay: F.d("2026-05-10"), timing: .on(F.d("2026-05-07")), toEngagementMonths: 24).date == F.d("2026-05-07"))
        #expect(try c.offerChange(requestedOn: F.d("2026-05-03"), nextBillingDay: F.d("2026-05-10"), timing: .nextBillingDay, toEngagementMonths: 24).date == F.d("2026-05-10"))
        #expect(throws: ContractError.self) {
            try c.offerChange(requestedOn: F.d("2026-05-03"), nextBillingDay: F.d("2026-05-10"), timing: .on(F.d("2026-05-12")), toEngagementMonths: 24)
        }
        // CS-FB 6: to a plan without commitment only at the end of the commitment (10 January 2028).
        #expect(throws: ContractError.self) {
            try c.offerChange(requestedOn: F.d("2026-05-03"), nextBillingDay: F.d("2026-05-10"), timing: .immediately, toEngagementMonths: 0)
        }
        #expect(try c.offerChange(requestedOn: F.d("2028-01-10"), nextBillingDay: F.d("2028-01-10"), timing: .immediately, toEngagementMonths: 0).date == F.d("2028-01-10"))
    }
}
