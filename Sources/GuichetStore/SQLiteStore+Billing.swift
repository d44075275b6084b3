import Foundation
import GRDB
import GuichetCore

extension SQLiteStore {
    public func saveBillRun(_ r: BillRun) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO bill_runs (id, period, issue_date, started_at, finished_at, accounts, issued, existing, empty, owner, failures)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at, accounts = excluded.accounts, issued = excluded.issued,
                    existing = excluded.existing, empty = excluded.empty, failures = excluded.failures
                """, arguments: [r.id, r.period, r.issueDate.description, r.startedAt.description, r.finishedAt?.description,
                                 r.accounts, r.issued, r.existing, r.empty, r.owner, DraftFailure.text(r.failures)])
            try Self.audit(db, context, at: r.finishedAt ?? r.startedAt, [r.auditLine])
        }
    }

    public func billRuns(latestFirst: Bool, offset: Int, limit: Int?) async throws -> (runs: [BillRun], total: Int) {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM bill_runs") ?? 0
            let order = latestFirst ? "started_at DESC, id DESC" : "started_at, id"
            return (try Self.billRuns(db, "ORDER BY \(order) LIMIT ? OFFSET ?", [limit ?? -1, offset]), total)
        }
    }

    public func billRun(id: String) async throws -> BillRun? {
        try await pool.read { db in try Self.billRuns(db, "WHERE id = ?", [id]).first }
    }

    private static func billRuns(_ db: Database, _ clause: String, _ arguments: StatementArguments) throws -> [BillRun] {
        // What a run issued is counted from its invoices: a run killed between two progress notes still tells the truth.
        try Row.fetchAll(db, sql: "SELECT r.*, (SELECT count(*) FROM invoices i WHERE i.run_id = r.id) AS stored FROM bill_runs r " + clause,
                         arguments: arguments).map { row in
            var r = BillRun(id: row["id"], period: row["period"], issueDate: try LocalDate(iso: row["issue_date"]), startedAt: try Instant(iso: row["started_at"]))
            r.finishedAt = try (row["finished_at"] as String?).map { try Instant(iso: $0) }
            r.accounts = row["accounts"]; r.issued = row["stored"]; r.existing = row["existing"]; r.empty = row["empty"]
            r.owner = row["owner"]; r.status = .of(finished: r.finishedAt != nil, owner: r.owner)
            r.failures = try DraftFailure.decode(row["failures"])
            return r
        }
    }

    public func issue(_ invoices: [PendingInvoice], at: Instant) async throws -> [IssueOutcome] {
        let context = AuditContext.current
        return try await pool.write { db in
            // Prepared once per connection: a bill run issues thousands of these.
            let existing = try db.cachedStatement(sql: "SELECT * FROM invoices WHERE idempotency_key = ?")
            let next = try db.cachedStatement(sql: """
                INSERT INTO invoice_series (series, last_sequence) VALUES (?, 1)
                ON CONFLICT (series) DO UPDATE SET last_sequence = last_sequence + 1 RETURNING last_sequence
                """)
            let insert = try db.cachedStatement(sql: """
                INSERT INTO invoices (id, idempotency_key, number, series, sequence, kind, customer_id, account, period, issue_date,
                    including_tax, run_id, body, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let state = try db.cachedStatement(sql: "INSERT INTO invoice_states (invoice_id, position, state, note, at) VALUES (?, 1, 'issued', NULL, ?)")
            // Bound through the C interface, as `append` binds this statement.
            let notice = try db.cachedStatement(sql: "INSERT INTO events (stream, type, payload, recorded_at) VALUES (?, ?, ?, ?)").sqliteStatement
            let issuedAt = at.description
            var notices: [String] = []
            let outcomes = try invoices.map { p -> IssueOutcome in
                if let row = try Row.fetchOne(existing, arguments: [p.key]) { return .existing(try Self.invoice(row)) }
                let sequence = try Int64.fetchOne(next, arguments: [p.series])!
                let number = InvoiceNumbering.number(series: p.series, sequence: sequence)
                let stored = StoredInvoice(id: p.id, number: number, series: p.series, sequence: sequence, kind: p.kind, customerID: p.customerID,
                                           account: p.account, period: p.period, issueDate: p.issueDate, includingTax: p.totals.includingTax,
                                           runID: p.runID, body: try p.render(number), issuedAt: at)
                try insert.execute(arguments: [stored.id, p.key, number, p.series, sequence, p.kind.rawValue, p.customerID, p.account, p.period,
                                               p.issueDate.description, stored.includingTax.units, p.runID, stored.body, issuedAt])
                try state.execute(arguments: [stored.id, issuedAt])
                if let n = try p.notice?(number) {
                    for e in n.events {
                        Self.bind(notice, 1, e.stream); Self.bind(notice, 2, e.type); Self.bind(notice, 3, e.payload); Self.bind(notice, 4, e.recordedAt.description)
                        try Self.step(db, notice)
                        notices.append("\(e.stream)#\(db.lastInsertedRowID) \(e.type)")
                    }
                    if !n.rows.isEmpty { try Self.write(db, n.rows) }
                }
                return .issued(stored)
            }
            try Self.audit(db, context, at: at, outcomes.compactMap(\.auditLine) + notices)
            return outcomes
        }
    }

    static func invoice(_ row: Row) throws -> StoredInvoice {
        StoredInvoice(id: row["id"], number: row["number"], series: row["series"], sequence: row["sequence"],
                      kind: Invoice.Kind(rawValue: row["kind"]) ?? .invoice, customerID: row["customer_id"], account: row["account"],
                      period: row["period"], issueDate: try LocalDate(iso: row["issue_date"]), includingTax: Money(units: row["including_tax"]),
                      runID: row["run_id"], body: row["body"], issuedAt: try Instant(iso: row["issued_at"]))
    }

    public func unsettledInvoices(issuedBefore day: LocalDate) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT invoice_id FROM unsettled_invoices WHERE issue_date < ? ORDER BY issue_date, invoice_id",
                                arguments: [day.description])
        }
    }

    public func invoice(id: String) async throws -> StoredInvoice? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM invoices WHERE id = ?", arguments: [id]).map(Self.invoice) }
    }

    public func issuedKeys(_ keys: [String]) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try await pool.read { db in
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            return Set(try String.fetchAll(db, sql: "SELECT idempotency_key FROM invoices WHERE idempotency_key IN (\(marks))", arguments: StatementArguments(keys)))
        }
    }

    public func invoices(customerID: String?, period: String?) async throws -> [StoredInvoice] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM invoices WHERE (?1 IS NULL OR customer_id = ?1) AND (?2 IS NULL OR period = ?2) ORDER BY series, sequence
                """, arguments: [customerID, period]).map(Self.invoice)
        }
    }

    public func invoiceCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM invoices") ?? 0 }
    }

    public func series() async throws -> [String: Int64] {
        try await pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT series, last_sequence FROM invoice_series").map { ($0["series"], $0["last_sequence"]) })
        }
    }

    public func appendState(invoiceID: String, state: InvoiceState, note: String?, at: Instant) async throws {
        let context = AuditContext.current
        try await pool.write { db in
            let before = try String.fetchOne(db, sql: "SELECT state FROM invoice_states WHERE invoice_id = ? ORDER BY position DESC LIMIT 1",
                                             arguments: [invoiceID])
            try db.execute(sql: """
                INSERT INTO invoice_states (invoice_id, position, state, note, at)
                SELECT ?1, COALESCE(MAX(position), 0) + 1, ?2, ?3, ?4 FROM invoice_states WHERE invoice_id = ?1
                """, arguments: [invoiceID, state.rawValue, note, at.description])
            try Self.audit(db, context, at: at, [InvoiceStateChange.auditLine(invoiceID, state.rawValue, note)],
                           before: before.map { [InvoiceStateChange.auditLine(invoiceID, $0, nil)] })
        }
    }

    public func states(invoiceID: String) async throws -> [InvoiceStateChange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT state, note, at FROM invoice_states WHERE invoice_id = ? ORDER BY position", arguments: [invoiceID]).map {
                InvoiceStateChange(state: InvoiceState(rawValue: $0["state"]) ?? .issued, note: $0["note"], at: try Instant(iso: $0["at"]))
            }
        }
    }

    public func recordPayment(_ p: StoredPayment) async throws -> Bool {
        let context = AuditContext.current
        return try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO payments (id, account, method, amount, received_on, reference, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """, arguments: [p.id, p.account, p.method.rawValue, p.amount.units, p.receivedOn.description, p.reference, p.recordedAt.description])
            guard db.changesCount == 1 else { return false }
            for a in p.allocations {
                try db.execute(sql: "INSERT INTO payment_allocations (payment_id, invoice_id, amount) VALUES (?, ?, ?)",
                               arguments: [p.id, a.invoiceID, a.amount.units])
            }
            try Self.audit(db, context, at: p.recordedAt, [p.auditLine])
            return true
        }
    }

    public func payments(account: String) async throws -> [StoredPayment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM payments WHERE account = ? ORDER BY received_on, id", arguments: [account]).map { row in
                let id: String = row["id"]
                let allocations = try Row.fetchAll(db, sql: "SELECT invoice_id, amount FROM payment_allocations WHERE payment_id = ? ORDER BY invoice_id",
                                                   arguments: [id]).map { StoredPayment.Allocation(invoiceID: $0["invoice_id"], amount: Money(units: $0["amount"])) }
                return StoredPayment(id: id, account: row["account"], method: StoredPayment.Method(rawValue: row["method"]) ?? .transfer,
                                     amount: Money(units: row["amount"]), receivedOn: try LocalDate(iso: row["received_on"]), reference: row["reference"],
                                     allocations: allocations, recordedAt: try Instant(iso: row["recorded_at"]))
            }
        }
    }
}
