import Foundation
import GuichetCore
import Testing

/// Compares every territory's holidays for 2024–2030 with the independent `holidays` package
/// (PyPI), whose output scripts/test.sh writes to $GUICHET_HOLIDAYS_REFERENCE. Every difference
/// must be one of `justified`, each explained in docs/decisions.md under its decision id.
@Suite struct HolidayReferenceTests {
    /// (territory, the reference package's name for the day, decision id): days the package lists
    /// that Guichet deliberately does not.
    static let justified: [(territory: String, referenceName: String, decision: String)] = [
        ("GP", "Good Friday", "D-CAL-3"),
        ("GP", "Mi-Careme", "D-CAL-3"),
    ]

    struct Reference: Decodable {
        struct Day: Decodable { let date: String; let name: String }
        let version: String
        let years: [Int]
        let territories: [String: [Day]]
    }

    static var referencePath: String? { ProcessInfo.processInfo.environment["GUICHET_HOLIDAYS_REFERENCE"] }
    static var required: Bool { ProcessInfo.processInfo.environment["GUICHET_REQUIRE_ALL_SUITES"] == "1" }

    @Test(.enabled(if: referencePath != nil || required, "needs scripts/test.sh (GUICHET_HOLIDAYS_REFERENCE)"))
    func agreesWithTheHolidaysPackage() throws {
        let path = try #require(Self.referencePath, "GUICHET_HOLIDAYS_REFERENCE is not set")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(reference.years == [2024, 2030])
        #expect(Set(reference.territories.keys) == Set(TestTerritories.all.keys))

        var unexplained: [String] = []
        var explainedSeen = Set<String>()
        for (id, territory) in TestTerritories.all {
            let theirs = Dictionary(grouping: reference.territories[id] ?? [], by: \.date)
            let ours = Set((2024...2030).flatMap { territory.holidays.holidays(in: $0) }.map(\.date.description))
            for date in ours.subtracting(theirs.keys).sorted() {
                unexplained.append("\(id) \(date): Guichet has a holiday the package does not")
            }
            for date in Set(theirs.keys).subtracting(ours).sorted() {
                let names = theirs[date]!.map(\.name)
                if let j = Self.justified.first(where: { $0.territory == id && names.contains($0.referenceName) }) {
                    explainedSeen.insert("\(j.territory) \(j.referenceName)")
                } else {
                    unexplained.append("\(id) \(date): the package lists \(names) and Guichet does not")
                }
            }
        }
        #expect(unexplained.isEmpty, "unexplained differences with holidays \(reference.version):\n\(unexplained.joined(separator: "\n"))")
        // A justification that no longer matches a difference is stale.
        #expect(explainedSeen == Set(Self.justified.map { "\($0.territory) \($0.referenceName)" }))
    }

    @Test func everyJustificationIsRecordedInTheDecisions() throws {
        let decisions = try String(contentsOf: RepositoryFiles.url("docs/decisions.md"), encoding: .utf8)
        for j in Self.justified { #expect(decisions.contains(j.decision), "docs/decisions.md lacks \(j.decision)") }
    }
}

enum RepositoryFiles {
    /// A file of this repository, found from this source file's place in it.
    static func url(_ relative: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative)
    }
}
