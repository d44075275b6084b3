import AllocationCounter
import Foundation
import GuichetCore
import GuichetData

/// Core rating throughput, in memory, on one core: parse the called number, find the tariff by
/// longest prefix, price it, draw from the site pool, watch fair use — per record, with the
/// heap allocations it makes.
enum RatingBenchmarks {
    static func core(count: Int) throws -> [Measurement] {
        let plan = try ReferenceData.numberingPlan()
        let catalog = CatalogSet(try CatalogDirectory.load(try CatalogDirectory.files(in: Repository.path("Catalogs")),
                                                           taxZones: Set(try ReferenceData.taxZones().keys)).documents)
        let rater = Rater(catalog: catalog, plan: plan)
        let profiles = RatingMix.lines.map { rater.index.profile(offering: $0.offering, zone: $0.zone)! }
        let day = Int32(try LocalDate(iso: "2026-05-15").ordinal)
        let records = RatingMix.records(count: count, catalog: catalog) { r in
            guard let n = plan.dialled(r.called.utf8) else { return false }
            return (try? rater.price(n, kind: r.kind, quantity: r.quantity, calledLineIsMobile: r.mobile, profile: profiles[r.line], day: day, id: "")) != nil
        }
        let called = records.map { Array($0.called.utf8) }
        let limits: [UsageLimits] = RatingMix.lines.map { l in
            let family: ContractFamily = l.offering.hasPrefix("livebox") ? .livebox : l.offering.hasPrefix("mayotte") ? .mobileMayotte : .workplace
            return UsageLimits.of(family, parameters: catalog.parameters, tenureMonths: 12, previousPeriods: [])
        }
        var errors = 0, alerts = 0

        func round() -> Int {
            var monitors = RatingMix.lines.indices.map { FairUseMonitor(line: RatingMix.lines[$0].number, period: "2026-05", limits: limits[$0]) }
            var pools = [AllowancePool](repeating: AllowancePool(minutesPerUser: 500, activeUsers: 10), count: 2)
            var total: Int64 = 0
            for i in records.indices {
                let r = records[i]
                guard let n = plan.dialled(called[i]) else { errors += 1; continue }
                let price: Price
                do {
                    price = try rater.price(n, kind: r.kind, quantity: r.quantity, calledLineIsMobile: r.mobile, profile: profiles[r.line], day: day, id: "cdr")
                } catch { errors += 1; continue }
                if price.allowanceDestination >= 0 { total &+= Int64(pools[r.line & 1].draw(r.quantity).overage) }
                // Spread over the month as a month's records are.
                alerts &+= monitors[r.line].observe(id: "cdr", called: n, kind: r.kind, quantity: r.quantity, day: 1 + i % 28, price: price).count
                total &+= price.amount.units
            }
            return Int(truncatingIfNeeded: total)
        }
        let before = guichet_allocations()
        _ = round()
        let allocations = Double(guichet_allocations() - before) / Double(count)
        errors = 0
        let m = measure("rating.core Guichet (parse + price + pool + fair use)", operations: count, round)
        print(String(format: "rating.core: %.3f heap allocations per record (one round: %d errors, %d alerts); %.2f M records/s on one core",
                     allocations, errors, alerts, 1e3 / m.nanosecondsPerOperation(m.median)))
        return [m]
    }
}

enum Repository {
    /// A path in the repository (the benchmarks live in its `Benchmarks/` folder).
    static func path(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(relative).path
    }
}
