import Foundation

/// A minimal, documented harness (package-benchmark 1.38 needs swift-runtime-interposer on
/// Linux with Swift 6.3, which this machine's package mirror lacks): each case runs `rounds`
/// times over the same input; the report gives the median and best round, per operation.
struct Measurement {
    let name: String
    let operations: Int
    let rounds: [Duration]

    var median: Duration { rounds.sorted()[rounds.count / 2] }
    var best: Duration { rounds.min()! }

    func nanosecondsPerOperation(_ d: Duration) -> Double {
        let (s, attos) = d.components
        return (Double(s) * 1e9 + Double(attos) / 1e9) / Double(operations)
    }

    var line: String {
        String(format: "%-52@ median %8.1f ns/op   best %8.1f ns/op   (%d ops × %d rounds)",
               name as NSString, nanosecondsPerOperation(median), nanosecondsPerOperation(best), operations, rounds.count)
    }
}

/// Runs `body` `rounds` times after one warm-up round; `body` returns a checksum so the
/// optimiser cannot drop the work.
func measure(_ name: String, operations: Int, rounds: Int = 5, _ body: () -> Int) -> Measurement {
    var sink = body()
    var times: [Duration] = []
    let clock = ContinuousClock()
    for _ in 0..<rounds {
        let start = clock.now
        sink &+= body()
        times.append(clock.now - start)
    }
    if sink == 42 { print("") } // keeps `sink` alive
    return Measurement(name: name, operations: operations, rounds: times)
}
