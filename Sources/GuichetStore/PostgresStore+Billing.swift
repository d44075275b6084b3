import GuichetCore
import PostgresNIO

extension PostgresStore {
    public func saveBillRun(_ r: BillRun) async throws {
        let context = AuditContext.current
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                try await conn.query("""
                    INSERT INTO bill_runs (id, period, issue_date, started_at, finished_at, accounts, issued, existing, empty, owner, failures)
                    VALUES (\(r.id), \(r.period), \(r.issueDate.description), \(r.startedAt.description), \(r.finishedAt?.description),
                        \(r.accounts), \(r.issued), \(r.existing), \(r.empty), \(r.owner), \(DraftFailure.text(r.failures)))
                    ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at, accounts = excluded.accounts, issued = excluded.issued,
                        existing = excluded.existing, empty = excluded.empty, failures = excluded.failures
                    """, logger: self.logger)
                try await self.audit(conn, context, at: r.finishedAt ?? r.startedAt, [r.auditLine])
            }
        }
    }

    public func unsettledInvoices(issuedBefore day: LocalDate) async throws -> [String] {
        try await run {
            let rows = try await self.client.query("""
                SELECT invoice_id FROM unsettled_invoices WHERE issue_date < \(day.description) ORDER BY issue_date, invoice_id
                """, logger: self.logger)
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    public func billRuns(latestFirst: Bool, offset: Int, limit: Int?) async throws -> (runs: [BillRun], total: Int) {
        try await run {
            let total = try await self.client.query("SELECT count(*)::BIGINT FROM bill_runs", logger: self.logger).collect().first?.decode(Int.self) ?? 0
            let order = latestFirst ? "started_at DESC, id DESC" : "started_at, id"
            var query = PostgresQuery(unsafeSQL: Self.billRunSelect + " ORDER BY \(order) LIMIT $1 OFFSET $2")
            query.binds.append(limit)
            query.binds.append(offset)
            return (try await Self.billRuns(try await self.client.query(query, logger: self.logger)), total)
        }
    }

    public func billRun(id: String) async throws -> BillRun? {
        try await run {
            var query = PostgresQuery(unsafeSQL: Self.billRunSelect + " WHERE id = $1")
            query.binds.append(id)
            return try await Self.billRuns(try await self.client.query(query, logger: self.logger)).first
        }
    }

    /// What a run issued is counted from its invoices: a run killed between two progress notes still tells the truth.
    private static let billRunSelect = """
        SELECT id, period, issue_date, started_at, finished_at, accounts,
            (SELECT count(*)::BIGINT FROM invoices i WHERE i.run_id = r.id) AS stored, existing, empty, owner, failures
        FROM bill_runs r
        """

    private static func billRuns(_ rows: PostgresRowSequence) async throws -> [BillRun] {
        var result: [BillRun] = []
        for try await (id, period, issue, started, finished, accounts, issued, existing, empty, owner, failures)
            in rows.decode((String, String, String, String, String?, Int, Int, Int, Int, String?, String?).self) {
            var r = BillRun(id: id, period: period, issueDate: try LocalDate(iso: issue), startedAt: try Instant(iso: started), owner: owner)
            r.finishedAt = try finished.map { try Instant(iso: $0) }
            r.accounts = accounts; r.issued = issued; r.existing = existing; r.empty = empty
            r.status = .of(finished: r.finishedAt != nil, owner: owner)
            r.failures = try DraftFailure.decode(failures)
            result.append(r)
        }
        return result
    }

    static let invoiceColumns = "id, number, series, sequence, kind, customer_id, account, period, issue_date, including_tax, run_id, body, issued_at"

    private static func invoices(_ rows: PostgresRowSequence) async throws -> [StoredInvoice] {
        var result: [StoredInvoice] = []
        for try await (id, number, series, sequence, kind, customer, account, period, issue, ttc, runID, body, issued)
            in rows.decode((String, String, String, Int64, String, String, String, String?, String, Int64, String?, String, String).self) {
            result.append(StoredInvoice(id: id, number: number, series: series, sequence: sequence, kind: Invoice.Kind(rawValue: kind) ?? .invoice,
                                        customerID: customer, account: account, period: period, issueDate: try LocalDate(iso: issue),
                                        includingTax: Money(units: ttc), runID: runID, body: body, issuedAt: try Instant(iso: issued)))
        }
        return result
    }

    public func issue(_ invoices: [PendingInvoice], at: Instant) async throws -> [IssueOutcome] {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                var outcomes: [IssueOutcome] = []
                var notices: [String] = []
                for p in invoices {
                    let found = try await Self.invoices(try await conn.query(
                        "SELECT \(unescaped: Self.invoiceColumns) FROM invoices WHERE idempotency_key = \(p.key)", logger: self.logger))
                    if let existing = found.first { outcomes.append(.existing(existing)); continue }
                    // The series row stays locked until commit: concurrent runs take numbers one after the other,
                    // and a rolled-back transaction gives its numbers back.
                    var sequence: Int64 = 0
                    for try await n in try await conn.query("""
                        INSERT INTO invoice_series (series, last_sequence) VALUES (\(p.series), 1)
                        ON CONFLICT (series) DO UPDATE SET last_sequence = invoice_series.last_sequence + 1 RETURNING last_sequence
                        """, logger: self.logger).decode(Int64.self) { sequence = n }
                    let number = InvoiceNumbering.number(series: p.series, sequence: sequence)
                    let stored = StoredInvoice(id: p.id, number: number, series: p.series, sequence: sequence, kind: p.kind, customerID: p.customerID,
                                               account: p.account, period: p.period, issueDate: p.issueDate, includingTax: p.totals.includingTax,
                                               runID: p.runID, body: try p.render(number), issuedAt: at)
                    try await conn.query("""
                        INSERT INTO invoices (id, idempotency_key, number, series, sequence, kind, customer_id, account, period, issue_date,
                            including_tax, run_id, body, issued_at)
                        VALUES (\(stored.id), \(p.key), \(number), \(p.series), \(sequence), \(p.kind.rawValue), \(p.customerID), \(p.account),
                            \(p.period), \(p.issueDate.description), \(stored.includingTax.units), \(p.runID), \(stored.body), \(at.description))
                        """, logger: self.logger)
                    try await conn.query("""
                        INSERT INTO invoice_states (invoice_id, position, state, note, at) VALUES (\(stored.id), 1, 'issued', NULL, \(at.description))
                        """, logger: self.logger)
                    if let n = try p.notice?(number) {
                        for e in n.events {
                            for try await sequence in try await conn.query("""
                                INSERT INTO events (stream, type, payload, recorded_at)
                                VALUES (\(e.stream), \(e.type), \(e.payload), \(e.recordedAt.description)) RETURNING sequence
                                """, logger: self.logger).decode(Int64.self) { notices.append("\(e.stream)#\(sequence) \(e.type)") }
                        }
                        if !n.rows.isEmpty { try await self.write(conn, n.rows) }
                    }
                    outcomes.append(.issued(stored))
                }
                try await self.audit(conn, context, at: at, outcomes.compactMap(\.auditLine) + notices)
                return outcomes
            }
        }
    }

    public func invoice(id: String) async throws -> StoredInvoice? {
        try await run {
            try await Self.invoices(try await self.client.query("SELECT \(unescaped: Self.invoiceColumns) FROM invoices WHERE id = \(id)", logger: self.logger)).first
        }
    }

    public func issuedKeys(_ keys: [String]) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try await run {
            var found: Set<String> = []
            for try await key in try await self.client.query("SELECT idempotency_key FROM invoices WHERE idempotency_key = ANY(\(keys))", logger: self.logger)
                .decode(String.self) { found.insert(key) }
            return found
        }
    }

    public func invoices(customerID: String?, period: String?) async throws -> [StoredInvoice] {
        try await run {
            try await Self.invoices(try await self.client.query("""
                SELECT \(unescaped: Self.invoiceColumns) FROM invoices
                WHERE (\(customerID)::text IS NULL OR customer_id = \(customerID)) AND (\(period)::text IS NULL OR period = \(period))
                ORDER BY series, sequence
                """, logger: self.logger))
        }
    }

    public func invoiceCount() async throws -> Int {
        try await run {
            for try await n in try await self.client.query("SELECT count(*) FROM invoices", logger: self.logger).decode(Int.self) { return n }
            return 0
        }
    }

    public func series() async throws -> [String: Int64] {
        try await run {
            var result: [String: Int64] = [:]
            for try await (s, n) in try await self.client.query("SELECT series, last_sequence FROM invoice_series", logger: self.logger).decode((String, Int64).self) {
                result[s] = n
            }
            return result
        }
    }

    public func appendState(invoiceID: String, state: InvoiceState, note: String?, at: Instant) async throws {
        let context = AuditContext.current
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                var before: String?
                for try await s in try await conn.query(
                    "SELECT state FROM invoice_states WHERE invoice_id = \(invoiceID) ORDER BY position DESC LIMIT 1", logger: self.logger
                ).decode(String.self) { before = s }
                try await conn.query("""
                    INSERT INTO invoice_states (invoice_id, position, state, note, at)
                    SELECT \(invoiceID), COALESCE(MAX(position), 0) + 1, \(state.rawValue), \(note), \(at.description) FROM invoice_states WHERE invoice_id = \(invoiceID)
                    """, logger: self.logger)
                try await self.audit(conn, context, at: at, [InvoiceStateChange.auditLine(invoiceID, state.rawValue, note)],
                                     before: before.map { [InvoiceStateChange.auditLine(invoiceID, $0, nil)] })
            }
        }
    }

    public func states(invoiceID: String) async throws -> [InvoiceStateChange] {
        try await run {
            var result: [InvoiceStateChange] = []
            for try await (state, note, at) in try await self.client.query(
                "SELECT state, note, at FROM invoice_states WHERE invoice_id = \(invoiceID) ORDER BY position", logger: self.logger
            ).decode((String, String?, String).self) {
                result.append(InvoiceStateChange(state: InvoiceState(rawValue: state) ?? .issued, note: note, at: try Instant(iso: at)))
            }
            return result
        }
    }

    public func recordPayment(_ p: StoredPayment) async throws -> Bool {
        let context = AuditContext.current
        return try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                var inserted = false
                for try await _ in try await conn.query("""
                    INSERT INTO payments (id, account, method, amount, received_on, reference, recorded_at)
                    VALUES (\(p.id), \(p.account), \(p.method.rawValue), \(p.amount.units), \(p.receivedOn.description), \(p.reference), \(p.recordedAt.description))
                    ON CONFLICT (id) DO NOTHING RETURNING 1
                    """, logger: self.logger) { inserted = true }
                guard inserted else { return false }
                for a in p.allocations {
                    try await conn.query("INSERT INTO payment_allocations (payment_id, invoice_id, amount) VALUES (\(p.id), \(a.invoiceID), \(a.amount.units))",
                                         logger: self.logger)
                }
                try await self.audit(conn, context, at: p.recordedAt, [p.auditLine])
                return true
            }
        }
    }

    public func payments(account: String) async throws -> [StoredPayment] {
        try await run {
            var rows: [(String, String, String, Int64, String, String?, String)] = []
            for try await row in try await self.client.query("""
                SELECT id, account, method, amount, received_on, reference, recorded_at FROM payments WHERE account = \(account) ORDER BY received_on, id
                """, logger: self.logger).decode((String, String, String, Int64, String, String?, String).self) { rows.append(row) }
            var result: [StoredPayment] = []
            for (id, account, method, amount, received, reference, recorded) in rows {
                var allocations: [StoredPayment.Allocation] = []
                for try await (invoice, units) in try await self.client.query(
                    "SELECT invoice_id, amount FROM payment_allocations WHERE payment_id = \(id) ORDER BY invoice_id", logger: self.logger
                ).decode((String, Int64).self) { allocations.append(.init(invoiceID: invoice, amount: Money(units: units))) }
                result.append(StoredPayment(id: id, account: account, method: StoredPayment.Method(rawValue: method) ?? .transfer, amount: Money(units: amount),
                                            receivedOn: try LocalDate(iso: received), reference: reference, allocations: allocations,
                                            recordedAt: try Instant(iso: recorded)))
            }
            return result
        }
    }
}
