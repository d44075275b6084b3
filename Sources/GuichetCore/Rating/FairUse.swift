/// The limits that apply to a line's usage, from its contract (values from the catalog).
public struct UsageLimits: Sendable {
    /// Distinct numbers called on included ("unlimited") calls per month, and the article.
    public var distinctVoiceRecipients: (limit: Int, source: String)?
    public var distinctSMSRecipients: (limit: Int, source: String)?
    /// Longest included call.
    public var maxCallSeconds: (limit: Int, source: String)?
    /// Most communication a day, every call counted on its local start day (001 CG 9.4: « supérieure à 24h par jour »).
    public var maxDailyVoiceSeconds: (limit: Int, source: String)?
    /// Out-of-bundle spend per period that lets the operator act (003 CG 8: 45 € advance, 300 € suspension;
    /// 001 CG 10.4: 100 € for customers under 6 months).
    /// `reached`: the amount itself triggers ("égal ou supérieur", 003 CG 8); otherwise only beyond it ("excède", 001 CG 10.4 b).
    public var spendThresholds: [(amount: Money, rule: String, source: String, reached: Bool)] = []
    /// 001 CG 10.4 (a): an advance when a period's communications exceed the average of the last 6.
    public var previousPeriods: [Money]?

    public init() {}

    /// Nothing to watch (004 lines): no monitor is needed.
    public var isEmpty: Bool {
        distinctVoiceRecipients == nil && distinctSMSRecipients == nil && maxCallSeconds == nil && maxDailyVoiceSeconds == nil && spendThresholds.isEmpty
            && (previousPeriods?.count ?? 0) < 6
    }
}

/// Watches one line's month while it is rated and raises each alert once. Recipient sets stop
/// growing past their limit, so memory stays bounded whatever the volume; once an alert is
/// raised its check is skipped, so the common record costs a few comparisons.
public struct FairUseMonitor: Sendable {
    public let line: String
    public let period: String
    public let limits: UsageLimits
    private var voiceRecipients = RecipientSet()
    private var smsRecipients = RecipientSet()
    public private(set) var outOfBundle = Money.zero
    /// Bit i: spend threshold i raised; the high bits: the recipient alerts and the average trigger.
    private var raised: UInt64 = 0
    private let sixPeriodAverage: Money?
    /// The most seconds of calls a day (`Int.max`: no limit), read once here rather than from `limits` on every record;
    /// the seconds per day of the month (lane 1–31, kept inline: an array here cost rating 6 %), and the days already
    /// alerted (a bit per day).
    private let dailyLimit: Int
    private var dailyVoice = SIMD32<Int32>()
    private var daysRaised: UInt32 = 0
    private static let voiceBit: UInt64 = 1 << 63, smsBit: UInt64 = 1 << 62, averageBit: UInt64 = 1 << 61

    public init(line: String, period: String, limits: UsageLimits) {
        self.line = line; self.period = period; self.limits = limits
        dailyLimit = limits.maxDailyVoiceSeconds?.limit ?? .max
        // 001 CG 10.4 (a) needs six previous periods.
        sixPeriodAverage = limits.previousPeriods.flatMap { p in
            p.count >= 6 ? p.suffix(6).reduce(Money.zero, +).multiplied(by: 1, dividedBy: 6, rounding: .halfUp) : nil
        }
    }

    /// Adds a recipient; true when the set passes the limit (it is then emptied: the alert is raised once).
    private static func count(_ called: DialledNumber, in recipients: inout RecipientSet, limit: Int) -> Bool {
        // Room for one past the limit: that one raises the alert.
        guard recipients.insert(called.digits, limit: limit + 1), recipients.count > limit else { return false }
        recipients = RecipientSet()
        return true
    }

