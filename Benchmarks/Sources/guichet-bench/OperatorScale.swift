import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore
import Logging

/// Issue 22's benchmark: an operator's base seeded by the migration import (customers, each with an
/// active Livebox contract and a line, one in five with a second line), then every list and
/// single-resource read, and the two writes, timed over HTTP on the real server — at 1 000 customers
/// and again at `customers`. The 1 000 figure is the baseline of the same run: reads and writes at
/// scale should stay within 1.5× of it. PostgreSQL too when $GUICHET_BENCH_POSTGRES_URL names an empty
/// database (`createdb guichet_bench`), which the benchmark fills.
enum OperatorScale {
    static let token = "gt_operator-scale-benchmark-token-0123456789"
    static let small = 1_000

    static func run(customers: Int) async throws -> [Measurement] {
        var results: [Measurement] = []
        var logger = Logger(label: "guichet-bench")
        logger.logLevel = .warning
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var engines: [(String, DatabaseLocation)] = [("sqlite", .sqlite(path: dir.appendingPathComponent("scale.sqlite").path))]
        if let url = ProcessInfo.processInfo.environment["GUICHET_BENCH_POSTGRES_URL"] { engines.append(("postgres", try DatabaseLocation(parsing: url))) }
        for (engine, location) in engines {
            let store = try await openAppStore(location, logger: logger)
            let services = try await Services.live(store: store, catalogs: repository("Catalogs"), logger: logger)
            let contracts = services.contracts, importer = services.importer
            let server = try await Server.start(store: store, logger: logger)
            var figures: [Int: [String: (p50: Duration, p99: Duration)]] = [:]
            var seeded = 0
            for target in [min(small, customers), customers] where target > seeded {
                let (took, rows) = try await seed(importer, from: seeded, to: target, dir: dir)
                print(String(format: "operator-scale %@: seeded %d → %d customers (%d customer, contract and line rows) in %.1f s: %.0f customers/s",
                             engine as NSString, seeded, target, rows, took.seconds, Double(target - seeded) / took.seconds))
                results.append(Measurement(name: "\(engine): import, customer + contract + line(s)", operations: target - seeded, rounds: [took]))
                seeded = target
                // GUICHET_BENCH_IMPORT_ONLY=1: the import's figures alone (profiling it).
                if ProcessInfo.processInfo.environment["GUICHET_BENCH_IMPORT_ONLY"] == "1" { continue }
                figures[target] = try await reads(server, at: target, contracts: contracts, engine: engine)
            }
            try await server.stop()
            try await store.close()
            if let base = figures[min(small, customers)], let top = figures[customers], customers > small {
                for name in base.keys.sorted() {
                    guard let b = base[name], let t = top[name] else { continue }
                    print(String(format: "operator-scale %@: %-44@ p99 %6.2f ms at %d, %6.2f ms at %d: %.2f×", engine as NSString, name as NSString,
                                 b.p99.milliseconds, small, t.p99.milliseconds, customers, t.p99.milliseconds / b.p99.milliseconds))
                }
            }
        }
        return results
    }

