import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Logging

/// Issue 23's scheduler figures: `run-due` over an operator's base (`contracts` Livebox contracts imported, as
/// operator-scale seeds them) with nothing due, then with `due` terminations requested on the same day and carried out
/// together on their effective date, on SQLite. Targets: nothing due in < 1 s; ≥ 2 000 obligations/s.
enum RunDueBenchmark {
    static func run(contracts count: Int, due: Int = 10_000) async throws -> [Measurement] {
        var logger = Logger(label: "guichet-bench")
        logger.logLevel = .warning
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await openAppStore(.sqlite(path: dir.appendingPathComponent("due.sqlite").path), logger: logger)
        let services = try await Services.live(store: store, catalogs: OperatorScale.repository("Catalogs"), logger: logger)
        _ = try await OperatorScale.seed(services.importer, from: 0, to: count, dir: dir)
        let clock = ContinuousClock()
        let received = try LocalDate(iso: "2026-03-02"), effective = try LocalDate(iso: "2026-03-12")   // 001 CG 18.1: 10 days
        let now = try Instant(iso: "2026-03-02T12:00:00Z")

        var start = clock.now
        let none = try await AuditContext.$current.withValue(.job("obligations")) { try await services.obligations.runDue(by: nil, on: effective, at: now) }
        let idle = clock.now - start
        guard none.isEmpty else { throw BenchError("obligations due before any was scheduled") }
        print(String(format: "run-due: %d contracts, nothing due: %.1f ms", count, idle.milliseconds))

        // The requests, a page of active contracts at a time (not timed).
        var requested = 0, offset = 0
        while requested < due {
            let page = try await services.contracts.contracts(StateQuery(equal: ["state": "active"], offset: offset, limit: 1_000)).contracts
            if page.isEmpty { break }
            offset += page.count
            for c in page where requested < due {
                _ = try await services.contracts.apply(.requestTermination, to: c.id, on: received, at: now)
                requested += 1
            }
        }
        start = clock.now
        // Audited as `serve`'s scheduler and `guichet run-due` are: each execution writes its audit entry.
        let executed = try await AuditContext.$current.withValue(.job("obligations")) {
            try await services.obligations.runDue(by: nil, on: effective, at: now.adding(seconds: 10 * 86_400))
        }
        let took = clock.now - start
        guard executed.count == requested, executed.allSatisfy({ $0.state == .done }) else {
            throw BenchError("\(executed.count) of \(requested) executed")
        }
        print(String(format: "run-due: %d terminations executed in %.2f s: %.0f obligations/s", requested, took.seconds, Double(requested) / took.seconds))
        try await store.close()
        return [Measurement(name: "run-due, nothing due over \(count) contracts", operations: 1, rounds: [idle]),
                Measurement(name: "run-due, termination on its date", operations: requested, rounds: [took])]
    }
}
