/// 001 CG 10.1: "Le montant facturé pour le premier mois d'abonnement au Service, est calculé au
/// prorata du nombre de jours suivant la mise en Service." Billing periods are calendar months; the
/// days run from the activation day (included) to the month's last day, over the month's days
/// (D-BILL-1). Rounded half up to the cent, once, on the line.
public enum FirstMonthProrata {
    public static func amount(monthly: Money, activatedOn day: LocalDate) -> (amount: Money, explanation: Explanation) {
        let period = try! BillingPeriod(year: day.components.year, month: day.components.month)
        return ServiceDaysProrata.amount(monthly: monthly, from: day, to: period.last, source: "001 CG 10.1; D-BILL-1")
    }
}

/// A monthly fee for the days of one calendar month a service was provided, both ends included,
/// over the month's actual days (001 CG 10.1, 003 CG 7.1; D-BILL-1, D-BILL-3 for the last month).
public enum ServiceDaysProrata {
    public static func amount(monthly: Money, from start: LocalDate, to end: LocalDate, source: String) -> (amount: Money, explanation: Explanation) {
        let (year, month, _) = start.components
        let days = LocalDate.daysIn(month: month, year: year)
        let billed = end.ordinal - start.ordinal + 1
        let amount = monthly.multiplied(by: Int64(billed), dividedBy: Int64(days), roundedTo: .cent, .halfUp)
        return (amount, Explanation(rule: "monthly fee prorated on the days of service in the month (both ends included)",
                                    source: source,
                                    inputs: ["monthly": monthly.description, "from": start.description, "to": end.description,
                                             "days billed": "\(billed)", "days in month": "\(days)"],
                                    result: "\(monthly) × \(billed)/\(days) = \(amount)"))
    }
}
