import Foundation
import GuichetCore
import GuichetData

/// `numbers classify` throughput against libphonenumber (the `phonenumbers` package, Python) on the
/// same national numbers in the same run: for each number, its territory, country code and type. The
/// baseline answers the same question the only way libphonenumber can for a national number of the
/// shared plan: trying the plan's country codes until one is valid (scripts/phonenumbers_reference.py).
enum NumberBenchmarks {
    static func run(count: Int) throws -> [Measurement] {
        let plan = try ReferenceData.numberingPlan()
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let numbers: [String] = (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "0" + String(100_000_000 + Int(state >> 34) % 900_000_000)
        }
        let ours = measure("numbers.classify Guichet", operations: count) {
            var n = 0
            for s in numbers { if let c = try? plan.classify(s) { n &+= c.type.rawValue.count } }
            return n
        }
        let sample = Array(numbers.prefix(max(1, count / 10)))
        guard let python = try pythonNanosecondsPerNumber(sample) else { return [ours] }
        let baseline = Measurement(name: "numbers.classify baseline: phonenumbers (Python)", operations: sample.count,
                                   rounds: [.nanoseconds(Int64(python * Double(sample.count)))])
        return [ours, baseline]
    }

    /// Runs the baseline in python3; nil (with a note) when phonenumbers is not installed.
    static func pythonNanosecondsPerNumber(_ numbers: [String]) throws -> Double? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-bench-numbers.txt")
        try numbers.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let script = """
            import sys, time
            import phonenumbers
            nums = open(sys.argv[1]).read().split()
            codes = [33, 262, 508, 590, 594, 596]
            t = time.perf_counter_ns()
            for s in nums:
                nsn = int(s[1:])
                for cc in codes:
                    n = phonenumbers.PhoneNumber(country_code=cc, national_number=nsn)
                    if phonenumbers.is_valid_number(n):
                        phonenumbers.region_code_for_number(n); phonenumbers.number_type(n)
                        break
            print((time.perf_counter_ns() - t) / len(nums))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            print("(baseline skipped: python3 with phonenumbers is not installed — pip install phonenumbers)")
            return nil
        }
        return Double(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
