import GuichetCore
import GuichetData
import Testing

/// Issue 7 acceptance: a WTE customer with 2 sites and 7 packs, one licence activated on the 28th
/// (004 §15 BIL-5: billed for the whole month), overage (004 §2.6.1) and a site deployment fee
/// (004 §15 BIL-2). Prices are the catalog's SAMPLE values (004 gives none): pack Calling 12.00 HT,
/// deployment 150.00 HT per site.
@Suite struct WorkplaceInvoiceTests {
    static let zones = try! ReferenceData.taxZones()
    static let may = try! BillingPeriod("2026-05")

    static func day(_ s: String) -> LocalDate { try! LocalDate(iso: s) }

    static func subscription(licences: [Licence]) -> BillableSubscription {
        BillableSubscription(contractID: "ctr_wte", label: "Pack Calling", family: .workplace,
                             monthly: PriceQuote(priceID: "wte-pack-calling-monthly", version: "2024-01-01", amount: try! Money("12.00"),
                                                 taxIncluded: false, on: day("2026-04-01"), source: "004 §15 (SAMPLE)"),
                             quantity: 7, activatedOn: day("2026-05-04"), licences: licences)
    }

    // Site A: 4 users from 4 May; site B: 2 users from 4 May and one from 28 May.
    static let licences = (1...4).map { Licence(user: "a\($0)", site: "A", assignedOn: day("2026-05-04")) }
        + (1...2).map { Licence(user: "b\($0)", site: "B", assignedOn: day("2026-05-04")) }
        + [Licence(user: "b3", site: "B", assignedOn: day("2026-05-28"))]

