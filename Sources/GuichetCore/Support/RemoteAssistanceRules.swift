/// The parameters of the remote-assistance service (000). Values the document gives carry its
/// article; the slot length and the session code's lifetime are not in it (configuration).
public struct RemoteAssistanceRules: Sendable, Hashable, Codable {
    /// 000 art. 3.2: callback within 72 hours, Sundays and holidays or closed days not counted.
    public let callbackHours: Int64
    /// 000 art. 3.2: "la Prestation est effectuée entre 8 heures et 21 heures", every day.
    public let interventionOpens: String
    public let interventionCloses: String
    /// Length of a booked callback slot; the whole slot fits in the intervention hours (D-SUP-6).
    public let slotMinutes: Int
    /// 000 art. 4.1: feasibility answer for a Mac within 4 hours (elapsed time, D-SUP-6).
    public let macFeasibilityHours: Int64
    /// 000 art. 4.6 gives no lifetime for the one-session code (configuration, D-SUP-7).
    public let sessionCodeMinutes: Int64
    /// 000 art. 10: 7 jours francs from acceptance of the offer.
    public let withdrawalJoursFrancs: Int
    /// 000 art. 4.9: virus or spyware removal is billed in every case.
    public let virusRemovalForfaits: Set<String>
    /// 000 art. 3.3 "Pro uniquement".
    public let professionalOnlyForfaits: Set<String>
    /// 000 art. 3.3: F19 covers at most 3 machines.
    public let maximumQuantity: [String: Int]
    /// The territory whose calendar and clock the service runs on (metropolitan France).
    public let territory: String
    /// Where a missed commitment is escalated (the remote-assistance desk's supervision): configuration, the documents name
    /// none; absent, the miss is only recorded and listed.
    public var escalationAddress: String? = nil

    public init(callbackHours: Int64, interventionOpens: String, interventionCloses: String, slotMinutes: Int, macFeasibilityHours: Int64,
                sessionCodeMinutes: Int64, withdrawalJoursFrancs: Int, virusRemovalForfaits: Set<String>,
                professionalOnlyForfaits: Set<String>, maximumQuantity: [String: Int], territory: String) {
        self.callbackHours = callbackHours; self.interventionOpens = interventionOpens; self.interventionCloses = interventionCloses
        self.slotMinutes = slotMinutes; self.macFeasibilityHours = macFeasibilityHours; self.sessionCodeMinutes = sessionCodeMinutes
        self.withdrawalJoursFrancs = withdrawalJoursFrancs; self.virusRemovalForfaits = virusRemovalForfaits
        self.professionalOnlyForfaits = professionalOnlyForfaits; self.maximumQuantity = maximumQuantity; self.territory = territory
    }

    /// Whether a slot starting at `start` lies wholly inside the intervention hours (000 art. 3.2).
    public func slotFits(_ start: Instant, zone: ZoneRules) throws(SupportError) {
        let opens = try Self.seconds(interventionOpens), closes = try Self.seconds(interventionCloses)
        let local = zone.local(start)
        let end = local.secondOfDay + slotMinutes * 60
        guard local.secondOfDay >= opens, end <= closes else {
            throw .invalid(field: "slot", reason: "a \(slotMinutes)-minute slot from \(local.iso) local does not fit in \(interventionOpens)–\(interventionCloses) (000 art. 3.2)")
        }
    }

    static func seconds(_ hhmm: String) throws(SupportError) -> Int {
        do { return try BusinessHours.seconds(hhmm) } catch { throw .invalid(field: "intervention hours", reason: "\(error)") }
    }
}

/// One forfait of the art. 3.3 table in a request, with how many accounts or computers.
public struct ForfaitLine: Codable, Sendable, Hashable {
    /// The catalog offering, e.g. `forfait-f13`; its price is `<offering>-price`.
    public let forfait: String
    public let quantity: Int

    public init(forfait: String, quantity: Int = 1) { self.forfait = forfait; self.quantity = quantity }
}

/// How the remote intervention ended (000 art. 4.8, 4.9).
public enum AssistanceOutcome: String, Codable, Sendable, CaseIterable {
    case done, failed
    /// Failed, and the customer accepted a home visit instead (000 art. 4.8).
    case escalatedToHomeVisit
}

extension RemoteAssistanceRules {
    /// Which lines are billed for `outcome` (000 art. 4.8, 4.9): all when done; when failed
    /// only virus removal ("facturée dans tous les cas"); nothing once a home visit is accepted,
    /// since "seule la Prestation effectuée à domicile sera facturée" (D-SUP-5).
    public func billedLines(_ lines: [ForfaitLine], outcome: AssistanceOutcome) -> [(line: ForfaitLine, billed: Bool, why: Explanation)] {
        lines.map { line in
            switch outcome {
            case .done:
                return (line, true, Explanation(rule: "service performed: the forfait is billed at its art. 3.3 price", source: "000 art. 3.3, 5", result: "billed"))
            case .escalatedToHomeVisit:
                return (line, false, Explanation(rule: "a home visit was accepted: only the home service is billed, to the exclusion of any other", source: "000 art. 4.8", result: "not billed"))
            case .failed where virusRemovalForfaits.contains(line.forfait):
                return (line, true, Explanation(rule: "virus or spyware removal is billed in every case", source: "000 art. 4.9", result: "billed although the service failed"))
            case .failed:
                return (line, false, Explanation(rule: "the service failed and no home visit was wanted: not billed", source: "000 art. 4.9", result: "not billed"))
            }
        }
    }

    /// The lines' checks at qualification (000 art. 3.3): known quantity, professional-only
    /// forfaits, the F19 cap.
    public func validate(_ lines: [ForfaitLine], professional: Bool) throws(SupportError) {
        guard !lines.isEmpty else { throw .invalid(field: "lines", reason: "at least one forfait of the art. 3.3 table") }
        for (i, l) in lines.enumerated() {
            guard l.quantity >= 1 else { throw .invalid(field: "lines[\(i)].quantity", reason: "must be at least 1") }
            if let max = maximumQuantity[l.forfait], l.quantity > max {
                throw .invalid(field: "lines[\(i)].quantity", reason: "\(l.forfait) covers at most \(max) machines (000 art. 3.3)")
            }
            if professionalOnlyForfaits.contains(l.forfait) && !professional {
                throw .invalid(field: "lines[\(i)].forfait", reason: "\(l.forfait) is for professional customers only (000 art. 3.3 \"Pro uniquement\")")
            }
        }
    }
}

extension RemoteAssistanceRules {
    /// 000 art. 4.1: a Mac request's feasibility is answered within `macFeasibilityHours` of the request, hours of elapsed
    /// time; an answer at that instant is in time.
    public func feasibilityDue(from requested: Instant) -> Instant { requested.adding(seconds: macFeasibilityHours * 3600) }

    /// `feasibilityDue` with its explanation, on the service's calendar.
    public func feasibilityDeadline(from requested: Instant, calendar: WorkCalendar) -> Deadline {
        let due = feasibilityDue(from: requested)
        return Deadline(calendar: calendar, lastDay: nil, endsAt: due, inclusive: true, explanation: Explanation(
            rule: "a Mac request's feasibility is answered within \(macFeasibilityHours) hours of the request", source: "000 art. 4.1",
            inputs: ["requestedAt": calendar.zone.local(requested).iso], result: "answer due by \(calendar.zone.local(due).iso) local"))
    }
}
