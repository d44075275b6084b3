import Foundation

// guichet-bench [operations] [calendar|numbers|rating|rating-e2e]   — default 1 000 000, all but rating-e2e
let arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.first.flatMap(Int.init) ?? 1_000_000
let only = arguments.first { Int($0) == nil }
print("guichet-bench: \(count) operations per round, \(ProcessInfo.processInfo.activeProcessorCount) cores")
do {
    var results: [Measurement] = []
    if only == nil || only == "calendar" { results += try CalendarBenchmarks.run(count: count) }
    if only == nil || only == "numbers" { results += try NumberBenchmarks.run(count: count) }
    if only == nil || only == "rating" { results += try RatingBenchmarks.core(count: count) }
    for r in results { print(r.line) }
    for (ours, base) in zip(results, results.dropFirst()) where base.name.contains("baseline") && !ours.name.contains("baseline") {
        print(String(format: "%@: %.1f× faster than the baseline (medians)", ours.name as NSString,
                     base.nanosecondsPerOperation(base.median) / ours.nanosecondsPerOperation(ours.median)))
    }
} catch {
    FileHandle.standardError.write(Data("guichet-bench: \(error)\n".utf8))
    exit(1)
}