    @Test func twoSitesSevenPacksOverageAndDeployment() throws {
        let deployment = try RecordedCharge(id: "chg_1", category: .oneTime, label: "Frais de déploiement, site B", on: Self.day("2026-05-04"),
                                            unitPrice: try Money("150.00"), taxIncluded: false, source: "004 §15 BIL-2 (SAMPLE)", site: "B")
        // Site A's deployment was billed in April, at its activation: not again in May.
        let earlier = try RecordedCharge(id: "chg_0", category: .oneTime, label: "Frais de déploiement, site A", on: Self.day("2026-04-20"),
                                         unitPrice: try Money("150.00"), taxIncluded: false, source: "004 §15 BIL-2 (SAMPLE)", site: "A")
        // Site A's pool exhausted: 60 s beyond it to a mobile at the SAMPLE 0.45 €/min HT (see RaterTests).
        let overage = UsageAggregate(group: "WTE-S-NAT-MOBILE", name: "Mobiles France", count: 1, quantity: 60, amount: try Money("0.45"),
                                     taxIncluded: false, source: "004 §2.6.1 (SAMPLE)")
        let lines = try ChargeRules.lines(period: Self.may, subscriptions: [Self.subscription(licences: Self.licences)],
                                      charges: [earlier, deployment], usage: [overage])
        #expect(lines.map(\.category) == [.recurring, .oneTime, .usage])
        // 7 packs × 12.00, the licence of 28 May included for the whole month.
        #expect(lines[0].quantity == 7)
        #expect(lines[0].amount == (try Money("84.00")))
        #expect(lines[0].explanation.source.hasPrefix("004 §15"))
        #expect(lines[1].amount == (try Money("150.00")))
        // HT 84.00 + 150.00 + 0.45 = 234.45; VAT 20 % = 46.89; TTC 281.34.
        let totals = InvoiceTotals(lines: lines, zone: try #require(Self.zones["FR"]))
        #expect(totals.excludingTax == (try Money("234.45")))
        #expect(totals.tax == (try Money("46.89")))
        #expect(totals.includingTax == (try Money("281.34")))
    }

    struct LicenceCase: Sendable, CustomTestStringConvertible {
        let assigned: String, removed: String?, packs: Int
        var testDescription: String { "\(assigned)…\(removed ?? "")" }
    }

    /// 004 §15 BIL-3/4/5: a licence counts in every month it was assigned at any time.
    static let licenceCases: [LicenceCase] = [
        LicenceCase(assigned: "2026-05-31", removed: nil, packs: 1),
        LicenceCase(assigned: "2026-06-01", removed: nil, packs: 0),
        LicenceCase(assigned: "2026-03-10", removed: "2026-05-01", packs: 1),
        LicenceCase(assigned: "2026-03-10", removed: "2026-04-30", packs: 0),
    ]

    @Test(arguments: licenceCases)
    func licenceActiveInTheMonth(_ c: LicenceCase) throws {
        let licence = Licence(user: "u", assignedOn: Self.day(c.assigned), removedOn: c.removed.map(Self.day))
        #expect(licence.active(in: Self.may) == (c.packs == 1))
        // Alone on its contract: billed when active; a pack removed before May stays billed, kept by DUR-3 (D-RUN-26).
        let line = try ChargeRules.recurring(Self.subscription(licences: [licence]), in: Self.may)
        #expect((line?.quantity ?? 0) == (c.removed == nil ? c.packs : 1))
    }

    struct FloorCase: Sendable, CustomTestStringConvertible {
        let name: String, licences: [Licence], period: String, packs: Int, source: String
        var testDescription: String { name }
    }

    /// 004 §9.1 DUR-3 with §15 BIL-4 (D-RUN-26), 7 packs ordered at the SAMPLE 12.00: a pack is billed from its licence's
    /// assignment; once active, it is kept (its user gone or not) up to the 7 of the order.
    static let floorCases: [FloorCase] = {
        let seven = (1...7).map { Licence(user: "u\($0)", assignedOn: day("2026-05-04")) }
        func removing(_ n: Int, of licences: [Licence], on removed: String) -> [Licence] {
            licences.enumerated().map { i, l in i < n ? Licence(user: l.user, assignedOn: l.assignedOn, removedOn: day(removed)) : l }
        }
        return [
            // Deployment: 3 of the 7 assigned in May: 3 × 12.00 = 36.00.
            FloorCase(name: "three of seven assigned", licences: Array(seven.prefix(3)), period: "2026-05", packs: 3, source: "004 §15"),
            // Two removed on 10 June: still active in June (BIL-3); in July 5 active, 7 kept: 7 × 12.00 = 84.00.
            FloorCase(name: "two removed, same month", licences: removing(2, of: seven, on: "2026-06-10"), period: "2026-06", packs: 7, source: "004 §15"),
            FloorCase(name: "two removed, next month", licences: removing(2, of: seven, on: "2026-06-10"), period: "2026-07", packs: 7,
                      source: "004 §9.1 DUR-3"),
            // Six deployed, two of them gone by July: 4 active, the 6 once active kept: 6 × 12.00 = 72.00.
            FloorCase(name: "six deployed, two gone", licences: removing(2, of: Array(seven.prefix(6)), on: "2026-06-10"), period: "2026-07",
                      packs: 6, source: "004 §9.1 DUR-3"),
            // An eighth pack beyond the order counts while it is assigned (8 × 12.00 = 96.00), and is not kept after: 7 in August.
            FloorCase(name: "an eighth assigned", licences: seven + [Licence(user: "u8", assignedOn: day("2026-06-15"))], period: "2026-06",
                      packs: 8, source: "004 §15"),
            FloorCase(name: "an eighth, then three gone",
                      licences: removing(3, of: seven, on: "2026-07-01") + [Licence(user: "u8", assignedOn: day("2026-06-15"), removedOn: day("2026-07-01"))],
                      period: "2026-08", packs: 7, source: "004 §9.1 DUR-3"),
        ]
    }()

    @Test(arguments: floorCases)
    func packsOnceActiveAreKeptUpToTheInitialOrder(_ c: FloorCase) throws {
        let line = try #require(try ChargeRules.recurring(Self.subscription(licences: c.licences), in: try BillingPeriod(c.period)))
        #expect(line.quantity == c.packs)
        #expect(line.amount == (try Money("12.00").times(Int64(c.packs))))
        #expect(line.explanation.source.hasPrefix(c.source))
    }

    /// 001 CG 10.1 and D-BILL-3: a Livebox month is prorated at activation and at termination.
    @Test func liveboxTerminatedMidMonth() throws {
        let monthly = PriceQuote(priceID: "livebox-infini-fibre", version: "2024", amount: try Money("64.90"), taxIncluded: true,
                                 on: Self.day("2026-01-10"), source: "001 Annexe 2")
        let s = BillableSubscription(contractID: "c", label: "Livebox Infini Fibre", family: .livebox, monthly: monthly,
                                     activatedOn: Self.day("2026-01-10"), endedOn: Self.day("2026-05-10"))
        // 64.90 × 10/31 = 20.935… → 20.94; June: nothing; April: the whole month.
        #expect(try ChargeRules.recurring(s, in: Self.may)?.amount == (try Money("20.94")))
        #expect(try ChargeRules.recurring(s, in: try BillingPeriod("2026-06")) == nil)
        #expect(try ChargeRules.recurring(s, in: try BillingPeriod("2026-04"))?.amount == monthly.amount)
    }

    struct RentalCase: Sendable, CustomTestStringConvertible {
        let period: String, amount: String?, label: String?
        var testDescription: String { period }
    }

    /// 004 §15 BIL-7 and D-BILL-9: 2 IP phones rented at 6.00 HT a month (SAMPLE), received on 20 May,
    /// returned on 10 July: partial months prorated on their days (both ends included), per item.
    static let rentalCases: [RentalCase] = [
        RentalCase(period: "2026-04", amount: nil, label: nil),
        RentalCase(period: "2026-05", amount: "4.64", label: "Téléphone IP (location, prorata)"),  // 6.00 × 12/31 = 2.32, × 2
        RentalCase(period: "2026-06", amount: "12.00", label: "Téléphone IP (location)"),
        RentalCase(period: "2026-07", amount: "3.88", label: "Téléphone IP (location, prorata)"),  // 6.00 × 10/31 = 1.94, × 2
        RentalCase(period: "2026-08", amount: nil, label: nil),
    ]

    @Test(arguments: rentalCases)
    func rentedEquipmentFromReceptionToReturn(_ c: RentalCase) throws {
        let monthly = PriceQuote(priceID: "wte-telephone-ip-rental", version: "2024-01-01", amount: try Money("6.00"), taxIncluded: false,
                                 on: Self.day("2026-05-02"), source: "004 §2.5; §15 (SAMPLE)")
        let s = BillableSubscription(contractID: "ctr_phones", label: "Téléphone IP", family: .workplace, monthly: monthly, quantity: 2,
                                     activatedOn: Self.day("2026-05-20"), endedOn: Self.day("2026-07-10"), rentedEquipment: true)
        let line = try ChargeRules.recurring(s, in: try BillingPeriod(c.period))
        #expect(line?.amount.description == c.amount)
        #expect(line?.label == c.label)
        #expect(line.map { $0.quantity == 2 && $0.explanation.source.hasPrefix("004 §15 BIL-7") } ?? true)
    }

    /// 004 §15 BIL-7: a bought item is billed once, the day it is received — not at the order, not before it arrives.
    @Test func boughtEquipmentOnTheDayOfReception() throws {
        let price = PriceQuote(priceID: "wte-boitier-ata-price", version: "2024-01-01", amount: try Money("60.00"), taxIncluded: false,
                               on: Self.day("2026-05-02"), source: "004 §2.5; §15 (SAMPLE)")
        var c = try Contract(id: "ctr_ata", customerID: "c", family: .workplace, offeringID: "wte-boitier-ata", territoryID: "FR", monthlyFee: nil,
                             quantity: 3, engagementMonths: 0, orderedOn: Self.day("2026-05-02"), distanceSale: false, purchasePrice: price)
        #expect(try ChargeRules.purchase(c, label: "Boîtier ATA", equipment: true) == nil)
        try c.apply(.activate, on: Self.day("2026-06-03"))
        let charge = try #require(try ChargeRules.purchase(c, label: "Boîtier ATA", equipment: true))
        let june = try ChargeRules.lines(period: try BillingPeriod("2026-06"), subscriptions: [], charges: [charge], usage: [])
        #expect(june.map(\.amount) == [try Money("180.00")] && june[0].label == "Boîtier ATA (achat)")
        #expect(try ChargeRules.lines(period: Self.may, subscriptions: [], charges: [charge], usage: []).isEmpty)
    }
}
