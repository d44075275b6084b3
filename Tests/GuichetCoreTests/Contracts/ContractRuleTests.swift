import GuichetCore
import Testing

@Suite struct ContractRuleTests {
    typealias F = ContractFixtures
    static func calendar(_ t: String) -> WorkCalendar { TestTerritories.calendar(t) }

    // Withdrawal: 001 CG 2 / 003 CG 4, 21 calendar days from the order, extended past a weekend or holiday.
    @Test(arguments: [
        ("001, Guadeloupe: day 21 is 27 May 2026, abolition day → Thursday 28", ContractFamily.livebox, "GP", "2026-05-06", "2026-05-28"),
        ("001, Martinique: 27 May is worked there", .livebox, "MQ", "2026-05-06", "2026-05-27"),
        ("003, Mayotte: day 21 is 27 April 2026, abolition day → Tuesday 28", .mobileMayotte, "YT", "2026-04-06", "2026-04-28"),
        ("003: day 21 is Saturday 24 October 2026 → Monday 26", .mobileMayotte, "YT", "2026-10-03", "2026-10-26"),
        ("000 art. 10: 7 jours francs from Tuesday 17 November 2026 → Wednesday 25", .assistance, "FR", "2026-11-17", "2026-11-25"),
    ])
    func withdrawalDeadlines(item: String, family: ContractFamily, territory: String, ordered: String, lastDay: String) throws {
        let c = try Contract(id: "c", customerID: "cus", family: family, offeringID: "o", territoryID: territory, monthlyFee: nil,
                             engagementMonths: 0, orderedOn: F.d(ordered), distanceSale: true)
        #expect(c.withdrawalDeadline(calendar: Self.calendar(territory))?.lastDay == F.d(lastDay), "\(item)")
    }

    @Test func shopSalesAndBusinessContractsHaveNoWithdrawal() throws {
        var shop = F.liveboxFibre
        shop = try Contract(id: "c", customerID: "cus", family: .livebox, offeringID: "o", territoryID: "GP", monthlyFee: nil,
                            engagementMonths: 12, orderedOn: F.d("2026-05-06"), distanceSale: false)
        #expect(shop.withdrawalDeadline(calendar: Self.calendar("GP")) == nil)
        #expect(F.workplace7.withdrawalDeadline(calendar: Self.calendar("FR")) == nil)
    }

    @Test(arguments: [
        ("asked before the first term", "2026-11-21", "2029-01-05", "2028-10-07"),
        ("asked after it: the first 12-month renewal", "2029-03-01", "2030-01-05", "2029-10-07"),
    ])
    func workplaceRenewalAndNotice(item: String, on: String, renewal: String, notice: String) {
        // 004 §9.1: 36 months from signature, then 12-month tacit renewals; §9.2: 90 days' notice.
        let d = F.workplace7.deadlines(calendar: Self.calendar("FR"), on: F.d(on))
        #expect(d.engagementEnd?.date == F.d("2029-01-05"))
        #expect(d.nextRenewal?.date == F.d(renewal), "\(item)")
        #expect(d.noticeLimit?.date == F.d(notice), "\(item)")
    }

    @Test func liveboxEngagementRunsFromActivation() {
        // 001 Preamble: the contract takes effect on activation; 12 months from 1 February 2026.
        #expect(F.liveboxFibre.deadlines(calendar: Self.calendar("GP"), on: F.d("2026-03-01")).engagementEnd?.date == F.d("2027-02-01"))
    }

    @Test(arguments: [
        ("003 CG 5: 3 days after the chosen date", ContractFamily.mobileMayotte, "mayotte-forfait-24-mois", "2026-03-01", "2026-03-13", "2026-03-10", "3.50"),
        ("003 CG 5: 2 days after is in time", .mobileMayotte, "mayotte-forfait-24-mois", "2026-03-01", "2026-03-12", "2026-03-10", nil),
        ("001 CG 7.2: 4 days late in March at 49.90/31 a day", .livebox, "livebox-essentiel-xdsl", "2026-03-01", "2026-03-20", nil, "6.44"),
        ("001 CG 7.2: 26 days of May (/31) and 3 of June (/30)", .livebox, "livebox-essentiel-xdsl", "2026-04-20", "2026-06-03", nil, "46.84"),
        ("001 CG 7.2: fibre is not concerned", .livebox, "livebox-essentiel-fibre", "2026-03-01", "2026-03-20", nil, nil),
    ] as [(String, ContractFamily, String, String, String, String?, String?)])
    func lateActivation(item: String, family: ContractFamily, offering: String, ordered: String, activated: String, chosen: String?, owed: String?) throws {
        let c = F.active(family, offering: offering, fee: F.quote("49.90"), months: 12, ordered: ordered, activated: activated, chosen: chosen)
        let flat = ShippedCatalogs.set.prices.price("mayotte-compensation-activation-tardive", on: F.d("2026-03-01"))?.amount
        let expected = try owed.map { try Money($0) }
        let line = try c.lateActivationCompensation(flat: flat)
        #expect(line?.amount == expected, "\(item)")
    }

    @Test(arguments: [("44.99", false, false), ("45.00", true, false), ("300.00", true, true)])
    func mayotteAdvanceThresholds(spend: String, advance: Bool, suspend: Bool) throws {
        // 003 CG 8, thresholds read from the catalog's parameters.
        let p = Dictionary(uniqueKeysWithValues: ShippedCatalogs.set.parameters.map { ($0.id, $0.value) })
        let rule = ConsumptionAdvanceRule(advanceThreshold: try Money(p["seuil-avance-sur-consommation"]!),
                                          suspensionThreshold: try Money(p["seuil-suspension-hors-forfait"]!))
        let r = rule.assess(outOfBundle: try Money(spend))
        #expect(r.mayRequestAdvance == advance && r.maySuspend == suspend)
    }

    @Test(arguments: [
        (ContractAction.terminate, ContractState.terminated), (.suspend, .withdrawn), (.activate, .active), (.resume, .active),
        (.cancel, .active), (.withdraw, .terminated), (.cancelTerminationRequest, .active), (.requestTermination, .cancelled),
    ])
    func illegalTransitionsAreRefused(action: ContractAction, from state: ContractState) {
        #expect(throws: ContractError.illegalTransition(action: action, from: state)) { try action.apply(to: state) }
    }

    @Test func aRefusedActionLeavesTheContractUnchanged() throws {
        var c = F.liveboxFibre
        try c.apply(.requestTermination, on: F.d("2026-05-01"))
        try c.apply(.terminate, on: F.d("2026-05-11"))
        let before = c
        #expect(throws: ContractError.illegalTransition(action: .terminate, from: .terminated)) { try c.apply(.terminate, on: F.d("2026-05-12")) }
        #expect(c == before)
        #expect(c.history.map(\.to) == [.active, .pendingTermination, .terminated])
    }
}
