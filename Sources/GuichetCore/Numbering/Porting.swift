/// A request to bring a number in (port-in), with the documents' dates and compensations:
/// fixed numbers under 001 Annexe 3, mobile numbers under 003 CG 19.
public struct PortingRequest: Sendable, Hashable, Codable {
    public enum Line: String, Sendable, Codable { case fixed, mobile }
    public enum State: String, Sendable, Codable { case requested, accepted, rejected, cancelled, ported }
    public enum Action: String, Sendable, Codable { case accept, reject, cancel, complete }

    public let number: String
    public let rio: String
    public let line: Line
    /// The day the request (and the subscription) was made.
    public let requestedOn: LocalDate
    public let desiredDate: LocalDate?
    public private(set) var acceptedOn: LocalDate?
    public private(set) var portedOn: LocalDate?
    public private(set) var state: State

    /// Checks the RIO against the number (reference-numbering §5.5) before anything is stored.
    public init(number national: String, rio: String, line: Line, requestedOn: LocalDate, desiredDate: LocalDate? = nil) throws(NumberingError) {
        let r = try RIO(rio)
        guard try r.matches(nationalNumber: national) else {
            throw .badRIO(rio, "its key does not match \(national) (RIO incorrect)")
        }
        guard r.isMobile == (line == .mobile) else {
            throw .badRIO(rio, "a \(r.isMobile ? "mobile" : "fixed") RIO cannot port a \(line.rawValue) number")
        }
        number = national; self.rio = r.description; self.line = line; self.requestedOn = requestedOn; self.desiredDate = desiredDate
        state = .requested
    }

    /// `contractWithdrawn`: the contract the number is ported for was withdrawn while the porting was pending (001 Annexe 3
    /// art. 2.4): the donor confirming it, the porting is cancelled whatever the day.
    public mutating func apply(_ action: Action, on day: LocalDate, calendar: WorkCalendar, contractWithdrawn: Bool = false) throws(NumberingError) {
        switch (action, state) {
        case (.accept, .requested): state = .accepted; acceptedOn = day
        case (.reject, .requested): state = .rejected
        case (.cancel, .requested), (.cancel, .accepted):
            if line == .fixed, !contractWithdrawn, let last = cancellationDeadline(calendar: calendar).lastDay, day > last {
                throw .badDialPlan("a fixed port-in can be cancelled until \(last) (001 Annexe 3 art. 2.4)")
            }
            state = .cancelled
        case (.complete, .accepted): state = .ported; portedOn = day
        default: throw .badDialPlan("cannot \(action.rawValue) a porting request that is \(state.rawValue)")
        }
    }

    /// 001 Annexe 3 art. 2.4: cancellation accepted until the end of the working day after the request.
    public func cancellationDeadline(calendar: WorkCalendar) -> Deadline {
        calendar.deadline(1, .ouvrables, after: requestedOn, rule: "cancel a port-in by the next working day", source: "001 Annexe 3 art. 2.4")
    }

    /// The porting date the operator commits to.
    /// - fixed (001 A3 art. 2.3): within 3 jours ouvrables of Orange's acceptance;
    /// - mobile (003 CG 19.1): 3 jours ouvrables from the request, or the customer's later date, at most 59 days after the request.
    public func committedPortingDate(calendar: WorkCalendar) throws(NumberingError) -> ContractDeadlines.Dated {
        switch line {
        case .fixed:
            guard let accepted = acceptedOn else { throw .badDialPlan("the request has not been accepted yet") }
            let d = calendar.adding(3, .ouvrables, after: accepted)
            return .init(date: d, explanation: Explanation(rule: "porting within 3 jours ouvrables of the acceptance", source: "001 Annexe 3 art. 2.3",
                                                           inputs: ["accepted": accepted.description], result: "\(d)"))
        case .mobile:
            let earliest = calendar.adding(3, .ouvrables, after: requestedOn)
            let latest = requestedOn.adding(days: 59)
            if let desired = desiredDate, desired > latest {
                throw .badDialPlan("the desired porting date \(desired) is more than 59 days after the request (\(latest)) (003 CG 19.1)")
            }
            let d = max(earliest, desiredDate ?? earliest)
            return .init(date: d, explanation: Explanation(rule: "3 jours ouvrables from the request, or the customer's later date (≤ 59 days)",
                                                           source: "003 CG 19.1", inputs: ["requested": requestedOn.description, "desired": desiredDate?.description ?? "-"],
                                                           result: "\(d)"))
        }
    }

    /// 003 CG 19.2: a porting date more than 15 days after the subscription gives a temporary number from the 15th day.
    public func temporaryNumberFrom(calendar: WorkCalendar) throws(NumberingError) -> LocalDate? {
        guard line == .mobile else { return nil }
        let date = try committedPortingDate(calendar: calendar).date
        let fifteenth = requestedOn.adding(days: 15)
        return date > fifteenth ? fifteenth : nil
    }

    /// Compensation for a late port: fixed, 1/5 of the monthly Internet price per day late until the service
    /// is restored (001 A3 art. 4); mobile, the catalog's amount per day late, claimed within one month of the
    /// effective port (003 CG 19.2).
    public func delayCompensation(calendar: WorkCalendar, restoredOn: LocalDate, monthlyPrice: Money?, mobilePerDay: Money?,
                                  claimedOn: LocalDate) throws(NumberingError) -> TerminationQuote.Line? {
        let due = try committedPortingDate(calendar: calendar).date
        let late = restoredOn.ordinal - due.ordinal
        guard late > 0 else { return nil }
        switch line {
        case .fixed:
            guard let monthlyPrice else { return nil }
            let perDay = monthlyPrice.multiplied(by: 1, dividedBy: 5, roundedTo: .cent, .halfUp)
            return .init(label: "late porting compensation", amount: perDay * Int64(late), explanation: Explanation(
                rule: "1/5 of the monthly price per day of delay", source: "001 Annexe 3 art. 4",
                inputs: ["monthly price": monthlyPrice.description, "committed": due.description, "restored": restoredOn.description],
                result: "\(perDay) × \(late) = \(perDay * Int64(late))"))
        case .mobile:
            guard let mobilePerDay, claimedOn <= restoredOn.adding(months: 1) else { return nil }
            return .init(label: "late porting compensation", amount: mobilePerDay * Int64(late), explanation: Explanation(
                rule: "per day of delay beyond the porting date, claimed within one month", source: "003 CG 19.2",
                inputs: ["per day": mobilePerDay.description, "committed": due.description, "ported": restoredOn.description],
                result: "\(mobilePerDay) × \(late) = \(mobilePerDay * Int64(late))"))
        }
    }

    /// 001 Annexe 3 art. 4: a number lost during porting: 24 × the monthly subscription.
    public static func lostNumberCompensation(monthlyPrice: Money, months: Int = 24) -> TerminationQuote.Line {
        .init(label: "lost number compensation", amount: monthlyPrice * Int64(months), explanation: Explanation(
            rule: "\(months) × the monthly subscription", source: "001 Annexe 3 art. 4", inputs: ["monthly price": monthlyPrice.description],
            result: "\(monthlyPrice) × \(months) = \(monthlyPrice * Int64(months))"))
    }
}
