import Foundation
import GRDB
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore

/// A bill run over `accounts` accounts of 3 recurring lines and 50 usage aggregates each: charge
/// rules → invoice (totals, legal mentions) → JSON body → numbered and written by the store in
/// batches of 200 (`InvoiceBatches`, as `BillingService.run`: a batch is written while the next
/// is built), each with the e-mail saying it is available queued in its transaction (001 CG 10.1). Baselines, same run:
/// the same run without the e-mails, and the bare cost of inserting the same invoice rows (bodies prepared outside the
/// clock) into the same table.
enum BillRunBenchmark {
    static let batch = 200

    static func run(accounts: Int) async throws -> [Measurement] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let zones = try ReferenceData.taxZones()
        let seller = try ReferenceData.seller()
        let period = try BillingPeriod("2026-05")
        let issued = period.next

        let probe = ContinuousClock()
        var t0 = probe.now
        let sample = try (0..<1_000).map { try Self.invoice($0, period: period, issued: issued, seller: seller, zones: zones) }
        let building = probe.now - t0
        t0 = probe.now
        let bytes = sample.reduce(0) { $0 + InvoiceJSON.encode($1).utf8.count }
        print("bill run: per account, charge rules and invoice \(building / 1_000), JSON body \((probe.now - t0) / 1_000) (\(bytes / 1_000) bytes)")
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        let silent = try await issue(accounts: accounts, notices: false, path: dir.appendingPathComponent("silent.sqlite").path, period: period,
                                     issued: issued, seller: seller, zones: zones)
        let ours = try await issue(accounts: accounts, notices: true, path: dir.appendingPathComponent("bill.sqlite").path, period: period, issued: issued,
                                   seller: seller, zones: zones)
        let baseline = try bareInsert(accounts: accounts, path: dir.appendingPathComponent("bare.sqlite").path, period: period, issued: issued,
                                      seller: seller, zones: zones)
        return [ours, silent, baseline]
    }

    /// The run itself, into a new base: each account's invoice with its notice to a contact address, or none.
    static func issue(accounts: Int, notices: Bool, path: String, period: BillingPeriod, issued: LocalDate, seller: Seller,
                      zones: [String: TaxZone]) async throws -> Measurement {
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let clock = ContinuousClock()
        let start = clock.now
        let now = SystemClock.now()
        var batches = InvoiceBatches(store: store, size: batch, at: now)
        var total = Money.zero
        for start in stride(from: 0, to: accounts, by: batch) {
            // As BillingService.run: a batch of accounts drafted on every core, issued in order.
            let prepared = try await Array(start..<min(start + batch, accounts)).concurrentMap { i in
                let invoice = try Self.invoice(i, period: period, issued: issued, seller: seller, zones: zones)
                return PreparedInvoice(invoice, notice: notices ? try BillingService.availableNotice(invoice, to: ["client\(i)@example.fr"], at: now) : nil)
            }
            for p in prepared {
                total += p.invoice.totals.includingTax
                try await batches.add(p, runID: "run_bench")
            }
        }
        try await batches.finish()
        let m = Measurement(name: notices ? "bill run: rules → invoice → numbered, stored, e-mail queued" : "bill run baseline: the same without the e-mails",
                            operations: accounts, rounds: [clock.now - start])
        let rss = RatingEndToEnd.peakRSSMegabytes()
        let count = try await store.invoiceCount()
        let series = try await store.series()
        try await store.close()
        print(String(format: "bill run%@: %d invoices (series %@), %.0f accounts/s, TTC total %@; peak RSS %d MB", notices ? "" : " without e-mails",
                     count, "\(series)" as NSString, Double(accounts) / m.seconds, total.description as NSString, rss))
        return m
    }

    /// The same rows written with plain INSERTs in transactions of `batch`; only the inserts are timed.
    static func bareInsert(accounts: Int, path: String, period: BillingPeriod, issued: LocalDate, seller: Seller,
                           zones: [String: TaxZone]) throws -> Measurement {
        let db = try DatabaseQueue(path: path)
        try db.write { db in
            try db.execute(sql: """
                CREATE TABLE invoices (
                    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, number TEXT NOT NULL UNIQUE, series TEXT NOT NULL,
                    sequence BIGINT NOT NULL, kind TEXT NOT NULL, customer_id TEXT NOT NULL, account TEXT NOT NULL, period TEXT,
                    issue_date TEXT NOT NULL, including_tax BIGINT NOT NULL, run_id TEXT, body TEXT NOT NULL, issued_at TEXT NOT NULL,
                    UNIQUE (series, sequence));
                CREATE INDEX invoices_by_customer ON invoices(customer_id, issue_date);
                CREATE INDEX invoices_by_period ON invoices(period);
                """)
        }
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var rows: [[DatabaseValueConvertible?]] = []
        let now = SystemClock.now().description
        for i in 0..<accounts {
            let invoice = try Self.invoice(i, period: period, issued: issued, seller: seller, zones: zones)
            let number = InvoiceNumbering.number(series: "FA2026", sequence: Int64(i + 1))
            rows.append([invoice.id, "\(invoice.buyer.account)|\(period)", number, "FA2026", i + 1, "invoice", invoice.buyer.customerID,
                         invoice.buyer.account, period.description, issued.description, invoice.totals.includingTax.units, "run_bench",
                         InvoiceJSON.encode(invoice.numbered(number)), now])
            if rows.count == batch || i == accounts - 1 {
                let start = clock.now
                try db.write { db in
                    let insert = try db.cachedStatement(sql: "INSERT INTO invoices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    for r in rows { try insert.execute(arguments: StatementArguments(r)) }
                }
                elapsed += clock.now - start
                rows.removeAll(keepingCapacity: true)
            }
        }
        return Measurement(name: "bill run baseline: bare INSERT of the same rows", operations: accounts, rounds: [elapsed])
    }

    /// Account `i`: a Livebox-like customer alternately in Martinique (DOM1) and Guyane (DOM2),
    /// three monthly fees (one activated mid-month) and 50 destination groups of usage.
    static func invoice(_ i: Int, period: BillingPeriod, issued: LocalDate, seller: Seller, zones: [String: TaxZone]) throws -> Invoice {
        let territory = i % 2 == 0 ? "MQ" : "GF"
        let quote = { (id: String, amount: Int64) in
            PriceQuote(priceID: id, version: "2024-01-01", amount: Money(cents: amount), taxIncluded: true, on: period.first, source: "001 Annexe 2")
        }
        let subscriptions = [
            BillableSubscription(contractID: "c\(i)a", label: "Livebox Infini Fibre", family: .livebox, monthly: quote("infini", 6_490), activatedOn: period.first.adding(days: -40)),
            BillableSubscription(contractID: "c\(i)b", label: "Option TV", family: .livebox, monthly: quote("tv", 500), activatedOn: period.first.adding(days: i % 28)),
            BillableSubscription(contractID: "c\(i)c", label: "Ligne fixe", family: .livebox, monthly: quote("fixe", 750), activatedOn: period.first.adding(days: -400)),
        ]
        let usage = (0..<50).map { g in
            UsageAggregate(group: "A4-G\(g)", name: "Destination \(g)", count: 1 + (i + g) % 7, quantity: 60 * (1 + g), amount: Money(units: Int64(1_000 + (i * 37 + g * 113) % 90_000)),
                           taxIncluded: true, source: "001 Annexe 4")
        }
        let lines = try ChargeRules.lines(period: period, subscriptions: subscriptions, charges: [], usage: usage)
        let number = String(format: "%09d", i + 1)
        let buyer = BilledParty(customerID: "cus_\(number)", customerNumber: number, account: "ba_\(number)", name: "Client \(i)", kind: .consumer,
                                address: Address(line1: "\(i) rue de la Plage", postcode: "97200", city: "Fort-de-France", territory: territory))
        return Invoice(id: "inv_\(period)_\(number)", kind: .invoice, number: "", issueDate: issued, period: period, seller: seller, buyer: buyer,
                       lines: lines, zone: zones[territory == "MQ" ? "DOM1" : "DOM2"]!)
    }
}
