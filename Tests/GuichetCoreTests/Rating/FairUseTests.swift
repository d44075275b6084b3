import GuichetCore
import GuichetData
import Testing

/// 001 CG 9.4 and 10.4, 003 CG 8 and 11.2.1: alerts raised while rating, once each.
@Suite struct FairUseTests {
    static let plan = try! ReferenceData.numberingPlan()
    static let params = ShippedCatalogs.set.parameters
    static func included(_ n: DialledNumber, list: String = "0.10") -> Price {
        Price(group: 0, destination: 0, amount: .zero, list: try! Money(list), included: true, allowanceDestination: -1, rate: nil)
    }
    static func charged(_ amount: String) -> Price {
        Price(group: 0, destination: 0, amount: try! Money(amount), list: try! Money(amount), included: false, allowanceDestination: -1, rate: nil)
    }

    @Test func liveboxRaisesThe251stCorrespondentAndThe3HourCallOnce() {
        var m = FairUseMonitor(line: "+590590271234", period: "2026-05", limits: .of(.livebox, parameters: Self.params, tenureMonths: 12, previousPeriods: []))
        var alerts: [UsageAlert] = []
        for i in 0..<260 {
            let n = Self.plan.dialled("+33145\(String(format: "%06d", i))".utf8)!
            alerts += m.observe(id: "v\(i)", called: n, kind: .voice, quantity: 60, day: 1, price: Self.included(n))
        }
        #expect(alerts.map(\.rule) == ["fair-use-distinct-voice"])
        #expect(alerts.first?.value == "251")
        #expect(alerts.first?.source == "001 CG 9.4")
        let n = Self.plan.dialled("+33145000000".utf8)!
        #expect(m.observe(id: "long", called: n, kind: .voice, quantity: 10_800, day: 1, price: Self.included(n)).isEmpty)   // 3 h exactly
        let long = m.observe(id: "longer", called: n, kind: .voice, quantity: 10_801, day: 1, price: Self.included(n))
        #expect(long.map(\.rule) == ["fair-use-call-duration"])
        #expect(long.first?.record == "longer")
    }

    /// 001 CG 9.4: « une consommation de communications supérieure à 24h par jour » is abusive: 24 h of calls on 3 May
    /// (eight 3-hour calls, from lines called in parallel) is not, one second more is — alerted once that day; 4 May starts again.
    @Test func moreThan24HoursOfCallsADayIsAlertedOncePerDay() {
        var m = FairUseMonitor(line: "+590590271234", period: "2026-05", limits: .of(.livebox, parameters: Self.params, tenureMonths: 12, previousPeriods: []))
        let n = Self.plan.dialled("+33145000000".utf8)!
        let day3 = (0..<8).flatMap { m.observe(id: "d3-\($0)", called: n, kind: .voice, quantity: 10_800, day: 3, price: Self.included(n)) }
        #expect(day3.isEmpty)
        let over = m.observe(id: "d3-more", called: n, kind: .voice, quantity: 1, day: 3, price: Self.charged("0.10"))
        #expect(over.map { "\($0.rule) \($0.value) \($0.source)" } == ["fair-use-daily-communications 86401 s 001 CG 9.4"])
        #expect(m.observe(id: "d3-again", called: n, kind: .voice, quantity: 60, day: 3, price: Self.included(n)).isEmpty)
        #expect(m.observe(id: "d4", called: n, kind: .voice, quantity: 10_800, day: 4, price: Self.included(n)).isEmpty)
    }

    /// Imports skip the monitors (and the stored usage they would read) of families said to have no limits:
    /// 004, 000 and 002 set none, whatever the tenure or the previous periods; 001 and 003 do.
    @Test(arguments: ContractFamily.allCases) func familiesWithoutLimitsAreThoseThatSetNone(family: ContractFamily) {
        let sixPeriods = [Money](repeating: try! Money("10.00"), count: 6)
        let someLimit = [0, 3, 12].contains { !UsageLimits.of(family, parameters: Self.params, tenureMonths: $0, previousPeriods: sixPeriods).isEmpty }
        #expect(UsageLimits.apply(to: family) == someLimit)
        #expect(UsageLimits.apply(to: family) == [.livebox, .mobileMayotte].contains(family))
    }

