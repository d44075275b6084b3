import GuichetCore

/// Contracts for the hand-computed cases; fees are the shipped catalog's prices, or a stated
/// test value where the document has none (003 has no price sheet).
enum ContractFixtures {
    static func d(_ s: String) -> LocalDate { try! LocalDate(iso: s) }
    static let fees = TerminationFees(liveboxTerminationFee: ShippedCatalogs.set.prices.price("frais-resiliation-livebox", on: d("2026-01-01"))?.amount)

    static func quote(_ amount: String) -> PriceQuote {
        PriceQuote(priceID: "test-fee", version: "test-fee@2024-01-01", amount: try! Money(amount), taxIncluded: true, on: d("2026-01-01"), source: "test input")
    }

    static func catalogQuote(_ id: String, on day: String) -> PriceQuote { try! ShippedCatalogs.set.prices.quote(id, on: d(day)) }

    static func active(_ family: ContractFamily, offering: String, fee: PriceQuote, months: Int, ordered: String, activated: String,
                       quantity: Int = 1, territory: String = "GP", distance: Bool = true, chosen: String? = nil) -> Contract {
        var c = try! Contract(id: "ctr_test", customerID: "cus_test", family: family, offeringID: offering, territoryID: territory,
                              monthlyFee: fee, quantity: quantity, engagementMonths: months, orderedOn: d(ordered), distanceSale: distance,
                              chosenActivationDate: chosen.map(d))
        try! c.apply(.activate, on: d(activated))
        return c
    }

    /// 24 months at 30.00 (a test fee), activated 10 January 2026.
    static let mayotte24 = active(.mobileMayotte, offering: "mayotte-forfait-24-mois", fee: quote("30.00"), months: 24,
                                  ordered: "2026-01-05", activated: "2026-01-10", territory: "YT")
    /// Livebox Essentiel Fibre at 54.90 (001 Annexe 1), activated 1 February 2026.
    static let liveboxFibre = active(.livebox, offering: "livebox-essentiel-fibre", fee: catalogQuote("livebox-essentiel-fibre-monthly", on: "2026-01-20"),
                                     months: 12, ordered: "2026-01-20", activated: "2026-02-01")
    /// Workplace Together Essentials, 7 Pack Calling at the sample 12.00, signed 5 January 2026, 36 months.
    static let workplace7 = active(.workplace, offering: "wte-pack-calling", fee: catalogQuote("wte-pack-calling-monthly", on: "2026-01-05"),
                                   months: 36, ordered: "2026-01-05", activated: "2026-02-02", quantity: 7, territory: "FR", distance: false)
}
