extension LocalDate {
    /// The same day `months` later, or the month's last day when it has no such day
    /// (31 January + 1 month = 28 or 29 February).
    public func adding(months: Int) -> LocalDate {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let year = total / 12, month = total % 12 + 1
        return try! LocalDate(year, month, min(c.day, LocalDate.daysIn(month: month, year: year)))
    }

    /// Whole months from `self` to `later` (a month is complete on the same day number).
    public func wholeMonths(until later: LocalDate) -> Int {
        guard later > self else { return 0 }
        let a = components, b = later.components
        var months = (b.year - a.year) * 12 + (b.month - a.month)
        if adding(months: months) > later { months -= 1 }
        return max(0, months)
    }
}
