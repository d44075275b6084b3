import Foundation
import GuichetCore
import GuichetData
import Testing

/// Classification agrees with Google's libphonenumber (the `phonenumbers` package) on territory and
/// type for 100 000 generated numbers (scripts/phonenumbers_reference.py, run by scripts/test.sh);
/// every disagreement falls under a decision of docs/decisions.md.
@Suite struct PhonenumbersReferenceTests {
    static let plan = try! ReferenceData.numberingPlan()
    static var path: String? { ProcessInfo.processInfo.environment["GUICHET_PHONENUMBERS_REFERENCE"] }
    static var required: Bool { ProcessInfo.processInfo.environment["GUICHET_REQUIRE_ALL_SUITES"] == "1" }

    /// Disagreements that are decisions, with their decision id.
    static func justification(ours: NumberClassification?, theirs: [[String]]) -> String? {
        // D-NUM-2: ARCEP's telemarketing-only ranges, which libphonenumber files as ordinary fixed or VoIP
        // numbers (the overseas 0947x blocks even under +33).
        if ours?.type == .telemarketing, theirs.contains(where: { ["fixedGeographic", "voip"].contains($0[1]) }) { return "D-NUM-2" }
        return nil
    }

    @Test(.enabled(if: path != nil || required, "needs scripts/test.sh (GUICHET_PHONENUMBERS_REFERENCE)"))
    func agreesWithLibphonenumber() throws {
        let text = try String(contentsOfFile: try #require(Self.path), encoding: .utf8)
        var lines = text.split(separator: "\n").dropFirst()
        var total = 0, agreed = 0
        var unexplained: [String: (Int, String)] = [:]
        var justified: [String: Int] = [:]
        while let line = lines.popFirst() {
            let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [Any]
            let national = entry[0] as! String
            let theirs = entry[1] as! [[String]]
            total += 1
            let ours = try? Self.plan.classify(national)
            let agree = ours.map { o in theirs.contains { $0[0] == o.territory && $0[1] == o.type.rawValue } } ?? theirs.isEmpty
            if agree { agreed += 1; continue }
            if let id = Self.justification(ours: ours, theirs: theirs) { justified[id, default: 0] += 1; continue }
            let key = "ours \(ours.map { "\($0.territory ?? "-")/\($0.type.rawValue)" } ?? "unassigned") vs theirs \(theirs.map { $0.joined(separator: "/") })"
            unexplained[key] = ((unexplained[key]?.0 ?? 0) + 1, national)
        }
        #expect(total == 100_000)
        let report = unexplained.sorted { $0.value.0 > $1.value.0 }.prefix(20).map { "\($0.value.0)× \($0.key) e.g. \($0.value.1)" }
        #expect(unexplained.isEmpty, "\(total - agreed) disagreements, justified \(justified):\n\(report.joined(separator: "\n"))")
    }
}
