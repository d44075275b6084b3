public enum SLATargetKind: String, Codable, Sendable, CaseIterable { case firstResponse, resolution }

/// The targets of one ticket family and the hours its clocks run in. The documents give only
/// the complaint deadlines (one calendar month) and the support centre's hours; other target
/// values are operator configuration, marked `sample` when they are not from a document.
public struct SLAPolicy: Sendable, Hashable {
    public let family: TicketFamily
    /// The territory whose holidays and time zone the clocks use; nil: the ticket's own.
    public let territory: String?
    /// When the clocks run; nil: all the time (elapsed time).
    public let hours: BusinessHours?
    public let firstResponseMinutes: Int64?
    public let resolutionMinutes: Int64?
    /// A deadline in calendar months from receipt, counted in days (complaints).
    public let resolutionMonths: Int?
    public let sample: Bool
    public let source: String
    /// The customers' territories it is for (003 CG 12.1 for Mayotte); empty: every other one.
    public let forTerritories: Set<String>

    public init(family: TicketFamily, territory: String?, hours: BusinessHours?, firstResponseMinutes: Int64?,
                resolutionMinutes: Int64?, resolutionMonths: Int?, sample: Bool, source: String, forTerritories: Set<String> = []) {
        self.family = family; self.territory = territory; self.hours = hours; self.firstResponseMinutes = firstResponseMinutes
        self.resolutionMinutes = resolutionMinutes; self.resolutionMonths = resolutionMonths; self.sample = sample; self.source = source
        self.forTerritories = forTerritories
    }
}

extension Array where Element == SLAPolicy {
    /// The policy for a family's ticket from a customer in `territory`: the one naming that
    /// territory, else the family's general one.
    public func policy(_ family: TicketFamily, territory: String) -> SLAPolicy? {
        first { $0.family == family && $0.forTerritories.contains(territory) } ?? first { $0.family == family && $0.forTerritories.isEmpty }
    }
}

/// One target's clock, as of a given instant.
public struct SLAClock: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable { case running, paused, met, breached }

    public let target: SLATargetKind
    public let state: State
    /// Counted time so far (business time, pauses excluded), in seconds; nil for month deadlines.
    public let countedSeconds: Int64?
    public let allowedSeconds: Int64?
    /// When the target falls due, given the history so far; nil while the clock is paused.
    public let dueAt: Instant?
    public let dueAtLocal: String?
    public let achievedAt: Instant?
    public let explanation: Explanation
}

extension SLAPolicy {
    /// The ticket's clocks at `now`, computed from its history and the calendar — so a
    /// changed calendar or policy recomputes them.
    public func clocks(for ticket: Ticket, calendar: WorkCalendar, now: Instant) -> [SLAClock] {
        var result: [SLAClock] = []
        if let minutes = firstResponseMinutes {
            result.append(clock(.firstResponse, seconds: minutes * 60, achieved: ticket.firstResponseAt, ticket: ticket, calendar: calendar, now: now))
        }
        if let minutes = resolutionMinutes {
            result.append(clock(.resolution, seconds: minutes * 60, achieved: ticket.resolvedAt, ticket: ticket, calendar: calendar, now: now))
        } else if let months = resolutionMonths, ticket.filing.complaintLevel?.answerMonths != nil || ticket.filing.complaintLevel == nil {
            // The mediator's own rules set its answer time, not the operator's contract.
            result.append(monthClock(months, ticket: ticket, calendar: calendar, now: now))
        }
        return result
    }

    /// The targets missed at `now` that the ticket has not yet been escalated for.
    public func missedTargets(_ ticket: Ticket, calendar: WorkCalendar, now: Instant) -> [SLATargetKind] {
        guard ticket.status.isOpen else { return [] }
        return clocks(for: ticket, calendar: calendar, now: now)
            .filter { $0.state == .breached && !ticket.escalations.contains($0.target) }.map(\.target)
    }

    private var hoursLabel: String {
        guard let h = hours else { return "elapsed time, every day" }
        let days = h.days == BusinessHours.weekdays ? "Mon–Fri" : h.days == BusinessHours.everyDay ? "every day" : "\(h.days.count) days a week"
        func hhmm(_ s: Int) -> String { "\(s / 3600 < 10 ? "0" : "")\(s / 3600):\(s % 3600 / 60 < 10 ? "0" : "")\(s % 3600 / 60)" }
        return "\(days) \(hhmm(h.opens))–\(hhmm(h.closes))\(h.openOnHolidays ? "" : ", holidays excluded")"
    }

    private func clock(_ target: SLATargetKind, seconds: Int64, achieved: Instant?, ticket: Ticket,
                       calendar: WorkCalendar, now: Instant) -> SLAClock {
        let running = BusinessHoursClock(calendar: calendar, hours: hours ?? Self.allTheTime)
        let end = achieved ?? now
        let pauses = ticket.waitingSpans(until: end)
        let counted = running.elapsed(from: ticket.filedAt, to: end, pauses: pauses)
        let paused = achieved == nil && ticket.status == .pending
        let due: Instant? = paused ? nil : try? running.adding(seconds: seconds, to: ticket.filedAt, pauses: pauses)
        let state: SLAClock.State = counted > seconds ? .breached : achieved != nil ? .met : paused ? .paused : .running
        var steps = pauses.map {
            Explanation(rule: "waiting on the reporter: not counted", source: "002 §1.a",
                        result: "\(calendar.zone.local($0.start).iso) → \(calendar.zone.local($0.end).iso)")
        }
        if let achieved { steps.append(Explanation(rule: "target reached", source: source, result: calendar.zone.local(achieved).iso)) }
        let explanation = Explanation(
            rule: "\(target.rawValue): \(seconds / 60) minutes of \(hoursLabel)\(sample ? " (sample target, configuration)" : "")",
            source: source,
            inputs: ["filed": calendar.zone.local(ticket.filedAt).iso, "territory": calendar.territory.id, "now": calendar.zone.local(now).iso],
            result: "\(state.rawValue): \(counted / 60) of \(seconds / 60) minutes counted" + (due.map { ", due \(calendar.zone.local($0).iso) local" } ?? ""),
            steps: steps)
        return SLAClock(target: target, state: state, countedSeconds: counted, allowedSeconds: seconds, dueAt: due,
                        dueAtLocal: due.map { calendar.zone.local($0).iso }, achievedAt: achieved, explanation: explanation)
    }

    /// "Dans un délai d'un mois calendaire à compter de sa réception" (001 CG 21, 003 CG 22.1):
    /// the same day number a month later, until 24:00 local.
    private func monthClock(_ months: Int, ticket: Ticket, calendar: WorkCalendar, now: Instant) -> SLAClock {
        let received = calendar.zone.local(ticket.filedAt).date
        let lastDay = received.adding(months: months)
        let due = calendar.zone.startOfDay(lastDay.adding(days: 1))
        let achieved = ticket.resolvedAt
        let state: SLAClock.State = achieved.map { $0 < due ? .met : .breached } ?? (now >= due ? .breached : .running)
        return SLAClock(target: .resolution, state: state, countedSeconds: nil, allowedSeconds: nil, dueAt: due,
                        dueAtLocal: calendar.zone.local(due).iso, achievedAt: achieved,
                        explanation: Explanation(rule: "answer within \(months) calendar month(s) of receipt, until 24:00 local on the last day",
                                                 source: source, inputs: ["received": received.description, "territory": calendar.territory.id],
                                                 result: "\(state.rawValue): last day \(lastDay)"))
    }

    static let allTheTime = try! BusinessHours(days: BusinessHours.everyDay, opens: "00:00", closes: "24:00", openOnHolidays: true)
}
