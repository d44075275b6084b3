import Foundation
import GuichetCore

/// A deterministic, realistic mix of usage records: lines of the three families (Livebox DOM1 and
/// DOM2, Mayotte, Workplace Together), mostly national calls, a third international (destinations
/// drawn from the catalogs' own prefixes), some SMS and a few emergency calls.
struct RatingMix {
    struct Line { let number: String; let offering: String; let zone: String; let territory: String }
    struct Record { let line: Int; let called: String; let kind: UsageKind; let quantity: Int; let mobile: Bool? }

    /// 100 lines; `GUICHET_BENCH_LINES=N` (up to 99 999) spreads the same mix over N lines.
    static let lines: [Line] = (0..<(Int(ProcessInfo.processInfo.environment["GUICHET_BENCH_LINES"] ?? "") ?? 100)).map { i in
        switch i % 5 {
        case 0, 1: Line(number: "+5905902\(String(format: "%05d", i))", offering: "livebox-essentiel-fibre", zone: "DOM1", territory: "GP")
        case 2: Line(number: "+5945942\(String(format: "%05d", i))", offering: "livebox-infini-fibre", zone: "DOM2", territory: "GF")
        case 3: Line(number: "+2626390\(String(format: "%05d", i))", offering: "mayotte-forfait-24-mois", zone: "YT", territory: "YT")
        default: Line(number: "+331450\(String(format: "%05d", i))", offering: "wte-pack-calling", zone: "FR", territory: "FR")
        }
    }

    /// Records that rate (numbers drawn again until the plan and the tariffs accept them): errors
    /// are the quarantine's business, not the rater's throughput.
    static func records(count: Int, catalog: CatalogSet, accept: (Record) -> Bool) -> [Record] {
        var generator = Generator(catalog: catalog)
        return (0..<count).map { _ in generator.next(accept) }
    }

    /// The same sequence, one record at a time (for files larger than memory).
    struct Generator {
        let international: [(String, TariffGroup.LineType)]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15

        init(catalog: CatalogSet) {
            international = catalog.documents.first { $0.info.id == "livebox-antilles-guyane" }!.tariffs
                .filter { $0.excludedPrefixes.isEmpty }
                .flatMap { t in t.destinations.flatMap(\.prefixes).filter { !$0.hasPrefix("33") && !$0.hasPrefix("59") && !$0.hasPrefix("26") }.map { ($0, t.lineType) } }
        }

        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }

        mutating func digits(_ n: Int) -> String { (0..<n).map { _ in String(next(10)) }.joined() }

        mutating func next(_ accept: (Record) -> Bool) -> Record {
            while true { let r = draw(); if accept(r) { return r } }
        }

        mutating func draw() -> Record {
            let line = next(lines.count)
            let roll = next(100)
            let seconds = 5 + next(900)
            switch roll {
            case 0..<30: return Record(line: line, called: "+33" + ["1", "2", "4", "5"][next(4)] + digits(8), kind: .voice, quantity: seconds, mobile: nil)
            case 30..<45: return Record(line: line, called: "+336" + digits(8), kind: .voice, quantity: seconds, mobile: nil)
            case 45..<55: return Record(line: line, called: ["+590590", "+596596", "+262639"][next(3)] + "0" + digits(5), kind: .voice, quantity: seconds, mobile: nil)
            case 55..<60: return Record(line: line, called: "+336" + digits(8), kind: .sms, quantity: 1, mobile: nil)
            case 60..<61: return Record(line: line, called: "112", kind: .voice, quantity: seconds, mobile: nil)
            default:
                let (prefix, type) = international[next(international.count)]
                return Record(line: line, called: "+" + prefix + digits(max(6, 11 - prefix.count)), kind: .voice, quantity: seconds, mobile: type == .mobile)
            }
        }
    }
}
