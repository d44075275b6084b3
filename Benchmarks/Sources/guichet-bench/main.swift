import Foundation

// guichet-bench [operations]   — default 1 000 000
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000
print("guichet-bench: \(count) operations per round, \(ProcessInfo.processInfo.activeProcessorCount) cores")
do {
    let results = try CalendarBenchmarks.run(count: count) + NumberBenchmarks.run(count: count)
    for r in results { print(r.line) }
    for pair in stride(from: 0, to: results.count - 1, by: 2) {
        let ours = results[pair], base = results[pair + 1]
        print(String(format: "%@: %.1f× faster than the baseline (medians)", ours.name as NSString,
                     base.nanosecondsPerOperation(base.median) / ours.nanosecondsPerOperation(ours.median)))
    }
} catch {
    FileHandle.standardError.write(Data("guichet-bench: \(error)\n".utf8))
    exit(1)
}
