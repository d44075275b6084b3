/// 001 CG 9.1, 9.2 and 13: what Orange owes a Livebox customer whose Internet access fell short of its commitments,
/// on the customer's request, for the incidents the customer reported (CG 9.2: « Seuls les incidents signalés par le
/// Client […] pourront ouvrir droit à compensation »). Readings: D-CTR-12.
public enum ServiceQualityClaim: Sendable, Hashable {
    /// CG 9.1: the month's reported outages; owed when they bring availability under 97 %.
    case availability(month: BillingPeriod, outages: [Span])
    /// CG 9.2: the month's spans under the guaranteed 512 kbit/s, as the modem's information page showed them.
    case downlink(month: BillingPeriod, belowMinimum: [Span])
    /// CG 13: an interruption reported at `reportedAt` (counted from `since` when the network knows an earlier start),
    /// restored at `restoredAt`; owed when restored after the 12 jours ouvrables.
    case restoration(reportedAt: Instant, restoredAt: Instant, since: Instant?)
    /// 003 CG 12.1: a voice or data unavailability, claimed by the Mayotte customer with how they show they were in its zone.
    case unavailability(outage: Span, presence: String)

    /// A stretch of time, its end excluded.
    public struct Span: Sendable, Hashable, Codable {
        public let from: Instant
        public let until: Instant
        public init(from: Instant, until: Instant) { self.from = from; self.until = until }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable { case availability, downlink, restoration, unavailability }

    /// The claim of `kind` from what staff give, naming what is missing: a month and its periods, or a report and its
    /// restoration.
    public init(_ kind: Kind, month: BillingPeriod?, periods: [Span], reportedAt: Instant?, restoredAt: Instant?, since: Instant?,
                presence: String? = nil) throws(ContractError) {
        switch kind {
        case .availability, .downlink:
            guard let month else { throw .invalid(field: "month", reason: "the month claimed for, YYYY-MM") }
            guard !periods.isEmpty else { throw .invalid(field: "periods", reason: "the reported periods, each from and until") }
            self = kind == .availability ? .availability(month: month, outages: periods) : .downlink(month: month, belowMinimum: periods)
        case .restoration:
            guard let reportedAt else { throw .invalid(field: "reportedAt", reason: "when the customer reported the interruption") }
            guard let restoredAt else { throw .invalid(field: "restoredAt", reason: "when the service was restored") }
            self = .restoration(reportedAt: reportedAt, restoredAt: restoredAt, since: since)
        case .unavailability:
            guard periods.count == 1 else { throw .invalid(field: "periods", reason: "the one unavailability claimed, from and until") }
            guard let presence, !presence.isEmpty else {
                throw .invalid(field: "presence", reason: "how the customer shows they were in the incident's zone when it began (003 CG 12.1)")
            }
            self = .unavailability(outage: periods[0], presence: presence)
        }
    }

    public var kind: Kind {
        switch self {
        case .availability: .availability
        case .downlink: .downlink
        case .restoration: .restoration
        case .unavailability: .unavailability
        }
    }

    /// What one claim is about: a month for CG 9.1 and 9.2, a report for CG 13 (each claimed once).
    public var subject: String {
        switch self {
        case .availability(let month, _), .downlink(let month, _): month.description
        case .restoration(let reported, _, _): reported.description
        case .unavailability(let outage, _): outage.from.description
        }
    }

