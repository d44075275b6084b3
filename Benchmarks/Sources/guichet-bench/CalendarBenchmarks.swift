import Foundation
import GuichetCore
import GuichetData

/// "Add 5 business days (jours ouvrés) to 1 M instants", Guichet's calendar against the
/// named baseline: Foundation's `Calendar` stepping one day at a time with a holiday set, the
/// way a first implementation would. Both must agree on every result before timing counts.
enum CalendarBenchmarks {
    static func run(count: Int) throws -> [Measurement] {
        let territories = try ReferenceData.territories()
        var results: [Measurement] = []
        for id in ["FR", "GP"] {
            let territory = territories[id]!
            let calendar = WorkCalendar(territory: territory)
            let instants = sampleInstants(count)
            let baseline = FoundationBaseline(territory: territory)

            // Correctness first: the two implementations agree on a sample.
            for instant in instants.prefix(20_000) {
                let ours = calendar.adding(5, .ouvres, to: instant)
                let theirs = baseline.adding5BusinessDays(to: instant)
                guard ours == theirs else {
                    throw BenchmarkError("\(id): \(instant) → Guichet \(ours), baseline \(theirs)")
                }
            }

            results.append(measure("calendar.add5BusinessDays[\(id)] Guichet", operations: count) {
                var checksum = 0
                for instant in instants { checksum &+= Int(truncatingIfNeeded: calendar.adding(5, .ouvres, to: instant).seconds) }
                return checksum
            })
            // The baseline is ~1 000× slower: it runs on the first tenth of the same instants.
            let baselineInstants = instants.prefix(max(1, count / 10))
            results.append(measure("calendar.add5BusinessDays[\(id)] baseline: Foundation", operations: baselineInstants.count, rounds: 3) {
                var checksum = 0
                for instant in baselineInstants { checksum &+= Int(truncatingIfNeeded: baseline.adding5BusinessDays(to: instant).seconds) }
                return checksum
            })
        }
        return results
    }

    /// Deterministic instants spread over 2024–2030 (a linear congruential sequence).
    static func sampleInstants(_ count: Int) -> [Instant] {
        let start: Int64 = 1_704_067_200, span: Int64 = 7 * 365 * 86_400
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Instant(seconds: start + Int64(state >> 33) % span)
        }
    }
}

/// The baseline: Foundation's Calendar in the territory's zone, one day at a time.
struct FoundationBaseline {
    let calendar: Calendar
    let holidays: Set<String>

    init(territory: Territory) {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: territory.zone.identifier)!
        calendar = c
        holidays = Set((2023...2032).flatMap { territory.holidays.holidays(in: $0) }.map(\.date.description))
    }

    /// Steps whole local days from noon (so that no step lands in a daylight-saving gap, which
    /// would shift the time of day for good), then puts the original time of day back.
    func adding5BusinessDays(to instant: Instant) -> Instant {
        let start = Date(timeIntervalSince1970: TimeInterval(instant.seconds))
        let time = calendar.dateComponents([.hour, .minute, .second], from: start)
        var day = calendar.date(bySettingHour: 12, minute: 0, second: 0, of: start)!
        var left = 5
        while left > 0 {
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            let key = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            if c.weekday != 1 && c.weekday != 7 && !holidays.contains(key) { left -= 1 }
        }
        var end = calendar.dateComponents([.year, .month, .day], from: day)
        end.hour = time.hour; end.minute = time.minute; end.second = time.second
        return Instant(seconds: Int64(calendar.date(from: end)!.timeIntervalSince1970))
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
