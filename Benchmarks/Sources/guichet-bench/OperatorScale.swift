import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore
import Logging

/// Issue 22's benchmark: an operator's base seeded by the migration import (customers, each with an
/// active Livebox contract and a line, one in five with a second line), then every list and
/// single-resource read, and the two writes, timed over HTTP on the real server. Two databases per engine,
/// one of 1 000 customers (the baseline) and one of `customers`, each served by its own server, and every
/// request sent to each in turn from one client: a pause of the machine (this VM's p99 of 1–3 ms requests moves
/// 2–3× between runs) falls on both figures alike, and their ratio says whether the base's size costs anything.
/// Reads and writes at scale should stay within 1.5× of the baseline. PostgreSQL too when
/// $GUICHET_BENCH_POSTGRES_URL names an empty database (`createdb guichet_bench`) and a second one of the same
/// name ending in `_small` exists (`createdb guichet_bench_small`): the benchmark fills both.
enum OperatorScale {
    static let token = "gt_operator-scale-benchmark-token-0123456789"
    static let small = 1_000

    struct Base {
        let size: Int
        let store: any Store
        let services: Services
        let server: Server
    }

    static func run(customers: Int) async throws -> [Measurement] {
        var results: [Measurement] = []
        var logger = Logger(label: "guichet-bench")
        logger.logLevel = .warning
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var engines: [(String, [DatabaseLocation])] = [("sqlite", ["small", "scale"].map { .sqlite(path: dir.appendingPathComponent("\($0).sqlite").path) })]
        if let url = ProcessInfo.processInfo.environment["GUICHET_BENCH_POSTGRES_URL"], case .postgres(let large) = try DatabaseLocation(parsing: url) {
            let small = try DatabaseLocation(parsing: "postgres://\(large.username)@\(large.host):\(large.port)/\(large.database)_small")
            engines.append(("postgres", [small, .postgres(large)]))
        }
        let importOnly = ProcessInfo.processInfo.environment["GUICHET_BENCH_IMPORT_ONLY"] == "1"
        for (engine, locations) in engines {
            var bases: [Base] = []
            // GUICHET_BENCH_IMPORT_ONLY=1: the large base's import alone (profiling it).
            for (size, location) in zip([min(small, customers), customers], locations) where !importOnly || size == customers {
                let store = try await openAppStore(location, logger: logger)
                let services = try await Services.live(store: store, catalogs: repository("Catalogs"), logger: logger)
                let (took, rows) = try await seed(services.importer, from: 0, to: size, dir: dir)
                print(String(format: "operator-scale %@: seeded %d customers (%d customer, contract and line rows) in %.1f s: %.0f customers/s",
                             engine as NSString, size, rows, took.seconds, Double(size) / took.seconds))
                results.append(Measurement(name: "\(engine): import, customer + contract + line(s)", operations: size, rounds: [took]))
                bases.append(Base(size: size, store: store, services: services, server: try await Server.start(store: store, logger: logger)))
            }
            if bases.count == 2 {
                for (name, b, t) in try await pairs(bases[0], bases[1], engine: engine) {
                    print(String(format: "operator-scale %@: %-40@ p50 %6.2f / %6.2f ms  p99 %6.2f / %6.2f ms at %d / %d: p99 %.2f×", engine as NSString,
                                 name as NSString, b.p50.milliseconds, t.p50.milliseconds, b.p99.milliseconds, t.p99.milliseconds,
                                 bases[0].size, bases[1].size, t.p99.milliseconds / b.p99.milliseconds))
                }
            }
            for b in bases {
                try await b.server.stop()
                try await b.store.close()
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
            // Audited as `guichet import` is: each batch's entry names every stream it wrote.
            let context = AuditContext(actor: "cli:bench", method: "CLI", path: "guichet import \(kind.rawValue) bench.csv")
            let report = try await AuditContext.$current.withValue(context) {
                try await importer.importBody(kind, Array(text.utf8), format: .csv, at: SystemClock.now())
            }
            each.append(String(format: "%@ %.2f s", kind.rawValue as NSString, (clock.now - begun).seconds))
            guard report.errors.isEmpty else { throw BenchError("\(kind): \(report.errors.prefix(3))") }
            rows += report.imported
        }
        print("operator-scale import: " + each.joined(separator: ", "))
        return (clock.now - start, rows)
    }

    /// The requests of one base: its customer in the middle, that customer's contract, its lines.
    static func cases(_ base: Base) async throws -> [(String, String)] {
        let mid = base.size / 2
        let contracts = base.services.contracts
        let customer = try require(try await contracts.customers(StateQuery(equal: ["external_id": "CRM-\(mid)"], limit: 1)).customers.first, "customer CRM-\(mid)")
        let contract = try require(try await contracts.contracts(of: customer.id).first, "its contract")
        return [
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
            ("POST customers", #"{"name":"Nouveau client","kind":"consumer","territory":"GP"}"#),
            ("POST contracts", #"{"customer":"\#(customer.id)","offering":"livebox-essentiel-fibre","orderedOn":"2026-11-02","presentedDocuments":{"identity":"passport","bankDetails":true}}"#),
        ]
    }

    /// p50 and p99 of each request on the baseline and on the large base, sent to each in turn: `rounds` of each read,
    /// 200 of each write.
    static func pairs(_ base: Base, _ large: Base, engine: String, rounds: Int = 1_000)
        async throws -> [(String, (p50: Duration, p99: Duration), (p50: Duration, p99: Duration))] {
        let (a, b) = (try await cases(base), try await cases(large))
        let clients = (try base.server.connect(), try large.server.connect())
        var result: [(String, (p50: Duration, p99: Duration), (p50: Duration, p99: Duration))] = []
        for ((name, left), (_, right)) in zip(a, b) {
            let post = name.hasPrefix("POST ")
            let path = name == "POST customers" ? "/api/v1/customers" : "/api/v1/contracts"
            let times = try await HTTPClient.timeInTurn(clients, rounds: post ? 200 : rounds) { client, first in
                let target = first ? left : right
                if post { try client.request("POST", path, body: target) } else { try client.request("GET", target) }
            }
            result.append((name, times.0, times.1))
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
