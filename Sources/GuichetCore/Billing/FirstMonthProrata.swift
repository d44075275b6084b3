/// 001 CG 10.1: "Le montant facturé pour le premier mois d'abonnement au Service, est calculé au
/// prorata du nombre de jours suivant la mise en Service." Billing periods are calendar months; the
/// days run from the activation day (included) to the month's last day, over the month's days
/// (D-BILL-1). Rounded half up to the cent, once, on the line.
public enum FirstMonthProrata {
    public static func amount(monthly: Money, activatedOn day: LocalDate) -> (amount: Money, explanation: Explanation) {
        let (year, month, dayOfMonth) = day.components
        let days = LocalDate.daysIn(month: month, year: year)
        let billed = days - dayOfMonth + 1
        let amount = monthly.multiplied(by: Int64(billed), dividedBy: Int64(days), roundedTo: .cent, .halfUp)
        return (amount, Explanation(rule: "first month prorated on the days from activation (included) to the end of the month",
                                    source: "001 CG 10.1; D-BILL-1",
                                    inputs: ["monthly": monthly.description, "activated": day.description, "days billed": "\(billed)", "days in month": "\(days)"],
                                    result: "\(monthly) × \(billed)/\(days) = \(amount)"))
    }
}
