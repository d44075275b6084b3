/// Turns an account's subscriptions, recorded charges and usage into the lines of its invoice for
/// one period, each line with the rule and article that produced it.
public enum ChargeRules {
    /// Fails, naming the amount, when a line or the lines' total is beyond `Money.limit` (F2).
    public static func lines(period: BillingPeriod, subscriptions: [BillableSubscription], charges: [RecordedCharge],
                             usage: [UsageAggregate]) throws(BillingError) -> [InvoiceLine] {
        do {
            var all: [InvoiceLine] = []
            for s in subscriptions { if let l = try recurring(s, in: period) { all.append(l) } }
            for c in charges.filter({ period.contains($0.on) && $0.category == .oneTime }).sorted(by: chargeOrder) { all.append(try line(c)) }
            all += usage.filter { $0.amount != .zero }.sorted { $0.group < $1.group }.map(line)
            for c in charges.filter({ period.contains($0.on) && $0.category == .credit }).sorted(by: chargeOrder) { all.append(try line(c)) }
            _ = try Money.sum(all.map { Money(units: Int64($0.amount.units.magnitude)) })
            return all
        } catch {
            throw .invalid(field: "amount", reason: error.description)
        }
    }

    /// The monthly fee of one subscription in `period`, or nil when it was not in service then.
    public static func recurring(_ s: BillableSubscription, in period: BillingPeriod) throws(MoneyError) -> InvoiceLine? {
        guard let activated = s.activatedOn, activated <= period.last, (s.endedOn.map { $0 >= period.first } ?? true) else { return nil }
        let from = max(activated, period.first), to = min(s.endedOn ?? period.last, period.last)
        if s.rentedEquipment { return try rental(s, from: from, to: to, in: period) }
        if s.family.terms.packs {
            // 004 §15 BIL-3/BIL-5: packs active at any time in the month, each for the whole month.
            let active = s.licences.isEmpty ? s.quantity : s.licences.filter { $0.active(in: period) }.count
            // §9.1 DUR-3: a pack once active is not given back below the initial order, its user gone or not (D-RUN-26).
            let kept = s.licences.isEmpty ? 0 : min(s.quantity, mostActiveAtOnce(s.licences, by: period.last))
            let floored = kept > active
            let packs = max(active, kept)
            guard packs > 0 else { return nil }
            let amount = try s.monthly.amount.times(Int64(packs))
            var inputs = [("packs", "\(packs)"), ("monthly per pack", s.monthly.amount.description), ("price", "\(s.monthly.priceID) \(s.monthly.version)")]
            if floored { inputs += [("licences active", "\(active)"), ("most packs active at once", "\(kept)"), ("initial order", "\(s.quantity)")] }
            return InvoiceLine(category: .recurring, label: s.label, quantity: packs, unitPrice: s.monthly.amount, amount: amount,
                               taxIncluded: s.monthly.taxIncluded, from: period.first, to: period.last,
                               explanation: Explanation(rule: floored ? "packs once active kept up to the initial order, each billed for the whole month"
                                                                      : "packs active during the month, each billed for the whole month, no prorata",
                                                        source: floored ? "004 §9.1 DUR-3; §15; \(s.monthly.source)" : "004 §15; \(s.monthly.source)",
                                                        inputs: ExplanationInputs(inputs), result: "\(packs) × \(s.monthly.amount) = \(amount)"))
        }
        if from == period.first && to == period.last {
            return InvoiceLine(category: .recurring, label: s.label, unitPrice: s.monthly.amount, amount: s.monthly.amount, taxIncluded: s.monthly.taxIncluded,
                               from: from, to: to,
                               explanation: Explanation(rule: "monthly fee for a whole month of service", source: s.monthly.source,
                                                        inputs: ["price": "\(s.monthly.priceID) \(s.monthly.version)"], result: s.monthly.amount.description))
        }
        let article = s.family.terms.proratedFeeArticle
        let source = to < period.last ? "\(article); D-BILL-3" : "\(article); D-BILL-1"
        let (amount, why) = ServiceDaysProrata.amount(monthly: s.monthly.amount, from: from, to: to, source: source)
        return InvoiceLine(category: .recurring, label: "\(s.label) (prorata)", unitPrice: amount, amount: amount, taxIncluded: s.monthly.taxIncluded,
                           from: from, to: to, explanation: why)
    }