    /// CG 9.1: « une disponibilité […] supérieure ou égale à 97 % ».
    static let availabilityPercent: Int64 = 97
    /// CG 13: « dans un délai de douze (12) jours ouvrables à compter de la réception de la signalisation ».
    static let restorationDays = 12
}

extension Contract {
    /// The compensation `claim` gives, claimed at `claimedAt` (zero, with why, when nothing is owed; `excluded`: the
    /// cause staff found not imputable to Orange, an external cause or the customer's act).
    public func qualityCompensation(_ claim: ServiceQualityClaim, calendar: WorkCalendar, claimedAt: Instant,
                                    excluded: String?) throws(ContractError) -> TerminationQuote.Line {
        if claim.kind == .unavailability {
            guard family == .mobileMayotte else { throw .invalid(field: "contract", reason: "003 CG 12.1 is a commitment of the Mayotte mobile contract") }
        } else {
            guard family == .livebox else { throw .invalid(field: "contract", reason: "001 CG 9 and 13 are commitments of the Livebox contract") }
        }
        guard let activatedOn else { throw .notActivated }
        let zone = calendar.zone
        let serviceStart = zone.startOfDay(activatedOn)
        switch claim {
        case .availability(let month, let spans), .downlink(let month, let spans):
            guard zone.local(claimedAt).date > month.last else {
                throw .invalid(field: "month", reason: "\(month) is not over: the compensation is for « le mois calendaire écoulé »")
            }
            let start = zone.startOfDay(month.first), end = zone.startOfDay(month.next)
            let within = try Self.union(spans, from: max(start, serviceStart), until: end)
            let seconds = within.reduce(Int64(0)) { $0 + $1.until.seconds - $1.from.seconds }
            let length = end.seconds - start.seconds
            let source = claim.kind == .availability ? "001 CG 9.1" : "001 CG 9.2"
            let inputs = [("month", month.description), ("reported", Self.duration(seconds)), ("month length", Self.duration(length))]
            if let excluded { return .excluded(claim.kind, excluded, source: source, inputs: ExplanationInputs(inputs)) }
            if claim.kind == .availability, seconds * 100 <= length * (100 - ServiceQualityClaim.availabilityPercent) {
                return .init(label: "\(claim.kind.rawValue) compensation", amount: .zero, explanation: Explanation(
                    rule: "availability of at least 97 % over the month: nothing owed", source: source, inputs: ExplanationInputs(inputs),
                    result: "\(Self.duration(seconds)) unavailable ≤ 3 % of \(Self.duration(length))"))
            }
            let f = try feeAmount(on: month.first)
            let amount = f.multiplied(by: seconds, dividedBy: length, roundedTo: .cent, .halfUp)
            return .init(label: "\(claim.kind.rawValue) compensation", amount: amount, explanation: Explanation(
                rule: claim.kind == .availability
                    ? "availability under 97 %: the monthly fee pro rata of the reported unavailability"
                    : "downstream under the guaranteed 512 kbit/s: the monthly fee pro rata of the period below it",
                source: source, inputs: ExplanationInputs(inputs + [("F", f.description)]),
                result: "\(f) × \(seconds) s / \(length) s = \(amount)"))
        case .restoration(let reported, let restored, let since):
            let from = since ?? reported
            guard from <= reported else { throw .invalid(field: "since", reason: "\(from) is after the report, \(reported)") }
            guard from >= serviceStart else { throw .invalid(field: "since", reason: "\(from) is before the service started, \(activatedOn)") }
            guard restored > reported else { throw .invalid(field: "restoredAt", reason: "\(restored) is not after the report, \(reported)") }
            guard restored <= claimedAt else { throw .invalid(field: "restoredAt", reason: "\(restored) has not happened yet: the claim follows the restoration") }
            let deadline = calendar.adding(ServiceQualityClaim.restorationDays, .ouvrables, to: reported)
            let inputs: ExplanationInputs = ["reported": zone.local(reported).iso, "restored": zone.local(restored).iso,
                                             "deadline": zone.local(deadline).iso, "interrupted since": zone.local(from).iso]
            if let excluded { return .excluded(.restoration, excluded, source: "001 CG 13", inputs: inputs) }
            guard restored > deadline else {
                return .init(label: "restoration refund", amount: .zero, explanation: Explanation(
                    rule: "service restored within 12 jours ouvrables of the report: nothing owed", source: "001 CG 13", inputs: inputs, result: "0.00"))
            }
            let (amount, steps) = try prorata(from: from, until: restored, zone: zone)
            return .init(label: "restoration refund", amount: amount, explanation: Explanation(
                rule: "restored after 12 jours ouvrables: the price of the service pro rata temporis of the whole interruption",
                source: "001 CG 13", inputs: inputs, result: "\(steps) = \(amount)"))
        case .unavailability(let outage, let presence):
            guard outage.from < outage.until else { throw .invalid(field: "periods", reason: "\(outage.from) is not before \(outage.until)") }
            guard outage.from >= serviceStart else { throw .invalid(field: "periods", reason: "\(outage.from) is before the service started, \(activatedOn)") }
            guard outage.until <= claimedAt else { throw .invalid(field: "periods", reason: "\(outage.until) has not happened yet: the claim follows the incident") }
            let inputs: ExplanationInputs = ["unavailable from": zone.local(outage.from).iso, "until": zone.local(outage.until).iso,
                                             "claimed": zone.local(claimedAt).iso, "presence": presence]
            // « sous réserve que le Client se manifeste dans un délai de douze (12) heures suivant la disparition de l'incident ».
            guard claimedAt <= outage.until.adding(seconds: 12 * 3_600) else {
                return .init(label: "unavailability compensation", amount: .zero, explanation: Explanation(
                    rule: "claimed more than 12 hours after the incident ended: nothing owed", source: "003 CG 12.1", inputs: inputs, result: "0.00"))
            }
            // « Aucune indemnisation ne sera due si l'indisponibilité […] est due à un cas de force majeure ».
            if let excluded { return .excluded(.unavailability, excluded, source: "003 CG 12.1", inputs: inputs) }
            let (amount, steps) = try prorata(from: outage.from, until: outage.until, zone: zone)
            return .init(label: "unavailability compensation", amount: amount, explanation: Explanation(
                rule: "the monthly fee pro rata of the time without voice or data service", source: "003 CG 12.1", inputs: inputs,
                result: "\(steps) = \(amount)"))
        }
    }