    /// Records one rated record; `day`: its local day of the month. Returns the alerts it raises (usually none).
    public mutating func observe(id: @autoclosure () -> String, called: DialledNumber, kind: UsageKind, quantity: Int, day: @autoclosure () -> Int,
                                 price: Price) -> [UsageAlert] {
        var alerts: [UsageAlert] = []
        outOfBundle += price.amount
        if kind == .voice, dailyLimit != .max {
            let d = day()
            dailyVoice[d] &+= Int32(clamping: quantity)
            if Int(dailyVoice[d]) > dailyLimit, daysRaised & (1 << UInt32(d)) == 0 {
                daysRaised |= 1 << UInt32(d)
                alerts.append(UsageAlert(rule: "fair-use-daily-communications", line: line, period: period, record: id(), value: "\(dailyVoice[d]) s",
                                         limit: "\(dailyLimit) s", source: limits.maxDailyVoiceSeconds?.source ?? "",
                                         message: "more than \(dailyLimit / 3600) hours of calls on day \(d) of the month"))
            }
        }
        if price.included && price.group >= 0 {
            if kind == .voice, raised & Self.voiceBit == 0, let (limit, source) = limits.distinctVoiceRecipients,
               Self.count(called, in: &voiceRecipients, limit: limit) {
                raised |= Self.voiceBit
                alerts.append(UsageAlert(rule: "fair-use-distinct-voice", line: line, period: period, value: "\(limit + 1)", limit: "\(limit)", source: source,
                                         message: "more than \(limit) distinct numbers called on unlimited calls this month"))
            }
            if kind == .sms, raised & Self.smsBit == 0, let (limit, source) = limits.distinctSMSRecipients,
               Self.count(called, in: &smsRecipients, limit: limit) {
                raised |= Self.smsBit
                alerts.append(UsageAlert(rule: "fair-use-distinct-sms", line: line, period: period, value: "\(limit + 1)", limit: "\(limit)", source: source,
                                         message: "more than \(limit) distinct SMS/MMS recipients this month"))
            }
            if kind == .voice, let (limit, source) = limits.maxCallSeconds, quantity > limit {
                alerts.append(UsageAlert(rule: "fair-use-call-duration", line: line, period: period, record: id(), value: "\(quantity) s", limit: "\(limit) s",
                                         source: source, message: "an unlimited call lasted longer than \(limit / 60) minutes"))
            }
        }
        guard price.amount > .zero else { return alerts }
        for (i, t) in limits.spendThresholds.enumerated() where raised & (1 << UInt64(i)) == 0 && (t.reached ? outOfBundle >= t.amount : outOfBundle > t.amount) {
            raised |= 1 << UInt64(i)
            alerts.append(UsageAlert(rule: t.rule, line: line, period: period, value: outOfBundle.description, limit: t.amount.description, source: t.source,
                                     message: "out-of-bundle communications \(t.reached ? "reached" : "exceeded") \(t.amount) € this period"))
        }
        if raised & Self.averageBit == 0, let average = sixPeriodAverage, outOfBundle > average {
            raised |= Self.averageBit
            alerts.append(UsageAlert(rule: "advance-above-six-period-average", line: line, period: period, value: outOfBundle.description, limit: average.description,
                                     source: "001 CG 10.4", message: "communications of the period above the average of the last 6 periods"))
        }
        return alerts
    }
}

extension UsageLimits {
    /// Whether a family's lines have limits at all: 004, 000 and 002 set none, so their records need no monitor
    /// (and nothing stored need be read for one).
    public static func apply(to family: ContractFamily) -> Bool { family.terms.limitsUsage }

    /// The limits of a contract family, with the values the catalog's parameters give (none where its document sets none).
    /// - Parameters:
    ///   - tenureMonths: whole months since activation (001 CG 10.4 b).
    ///   - previousPeriods: out-of-bundle totals of the line's previous periods, oldest first (001 CG 10.4 a).
    public static func of(_ family: ContractFamily, parameters: [ContractParameter], tenureMonths: Int, previousPeriods: [Money]) -> UsageLimits {
        family.terms.usageLimits(parameters: parameters, tenureMonths: tenureMonths, previousPeriods: previousPeriods) ?? UsageLimits()
    }
}
