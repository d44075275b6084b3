import Foundation
import GuichetApp
import GuichetServer

// guichet-bench [operations] [calendar|numbers|rating|rating-e2e|bill-run|operator-scale|run-due]   — default 1 000 000
// (operator-scale, run-due: 100 000 customers), all but rating-e2e, bill-run, operator-scale and run-due
ProcessHeap.configure()   // as `guichet`'s main does, before any thread starts
let arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.first.flatMap(Int.init) ?? 1_000_000
let only = arguments.first { Int($0) == nil }
print("guichet-bench: \(count) operations per round, \(ProcessInfo.processInfo.activeProcessorCount) cores")
do {
    var results: [Measurement] = []
    if only == nil || only == "calendar" { results += try CalendarBenchmarks.run(count: count) }
    if only == nil || only == "numbers" { results += try NumberBenchmarks.run(count: count) }
    if only == nil || only == "rating" { results += try RatingBenchmarks.core(count: count) }
    if only == "rating-e2e" {
        // The core figure and the end-to-end figure, both against the SQL baseline of the same run.
        if ProcessInfo.processInfo.environment["GUICHET_BENCH_IMPORT_ONLY"] != "1" { results += try RatingBenchmarks.core(count: 1_000_000) }
        results += try await RatingEndToEnd.run(rows: count, baselineRows: 100_000)
    }
    if only == "bill-run" { results += try await BillRunBenchmark.run(accounts: count) }
    if only == "run-due" { results += try await RunDueBenchmark.run(contracts: arguments.first.flatMap(Int.init) ?? 100_000) }
    if only == "operator-scale" { results += try await OperatorScale.run(customers: arguments.first.flatMap(Int.init) ?? 100_000) }
    for r in results { print(r.line) }
    for (i, ours) in results.enumerated() where !ours.name.contains("baseline") {
        guard let base = results[(i + 1)...].first(where: { $0.name.contains("baseline") }) else { continue }
        let ratio = base.nanosecondsPerOperation(base.median) / ours.nanosecondsPerOperation(ours.median)
        print(ratio >= 1 ? String(format: "%@: %.1f× faster than the baseline (medians)", ours.name as NSString, ratio)
                         : String(format: "%@: %.2f× the baseline's time (medians)", ours.name as NSString, 1 / ratio))
    }
} catch {
    FileHandle.standardError.write(Data("guichet-bench: \(error)\n".utf8))
    exit(1)
}
