import Foundation
import GuichetCore
import GuichetServer
@testable import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
import GuichetApp
#endif

/// Issue 21, the probe's findings on robustness (docs/security.md): F2 unbounded quantities,
/// F11 silent connections, F13 a full disk, F14 bill runs that tell the truth.
@Suite struct SecurityOperationsTests {
    typealias Routes = BillingRoutesTests

    /// F2: a quantity beyond D-SEC-8's bound is refused where it enters, through every door.
    @Test(arguments: ["9223372036854775807", "10001", "0", "-1"])
    func anUnboundedQuantityIsRefusedWhereItEnters(quantity: String) async throws {
        try await TestApp.run { client, _ in
            let cus = try await Routes.create(client, "/api/v1/customers", #"{"name":"SARL","kind":"business","territory":"FR"}"#)
            let order = try await Routes.post(client, "/api/v1/contracts",
                                              #"{"customer":"\#(cus)","offering":"wte-pack-calling","quantity":\#(quantity),"engagementMonths":36,"orderedOn":"2026-05-02"}"#)
            #expect(order.status == .badRequest, "\(order.text)")
            let tmf = try await Routes.post(client, "/tmf-api/productOrderingManagement/v5/productOrder", """
                {"orderDate":"2026-01-05","relatedParty":[{"id":"\(cus)","role":"customer"}],
                 "productOrderItem":[{"id":"1","action":"add","quantity":\(quantity),"productOffering":{"id":"wte-pack-calling"},
                                      "itemTerm":[{"duration":{"amount":36,"units":"month"}}]}]}
                """)
            #expect(tmf.status == .badRequest, "\(tmf.text)")
            let charge = try await Routes.post(client, "/api/v1/customers/\(cus)/charges",
                                               #"{"label":"Frais","unitPrice":"1.00","taxIncluded":true,"source":"D-SEC-8 test charge","on":"2026-05-04","quantity":\#(quantity)}"#)
            #expect(charge.status == .badRequest, "\(charge.text)")
        }
    }

    /// F2: the portal's order form too.
    @Test func thePortalRefusesAHugeQuantity() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            let claire = try await PortalSession.open(client, "claire")
            let r = try await claire.post(client, "/espace-entreprise/commandes", ["offering": "wte-pack-calling", "quantity": "9223372036854775807"])
            #expect(r.status == .badRequest)
        }
    }

    /// F2: an amount beyond what Guichet bills fails that account's invoice, named with why; the
    /// other accounts are billed and the server goes on.
    @Test func anAmountTooLargeToBillFailsOneAccountNotTheServer() async throws {
        try await TestApp.run { client, _ in
            let huge = try await Routes.create(client, "/api/v1/customers", #"{"name":"Démesure","kind":"business","territory":"FR"}"#)
            let fine = try await Routes.create(client, "/api/v1/customers", #"{"name":"Mesure","kind":"business","territory":"FR"}"#)
            for (cus, price) in [(huge, "99999999999999.9999"), (fine, "12.50")] {
                let r = try await Routes.post(client, "/api/v1/customers/\(cus)/charges",
                                              #"{"label":"Frais","unitPrice":"\#(price)","taxIncluded":true,"source":"D-SEC-8 test charge","on":"2026-05-04","quantity":10000}"#)
                #expect(r.status == .created, "\(r.text)")
            }
            struct Report: Decodable {
                struct Failure: Decodable { let customerID: String; let reason: String }
                struct Draft: Decodable { struct Buyer: Decodable { let customerID: String }; let buyer: Buyer }
                struct Run: Decodable { let failures: [Failure] }
                let run: Run; let drafts: [Draft]
            }
            let dry = try await Routes.post(client, "/api/v1/bill-runs", #"{"period":"2026-05","dryRun":true}"#)
            let report = try dry.json(Report.self)
            #expect(report.run.failures.map(\.customerID) == [huge] && report.run.failures[0].reason.contains("beyond the largest amount"))
            #expect(report.drafts.map(\.buyer.customerID) == [fine])
            let run = try await Routes.create(client, "/api/v1/bill-runs", #"{"period":"2026-05"}"#)
            struct Run: Decodable { let status: String; let issued: Int; let failures: [Report.Failure] }
            var state = Run(status: "running", issued: 0, failures: [])
            for _ in 0..<200 where state.status == "running" {
                try await Task.sleep(for: .milliseconds(20))
                state = try await client.execute(uri: "/api/v1/bill-runs/\(run)", method: .get).json(Run.self)
            }
            #expect(state.status == "finished" && state.issued == 1)
            // The run started through the API keeps the account it could not bill, for staff to follow it.
            #expect(state.failures.map(\.customerID) == [huge])
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    /// F14: a dry run of a period already billed finds its invoices existing, and drafts none again.
    @Test func aDryRunOfABilledPeriodCountsItsInvoicesAsExisting() async throws {
        try await TestApp.run(demo: true) { client, _ in
            struct Report: Decodable { struct Run: Decodable { let existing: Int; let issued: Int }; let run: Run; let drafts: [Invoice] }
            struct Invoice: Decodable {}
            struct Listed: Decodable { let issued: Int; let period: String }
            let runs = try await client.execute(uri: "/api/v1/bill-runs", method: .get).json([Listed].self)
            let billed = try #require(runs.first)
            #expect(billed.issued > 0)
            let dry = try await Routes.post(client, "/api/v1/bill-runs", #"{"period":"\#(billed.period)","dryRun":true}"#).json(Report.self)
            #expect(dry.run.existing == billed.issued && dry.run.issued == 0 && dry.drafts.isEmpty)
        }
    }

    /// F13: a full disk answers 507 naming it, stores nothing half, and `/ready` reports not ready.
    @Test func aFullDiskAnswers507AndReadyStopsSayingReady() async throws {
        try await TestApp.run { client, store in
            let sqlite = try #require(store as? SQLiteStore)
            try await sqlite.pool.write { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
            var statuses: [Int] = []
            let note = String(repeating: "x", count: 4000)
            for n in 0..<200 {
                let r = try await Routes.post(client, "/api/v1/customers", #"{"name":"Client \#(n) \#(note)","kind":"consumer","territory":"GP"}"#)
                statuses.append(Int(r.status.code))
                if r.status.code == 507 {
                    let error = try r.json(TMFErrorBody.self)
                    #expect(error.code == "storageFull" && error.reason.contains("storage is full"))
                    break
                }
            }
            #expect(statuses.last == 507 && !statuses.contains(500), "\(statuses)")
            let ready = try await client.execute(uri: "/ready", method: .get)
            let why = try ready.json(TMFErrorBody.self)
            #expect(ready.status == .serviceUnavailable && why.code == "storageFull")
        }
    }

    /// F11: a connection that does not finish its request head in time is closed by the server.
    @Test func aSilentConnectionIsClosed() async throws {
        try await TestApp.run(live: true, idleTimeout: .seconds(1)) { client, _ in
            let port = try #require(client.port)
            let fd = try #require(Loopback.connected(port))
            defer { close(fd) }
            let partial = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            _ = partial.withCString { send(fd, $0, strlen($0), 0) }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let start = ContinuousClock.now
            var buffer = [UInt8](repeating: 0, count: 512)
            let read = recv(fd, &buffer, buffer.count, 0)
            // Closed (0, or a reset) well before the 5 s this side waits.
            #expect(read <= 0 && ContinuousClock.now - start < .seconds(4), "read \(read)")
        }
    }
}
