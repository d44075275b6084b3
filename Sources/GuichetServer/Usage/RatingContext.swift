import GuichetCore
import GuichetStore

/// Everything needed to rate one batch of records: the compiled tariffs, and for each known line
/// its contract, rating profile and time zone. Built once per import or re-rating run.
struct RatingContext: Sendable {
    struct Line: Sendable {
        let line: ServiceLine
        let contract: Contract
        let profile: RatingIndex.Profile
        let zone: ZoneRules
    }

    let rater: Rater
    let catalog: CatalogSet
    let lines: [String: Line]

    init(catalog: CatalogSet, plan: NumberingPlan, territories: [String: Territory], lines: [ServiceLine], contracts: [String: Contract]) {
        let rater = Rater(catalog: catalog, plan: plan)
        var table: [String: Line] = [:]
        for l in lines {
            guard let contract = contracts[l.contractID], let territory = territories[l.territoryID],
                  let profile = rater.index.profile(offering: l.offeringID, zone: territory.taxZoneID) else { continue }
            table[l.number] = Line(line: l, contract: contract, profile: profile, zone: territory.zone)
        }
        self.rater = rater; self.catalog = catalog; self.lines = table
    }

    struct Rated: Sendable {
        let stored: StoredUsage
        let called: DialledNumber
        let price: Price
        let line: Line
    }

    /// Rates one record, or says which field stops it.
    func rate(_ r: UsageRecord, importID: String) throws(CDRProblem) -> Rated {
        guard let line = lines[r.line] else { throw CDRProblem("line", "unknown line \(r.line): no contract line has this number") }
        let called: DialledNumber
        if r.kind == .data {
            called = DialledNumber(digits: 0, length: 0, type: .international)
        } else {
            guard let n = rater.plan.dialled(r.called.utf8) else {
                let reason: String
                do { _ = try rater.plan.classify(r.called); reason = "'\(r.called)' must be written without separators" } catch { reason = error.description }
                throw CDRProblem("called", reason)
            }
            called = n
        }
        let local = line.zone.local(r.start).date
        guard let activated = line.contract.activatedOn, activated <= local else {
            throw CDRProblem("start", "\(local) is before the activation of the contract of \(r.line): usage is rated from activation on")
        }
        let price: Price
        do {
            price = try rater.price(called, kind: r.kind, quantity: r.quantity, calledLineIsMobile: r.calledLineIsMobile,
                                    profile: line.profile, day: Int32(local.ordinal), id: r.id)
        } catch {
            switch error {
            case .negativeQuantity: throw CDRProblem("quantity", "negative duration or quantity")
            case .unknownDestination, .badNumber: throw CDRProblem("called", error.description)
            case .noRate, .unknownOffering: throw CDRProblem("line", error.description)
            }
        }
        let rated = RatedUsage(r, number: called, price: price, index: rater.index, profile: line.profile)
        let stored = StoredUsage(rated: rated, customerID: line.line.customerID, period: Self.period(local),
                                 calledLineIsMobile: r.calledLineIsMobile, importID: importID)
        return Rated(stored: stored, called: called, price: price, line: line)
    }

    /// "2026-05": the calendar month in the customer's time zone.
    static func period(_ day: LocalDate) -> String { String(day.description.prefix(7)) }
}

/// Why a row went to quarantine.
struct CDRProblem: Error {
    let field: String
    let reason: String
    init(_ field: String, _ reason: String) { self.field = field; self.reason = reason }
}
