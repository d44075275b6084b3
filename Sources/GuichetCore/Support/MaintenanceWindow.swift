/// A scheduled intervention that interrupts e-soutien: operators are told by e-mail, in
/// advance, of its dates, times and expected duration (002 §4).
public struct MaintenanceWindow: Codable, Sendable, Hashable {
    public let id: String
    public let start: Instant
    public let end: Instant
    public let description: String

    public init(id: String, start: Instant, end: Instant, description: String, declaredAt: Instant) throws(SupportError) {
        guard end > start else { throw .invalid(field: "end", reason: "must be after start") }
        // 002 §4 "informera": the notice can only be in advance if the window is still to come.
        guard start > declaredAt else { throw .invalid(field: "start", reason: "a notice is given before the interruption (002 §4); \(start) has passed") }
        self.id = id; self.start = start; self.end = end; self.description = description
    }

    public func contains(_ instant: Instant) -> Bool { instant >= start && instant < end }

    /// "Les dates, heures et durées prévisionnelles d'interruption" (002 §4), on the local clock.
    public func notice(zone: ZoneRules) -> String {
        let from = zone.local(start), to = zone.local(end)
        let minutes = (end.seconds - start.seconds) / 60
        let duration = minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
        return "du \(from.date.frenchDate) à \(Self.hhmm(from.secondOfDay)) au \(to.date.frenchDate) à \(Self.hhmm(to.secondOfDay)) " +
            "(heure de Paris), durée prévisionnelle \(duration)"
    }

    static func hhmm(_ s: Int) -> String {
        let h = s / 3600, m = s % 3600 / 60
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}

/// A period during which e-soutien is declared down by the provider (002 §5).
public struct ServiceOutage: Codable, Sendable, Hashable {
    public let id: String
    public let start: Instant
    public let end: Instant?
    public let note: String

    public init(id: String, start: Instant, end: Instant?, note: String) {
        self.id = id; self.start = start; self.end = end; self.note = note
    }

    public func contains(_ instant: Instant) -> Bool { instant >= start && end.map { instant < $0 } ?? true }
}

/// 002 §5: the urgent mailbox is honoured only while e-soutien is down — declared outage or
/// scheduled interruption — and only for an urgent report; otherwise refused with the reason.
public enum FallbackMailbox {
    public static func accept(receivedAt: Instant, urgent: Bool, outages: [ServiceOutage], windows: [MaintenanceWindow]) throws(SupportError) {
        let down = outages.contains { $0.contains(receivedAt) } || windows.contains { $0.contains(receivedAt) }
        guard down else {
            throw .forbidden("e-soutien is working normally: file the report in e-soutien; this address is used only while e-soutien is unavailable (002 §5)")
        }
        guard urgent else {
            throw .forbidden("only urgent reports are taken at this address while e-soutien is unavailable (002 §5); mark the report urgent or file it once e-soutien is back")
        }
    }
}