    /// The monthly fee pro rata temporis of [from, until), month by month (each month's fee over its own length).
    private func prorata(from: Instant, until: Instant, zone: ZoneRules) throws(ContractError) -> (amount: Money, steps: String) {
        var exact = Money.zero
        var steps: [String] = []
        for part in Self.byMonth(from: from, until: until, zone: zone) {
            let f = try feeAmount(on: part.first)
            let length = zone.startOfDay(part.next).seconds - zone.startOfDay(part.first).seconds
            exact += f.multiplied(by: part.seconds, dividedBy: length, rounding: .halfUp)
            let c = part.first.components
            steps.append("\(BillingPeriod.text(year: c.year, month: c.month)): \(f) × \(part.seconds) s / \(length) s")
        }
        return (exact.rounded(to: .cent, .halfUp), steps.joined(separator: " + "))
    }

    private func feeAmount(on day: LocalDate) throws(ContractError) -> Money {
        guard let f = fee(on: day)?.amount else { throw .invalid(field: "monthlyFee", reason: "the contract has no monthly fee") }
        return f
    }

    /// The spans merged where they overlap and cut to [from, until): a minute reported twice counts once.
    static func union(_ spans: [ServiceQualityClaim.Span], from: Instant, until: Instant) throws(ContractError) -> [ServiceQualityClaim.Span] {
        var merged: [ServiceQualityClaim.Span] = []
        for s in spans.sorted(by: { $0.from < $1.from }) {
            guard s.from < s.until else { throw .invalid(field: "periods", reason: "\(s.from) is not before \(s.until)") }
            let a = max(s.from, from), b = min(s.until, until)
            guard a < b else { continue }
            if let last = merged.last, a <= last.until {
                merged[merged.count - 1] = .init(from: last.from, until: max(last.until, b))
            } else {
                merged.append(.init(from: a, until: b))
            }
        }
        return merged
    }

    /// [from, until) cut at the local months' boundaries: each part with its month's first day and the next month's.
    static func byMonth(from: Instant, until: Instant, zone: ZoneRules) -> [(first: LocalDate, next: LocalDate, seconds: Int64)] {
        var parts: [(LocalDate, LocalDate, Int64)] = []
        var at = from
        while at < until {
            let day = zone.local(at).date
            let first = day.firstOfMonth
            let next = first.adding(months: 1)
            let end = min(until, zone.startOfDay(next))
            parts.append((first, next, end.seconds - at.seconds))
            at = end
        }
        return parts
    }

    /// "31 h 12 min 5 s"
    static func duration(_ seconds: Int64) -> String {
        "\(seconds / 3600) h \(seconds / 60 % 60) min \(seconds % 60) s"
    }
}

private extension TerminationQuote.Line {
    static func excluded(_ kind: ServiceQualityClaim.Kind, _ why: String, source: String, inputs: ExplanationInputs) -> Self {
        .init(label: kind == .restoration ? "restoration refund" : "\(kind.rawValue) compensation", amount: .zero,
              explanation: Explanation(rule: "excluded: \(why)", source: source, inputs: inputs, result: "0.00"))
    }
}