    /// 001 CG 9.4 counts distinct numbers: 250 of them called in a scrambled order, each twice, raise nothing; the
    /// 251st distinct one does, whatever its place among the others.
    @Test func liveboxCountsEachCorrespondentOnceInAnyOrder() {
        var m = FairUseMonitor(line: "+590590271234", period: "2026-05", limits: .of(.livebox, parameters: Self.params, tenureMonths: 12, previousPeriods: []))
        let numbers = (0..<250).map { Self.plan.dialled("+33145\(String(format: "%06d", ($0 * 7_919) % 250 * 2))".utf8)! }
        var alerts: [UsageAlert] = []
        for (i, n) in (numbers + numbers.reversed()).enumerated() {
            alerts += m.observe(id: "v\(i)", called: n, kind: .voice, quantity: 60, day: 1, price: Self.included(n))
        }
        #expect(alerts.isEmpty)
        let between = Self.plan.dialled("+33145000251".utf8)!   // odd: between two numbers already counted
        #expect(m.observe(id: "new", called: between, kind: .voice, quantity: 60, day: 1, price: Self.included(between)).map(\.rule) == ["fair-use-distinct-voice"])
    }

    @Test func mayotteRecipientsCallLengthAndSpendThresholds() {
        var m = FairUseMonitor(line: "+262639000001", period: "2026-05", limits: .of(.mobileMayotte, parameters: Self.params, tenureMonths: 12, previousPeriods: []))
        var rules: [String] = []
        for i in 0..<101 {
            let n = Self.plan.dialled("+262639\(String(format: "%06d", i))".utf8)!
            rules += m.observe(id: "s\(i)", called: n, kind: .sms, quantity: 1, day: 1, price: Self.included(n)).map(\.rule)
        }
        #expect(rules == ["fair-use-distinct-sms"])                       // the 101st recipient (limit 100)
        let n = Self.plan.dialled("+262639000000".utf8)!
        #expect(m.observe(id: "c1", called: n, kind: .voice, quantity: 6_601, day: 1, price: Self.included(n)).map(\.rule) == ["fair-use-call-duration"])  // > 1 h 50
        // Out of bundle: 44.99 € → nothing; 45.00 € → advance (CG 8); 300 € → suspension.
        #expect(m.observe(id: "o1", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("44.99")).isEmpty)
        #expect(m.observe(id: "o2", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("0.01")).map(\.rule) == ["advance-out-of-bundle"])
        #expect(m.observe(id: "o3", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("255.00")).map(\.rule) == ["suspension-out-of-bundle"])
        #expect(m.observe(id: "o4", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("1.00")).isEmpty)
    }

    @Test func liveboxAdvanceTriggers() {
        let n = Self.plan.dialled("+213210000000".utf8)!
        // (b) under 6 months of tenure: out of bundle that "excède un montant de cent (100) euros" (001 CG 10.4): 100.00 € is
        // not beyond it, 100.01 € is.
        var young = FairUseMonitor(line: "L", period: "2026-05", limits: .of(.livebox, parameters: Self.params, tenureMonths: 3, previousPeriods: []))
        #expect(young.observe(id: "a", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("100.00")).isEmpty)
        #expect(young.observe(id: "b", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("0.01")).map(\.rule) == ["advance-new-customer"])
        // (a) above the average of the last 6 periods (10, 20, 30, 10, 20, 30 → 20 €).
        let previous = ["10", "20", "30", "10", "20", "30"].map { try! Money($0) }
        var old = FairUseMonitor(line: "L", period: "2026-05", limits: .of(.livebox, parameters: Self.params, tenureMonths: 24, previousPeriods: previous))
        #expect(old.observe(id: "a", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("20.00")).isEmpty)
        #expect(old.observe(id: "b", called: n, kind: .voice, quantity: 60, day: 1, price: Self.charged("0.01")).map(\.rule) == ["advance-above-six-period-average"])
    }
}
