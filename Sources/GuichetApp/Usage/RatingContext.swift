import GuichetCore
import GuichetData
import GuichetStore

/// Everything needed to rate one batch of records: the compiled tariffs, and for each known line
/// its contract, rating profile and time zone. Built once per import or re-rating run.
package struct RatingContext: Sendable {
    /// A class, so that rating a record takes one reference. Of the contract, only what rating and fair use
    /// read: whole contracts (their quotes and history) held 20 000 lines' worth of memory through an import.
    package final class Line: Sendable {
        package let line: ServiceLine
        package let family: ContractFamily
        package let activatedOn: LocalDate?
        package let profile: RatingIndex.Profile
        package let zone: ZoneRules
        /// On a capped plan (003 CS-FB 3): its balance is watched after an import.
        package let capped: Bool
        /// The profiles of the offers the contract left (D-CTR-15), each up to the day before its change, in date order.
        private let earlier: [(until: LocalDate, profile: RatingIndex.Profile)]

        package init(line: ServiceLine, contract: Contract, profile: RatingIndex.Profile, zone: ZoneRules,
                     earlier: [(until: LocalDate, profile: RatingIndex.Profile)] = []) {
            self.line = line; family = contract.family; activatedOn = contract.activatedOn; self.profile = profile; self.zone = zone; self.earlier = earlier
            capped = contract.isCappedPlan
        }

        /// The profile of the offer in force on the record's local day.
        package func profile(on day: LocalDate) -> RatingIndex.Profile {
            for e in earlier where day < e.until { return e.profile }
            return profile
        }
    }

    package let rater: Rater
    package let catalog: CatalogSet
    package let lines: [Line]
    private let lineIndex: [String: Int]

    /// The oldest month still kept (D-PRIV-2): older records would be purged at once and could no longer be billed.
    package let oldestKept: BillingPeriod
    private let oldestKeptDay: LocalDate

    package init(catalog: CatalogSet, index: RatingIndex, plan: NumberingPlan, territories: [String: Territory], lines: [ServiceLine], contracts: [String: Contract],
         oldestKept: BillingPeriod) {
        self.oldestKept = oldestKept; oldestKeptDay = oldestKept.first
        let rater = Rater(index: index, plan: plan)
        var table: [Line] = []
        for l in lines {
            guard let contract = contracts[l.contractID], let territory = territories[l.territoryID],
                  let profile = rater.index.profile(offering: contract.offeringID, zone: territory.taxZoneID) else { continue }
            let earlier = (contract.offerChanges ?? []).compactMap { c in
                rater.index.profile(offering: c.from, zone: territory.taxZoneID).map { (until: c.on, profile: $0) }
            }
            table.append(Line(line: l, contract: contract, profile: profile, zone: territory.zone, earlier: earlier))
        }
        self.rater = rater; self.catalog = catalog; self.lines = table
        lineIndex = Dictionary(table.enumerated().map { ($1.line.number, $0) }, uniquingKeysWith: { a, _ in a })
    }

    package struct Rated: Sendable {
        package let stored: StoredUsage
        package let side: Side
    }

    /// What fair-use monitoring needs besides the stored record: no strings, so it copies for free.
    package struct Side: Sendable {
        package let called: DialledNumber
        package let price: Price
        /// Index in `lines`.
        package let line: Int
        /// The record's day in its line's territory, computed for rating: fair use counts calls per day with it.
        package let local: LocalDate
    }

    /// Rates one record, or says which field stops it.
    package func rate(_ r: UsageRecord, importID: String) throws(CDRRowError) -> Rated {
        guard let index = lineIndex[r.line] else { throw CDRRowError("line", "unknown line \(r.line): no contract line has this number") }
        let line = lines[index]
        let called: DialledNumber
        if r.kind == .data {
            called = DialledNumber(digits: 0, length: 0, type: .international)
        } else {
            guard let n = rater.plan.dialled(r.called.utf8) else {
                let reason: String
                do { _ = try rater.plan.classify(r.called); reason = "'\(r.called)' must be written without separators" } catch { reason = error.description }
                throw CDRRowError("called", reason)
            }
            called = n
        }
        let local = line.zone.local(r.start).date
        guard local >= oldestKeptDay else {
            throw CDRRowError("start", "\(local) is past the traffic-data retention: months before \(oldestKept) are purged (CPCE L34-1, D-PRIV-2)")
        }
        guard let activated = line.activatedOn, activated <= local else {
            throw CDRRowError("start", "\(local) is before the activation of the contract of \(r.line): usage is rated from activation on")
        }
        if let ended = line.line.endedOn, local > ended {
            throw CDRRowError("start", "\(local) is after the end of line \(r.line) on \(ended) (\(line.line.endedBecause ?? "ended")): not its contract's usage")
        }
        // The number the price is looked up for: the one called, but for a roaming call to the zone (the record keeps the real one).
        var priced = called
        if let visited = r.visited, visited != line.line.territoryID {
            guard let roaming = line.family.terms.roaming else { throw CDRRowError("visited", "a \(line.family.rawValue) line does not roam") }
            switch roaming.treatment(visited: visited, kind: r.kind, called: r.called, international: called.type == .international,
                                     calledLineIsMobile: r.calledLineIsMobile) {
            case .atHome: break
            // « dans les mêmes conditions »: priced as the same call made at home to a number of its kind.
            case .asNational(let mobile): priced = rater.plan.dialled((mobile ? roaming.homeMobile : roaming.homeFixed).utf8) ?? called
            case .priceSheet(let why): throw CDRRowError("visited", why)
            }
        }
        let profile = line.profile(on: local)
        let price: Price
        do {
            price = try rater.price(priced, kind: r.kind, quantity: r.quantity, calledLineIsMobile: r.calledLineIsMobile,
                                    profile: profile, day: Int32(local.ordinal), id: r.id)
        } catch {
            switch error {
            case .negativeQuantity: throw CDRRowError("quantity", "negative duration or quantity")
            case .unknownDestination, .badNumber: throw CDRRowError("called", error.description)
            case .noRate, .unknownOffering: throw CDRRowError("line", error.description)
            }
        }
        let rated = RatedUsage(r, number: called, price: price, index: rater.index, profile: profile)
        let stored = StoredUsage(rated: rated, customerID: line.line.customerID, period: Self.period(local),
                                 calledLineIsMobile: r.calledLineIsMobile, importID: importID)
        return Rated(stored: stored, side: Side(called: called, price: price, line: index, local: local))
    }

    /// "2026-05": the calendar month in the customer's time zone.
    package static func period(_ day: LocalDate) -> String {
        let c = day.components
        return BillingPeriod.text(year: c.year, month: c.month)
    }
}