    /// Imports customers `from`..<`to` with their contracts and lines, as an operator's files would hold them.
    static func seed(_ importer: BaseImport, from: Int, to: Int, dir: URL) async throws -> (Duration, Int) {
        var customers = "externalId,name,kind,territory\n", contracts = "externalId,customer,offering,orderedOn,state,activatedOn,changedOn\n"
        var lines = "number,contract\n"
        for i in from..<to {
            customers += "CRM-\(i),Client \(i) Famille\(i % 977),consumer,\(i % 10 == 0 ? "MQ" : "GP")\n"
            contracts += "K-\(i),CRM-\(i),livebox-essentiel-fibre,2025-01-10,\(i % 20 == 0 ? "suspended,2025-01-20,2025-06-01" : "active,2025-01-20,")\n"
            lines += "0590\(100_000 + i),K-\(i)\n"
            if i % 5 == 0 { lines += "0590\(300_000 + i),K-\(i)\n" }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var rows = 0
        var each: [String] = []
        for (kind, text) in [(BaseImport.Kind.customers, customers), (.contracts, contracts), (.lines, lines)] {
            let begun = clock.now
            let report = try await importer.importBody(kind, Array(text.utf8), format: .csv, at: SystemClock.now())
            each.append(String(format: "%@ %.2f s", kind.rawValue as NSString, (clock.now - begun).seconds))
            guard report.errors.isEmpty else { throw BenchError("\(kind): \(report.errors.prefix(3))") }
            rows += report.imported
        }
        print("operator-scale import: " + each.joined(separator: ", "))
        return (clock.now - start, rows)
    }

    /// p50 and p99 of each read (and of the two writes) over `rounds` requests.
    static func reads(_ server: Server, at n: Int, contracts: ContractService, engine: String, rounds: Int = 500) async throws -> [String: (p50: Duration, p99: Duration)] {
        let mid = n / 2
        let customer = try require(try await contracts.customers(StateQuery(equal: ["external_id": "CRM-\(mid)"], limit: 1)).customers.first, "customer CRM-\(mid)")
        let contract = try require(try await contracts.contracts(of: customer.id).first, "its contract")
        let cases: [(String, String)] = [
            ("GET customers?limit=10", "/api/v1/customers?limit=10"),
            ("GET customers?territory=MQ&offset=50", "/api/v1/customers?territory=MQ&offset=50&limit=10"),
            ("GET customers?customerNumber=", "/api/v1/customers?customerNumber=\(customer.customerNumber)"),
            ("GET customers/{id}", "/api/v1/customers/\(customer.id)"),
            ("GET contracts?limit=10", "/api/v1/contracts?limit=10"),
            ("GET contracts?state=suspended", "/api/v1/contracts?state=suspended&limit=10"),
            ("GET contracts?customerId=", "/api/v1/contracts?customerId=\(customer.id)"),
            ("GET contracts/{id}", "/api/v1/contracts/\(contract.id)"),
            ("GET TMF637 product?limit=10", "/tmf-api/productInventory/v5/product?limit=10"),
            ("GET TMF637 product/{id}", "/tmf-api/productInventory/v5/product/\(contract.id)"),
            ("GET lines?limit=10", "/api/v1/lines?limit=10"),
            ("GET lines?contractId=", "/api/v1/lines?contractId=\(contract.id)"),
            ("GET lines/{number}", "/api/v1/lines/%2B590590\(100_000 + mid)"),
            ("GET audit-log?limit=10", "/api/v1/audit-log?limit=10"),
            ("GET customers?q= (text search)", "/api/v1/customers?q=famille\(mid % 977)x&limit=10"),
        ]
        var result: [String: (p50: Duration, p99: Duration)] = [:]
        let client = try server.connect()
        for (name, path) in cases {
            let times = try await client.time(rounds: rounds) { c in try c.request("GET", path) }
            result[name] = times
            print(String(format: "operator-scale %@ at %7d: %-40@ p50 %6.2f ms  p99 %6.2f ms", engine as NSString, n, name as NSString,
                         times.p50.milliseconds, times.p99.milliseconds))
        }
        let customerBody = #"{"name":"Nouveau client","kind":"consumer","territory":"GP"}"#
        let created = try await client.time(rounds: 100) { c in try c.request("POST", "/api/v1/customers", body: customerBody) }
        result["POST customers"] = created
        let orderBody = #"{"customer":"\#(customer.id)","offering":"livebox-essentiel-fibre","orderedOn":"2026-11-02"}"#
        let ordered = try await client.time(rounds: 100) { c in try c.request("POST", "/api/v1/contracts", body: orderBody) }
        result["POST contracts"] = ordered
        for (name, t) in [("POST customers", created), ("POST contracts", ordered)] {
            print(String(format: "operator-scale %@ at %7d: %-40@ p50 %6.2f ms  p99 %6.2f ms", engine as NSString, n, name as NSString,
                         t.p50.milliseconds, t.p99.milliseconds))
        }
        return result
    }

    static func repository(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(relative).path
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

func require<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw BenchError("missing \(what)") }
    return value
}

extension Duration {
    var seconds: Double { let (s, a) = components; return Double(s) + Double(a) / 1e18 }
    var milliseconds: Double { seconds * 1_000 }
}