    /// The most licences assigned at once up to `day` included: a licence counts from its assignment to its removal day
    /// included, as in `Licence.active(in:)`.
    static func mostActiveAtOnce(_ licences: [Licence], by day: LocalDate) -> Int {
        let changes = (licences.map { ($0.assignedOn, 1) } + licences.compactMap { l in l.removedOn.map { ($0.adding(days: 1), -1) } })
            .filter { $0.0 <= day }.sorted { $0.0 < $1.0 }
        var count = 0, most = 0, i = 0
        while i < changes.count {
            let on = changes[i].0
            while i < changes.count && changes[i].0 == on { count += changes[i].1; i += 1 }
            most = max(most, count)
        }
        return most
    }

    /// 004 §15 BIL-7: rented equipment is billed from the day it is received; a month it was not held
    /// whole (received or returned during it) is prorated on its days, like a Livebox month (D-BILL-9).
    static func rental(_ s: BillableSubscription, from: LocalDate, to: LocalDate, in period: BillingPeriod) throws(MoneyError) -> InvoiceLine {
        let items = Int64(s.quantity)
        let whole = from == period.first && to == period.last
        let (unit, why) = whole
            ? (s.monthly.amount, Explanation(rule: "monthly rental for a whole month held", source: "004 §15 BIL-7; \(s.monthly.source)",
                                             inputs: ["price": "\(s.monthly.priceID) \(s.monthly.version)"], result: s.monthly.amount.description))
            : ServiceDaysProrata.amount(monthly: s.monthly.amount, from: from, to: to, source: "004 §15 BIL-7; D-BILL-9")
        let amount = try unit.times(items)
        return InvoiceLine(category: .recurring, label: whole ? "\(s.label) (location)" : "\(s.label) (location, prorata)",
                           quantity: s.quantity, unitPrice: unit, amount: amount, taxIncluded: s.monthly.taxIncluded, from: from, to: to,
                           explanation: Explanation(rule: "rented equipment, per item held", source: why.source,
                                                    inputs: ["items": "\(items)", "per item": unit.description], result: "\(items) × \(unit) = \(amount)",
                                                    steps: [why]))
    }

    /// A one-off billed once, on the day it is delivered (activation): bought equipment on its reception (004 §15 BIL-7),
    /// an ordered service once performed (004 §4.4).
    public static func purchase(_ c: Contract, label: String, equipment: Bool) throws(BillingError) -> RecordedCharge? {
        guard let price = c.purchasePrice, let received = c.activatedOn else { return nil }
        return try RecordedCharge(id: "purchase_\(c.id)", category: .oneTime, label: equipment ? "\(label) (achat)" : label, on: received, quantity: c.quantity,
                                  unitPrice: price.amount, taxIncluded: price.taxIncluded,
                                  source: "\(equipment ? "004 §15 BIL-7" : "004 §4.4"); \(price.source)")
    }

    static func chargeOrder(_ a: RecordedCharge, _ b: RecordedCharge) -> Bool { (a.on, a.id) < (b.on, b.id) }

    static func line(_ c: RecordedCharge) throws(MoneyError) -> InvoiceLine {
        let amount = try c.unitPrice.times(Int64(c.quantity))
        return InvoiceLine(category: c.category, label: c.label, quantity: c.quantity, unitPrice: c.unitPrice, amount: amount, taxIncluded: c.taxIncluded,
                           from: c.on, to: c.on,
                           explanation: Explanation(rule: c.category == .credit ? "credit owed to the customer" : "one-time charge of the period",
                                                    source: c.source, inputs: ["on": c.on.description, "quantity": "\(c.quantity)", "unit": c.unitPrice.description],
                                                    result: "\(c.quantity) × \(c.unitPrice) = \(amount)"))
    }

    static func line(_ u: UsageAggregate) -> InvoiceLine {
        InvoiceLine(category: .usage, label: "Communications : \(u.name) (\(u.count))", amount: u.amount, taxIncluded: u.taxIncluded,
                    explanation: Explanation(rule: "rated usage of the period, summed per destination group, rounded once to the cent",
                                             source: u.source, inputs: ["group": u.group, "records": "\(u.count)", "quantity": "\(u.quantity)"],
                                             result: u.amount.description))
    }
}
