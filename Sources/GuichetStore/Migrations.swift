import Foundation
import GuichetCore

/// The schema, as numbered steps written once per SQL dialect. Steps are never edited
/// once released: a change is a new step.
struct Migration: Sendable {
    let version: Int
    let name: String
    let sqlite: [String]
    let postgres: [String]
}

enum Migrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "append-only event history",
            sqlite: [
                """
                CREATE TABLE events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    stream TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    recorded_at TEXT NOT NULL)
                """,
                "CREATE INDEX events_stream ON events(stream, sequence)",
                "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
                "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
            ],
            postgres: [
                """
                CREATE TABLE events (
                    sequence BIGSERIAL PRIMARY KEY,
                    stream TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    recorded_at TEXT NOT NULL)
                """,
                "CREATE INDEX events_stream ON events(stream, sequence)",
                """
                CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'events are append-only'; END $$
                """,
                "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only()",
            ]),
        Migration(
            version: 2, name: "idempotency keys",
            sqlite: [
                """
                CREATE TABLE idempotency_keys (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    first_sequence INTEGER,
                    last_sequence INTEGER,
                    PRIMARY KEY (scope, key))
                """,
            ],
            postgres: [
                """
                CREATE TABLE idempotency_keys (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    first_sequence BIGINT,
                    last_sequence BIGINT,
                    PRIMARY KEY (scope, key))
                """,
            ]),
        Migration(version: 3, name: "usage records, imports, quarantine, alerts, re-rating log",
                  sqlite: usageTables(boolean: "INTEGER"), postgres: usageTables(boolean: "BOOLEAN")),
        Migration(version: 4, name: "bill runs, invoices and their numbering series, invoice states, payments",
                  sqlite: billingTables, postgres: billingTables),
        Migration(version: 5, name: "delivery state of the outbox's e-mails", sqlite: mailTables, postgres: mailTables),
        Migration(
            version: 6, name: "lawful erasure: an event's payload may be rewritten once an erasure record names it",
            sqlite: [
                "CREATE TABLE erasures (sequence INTEGER PRIMARY KEY, reason TEXT NOT NULL, erased_at TEXT NOT NULL)",
                "DROP TRIGGER events_no_update",
                """
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                WHEN NEW.sequence != OLD.sequence OR NEW.stream != OLD.stream OR NEW.type != OLD.type OR NEW.recorded_at != OLD.recorded_at
                  OR NOT EXISTS (SELECT 1 FROM erasures WHERE sequence = OLD.sequence)
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
                """,
            ],
            postgres: [
                "CREATE TABLE erasures (sequence BIGINT PRIMARY KEY, reason TEXT NOT NULL, erased_at TEXT NOT NULL)",
                """
                CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'UPDATE' AND NEW.sequence = OLD.sequence AND NEW.stream = OLD.stream AND NEW.type = OLD.type
                     AND NEW.recorded_at = OLD.recorded_at AND EXISTS (SELECT 1 FROM erasures WHERE sequence = OLD.sequence) THEN
                    RETURN NEW;
                  END IF;
                  RAISE EXCEPTION 'events are append-only';
                END $$
                """,
            ]),
        // SQLite only: rated records move from a row each to packs (D-RAT-7); `SQLiteStore.dataSteps`
        // repacks the records already stored and drops `usage_records`. PostgreSQL keeps a row per record.
        Migration(
            version: 7, name: "usage records packed per account, month and write (SQLite)",
            sqlite: [
                "CREATE TABLE usage_ids (id TEXT PRIMARY KEY, pack INTEGER NOT NULL) WITHOUT ROWID",
                """
                CREATE TABLE usage_packs (
                    pack INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, period TEXT NOT NULL, records INTEGER NOT NULL, body BLOB NOT NULL)
                """,
                "CREATE INDEX usage_packs_by_account ON usage_packs(customer_id, period)",
            ],
            postgres: []),
        // SQLite only: an account's packs of a month are chained, newest first, from `usage_heads`, instead of
        // indexed. The index grew by one entry per account and write, at random places: with thousands of
        // accounts per batch every write rewrote most of its pages (D-RAT-8). The heads table keeps one entry
        // per account and month.
        Migration(
            version: 8, name: "usage packs chained per account and month (SQLite)",
            sqlite: [
                "ALTER TABLE usage_packs ADD COLUMN previous INTEGER",
                """
                CREATE TABLE usage_heads (
                    customer_id TEXT NOT NULL, period TEXT NOT NULL, pack INTEGER NOT NULL, PRIMARY KEY (customer_id, period)) WITHOUT ROWID
                """,
                """
                UPDATE usage_packs SET previous = (
                    SELECT max(q.pack) FROM usage_packs q
                    WHERE q.customer_id = usage_packs.customer_id AND q.period = usage_packs.period AND q.pack < usage_packs.pack)
                """,
                "INSERT INTO usage_heads (customer_id, period, pack) SELECT customer_id, period, max(pack) FROM usage_packs GROUP BY customer_id, period",
                "DROP INDEX usage_packs_by_account",
            ],
            postgres: []),
        // F14: a run or import names the process that does it, so that one whose process died reads
        // "interrupted", not "running" for ever; a run's issued count is read from its invoices.
        // D-SEC-8: the accounts a run could not bill, with why (JSON).
        Migration(version: 9, name: "the process behind each bill run and import; invoices by run",
                  sqlite: runOwners, postgres: runOwners),
        // Issue 22: each aggregate's current state beside its stream (`StateTable`), filled by a rebuild
        // from the streams the first time a server or command opens the database after this step.
        Migration(version: 10, name: "state tables of customers, contracts and lines; counters",
                  sqlite: stateTables, postgres: stateTables),
        // A line is identified by its number (D-SCALE-3): migration 10's external id of lines was never written.
        Migration(version: 11, name: "lines have no external id", sqlite: linesWithoutExternalID, postgres: linesWithoutExternalID),
        // D-SCALE-4: a text search reads an index, not the table (SQLite FTS5 trigrams, PostgreSQL pg_trgm), and a
        // list's total without filters is a counter kept by triggers, not a count of every row.
        Migration(version: 12, name: "state tables searched by trigram index; their row counts",
                  sqlite: searchIndexes(["customers", "contracts", "lines"]).sqlite,
                  postgres: rowCounting + searchIndexes(["customers", "contracts", "lines"]).postgres),
        // Issue 22: tickets read from their state table, no longer replayed.
        Migration(version: 13, name: "state table of tickets", sqlite: ticketsTable.sqlite, postgres: ticketsTable.postgres),
        // Issue 22: accounts, credentials, port-in and remote-assistance requests read from state tables, no longer replayed.
        Migration(version: 14, name: "state tables of users, API tokens, access keys, porting and assistance requests",
                  sqlite: accessAndRequestTables.sqlite, postgres: accessAndRequestTables.postgres),
        // Issue 22: the audit log read by actor, stream written and time through an index, not by reading the whole log.
        Migration(version: 15, name: "audit log indexed by actor, stream and time", sqlite: auditIndex.sqlite, postgres: auditIndex.postgres),
        // D-SCALE-8: on SQLite, a state table's new rows are indexed for search and counted by the store, a write at a
        // time, no longer by a trigger row by row (PostgreSQL keeps its GIN index and counting trigger).
        Migration(version: 16, name: "state tables' new rows indexed and counted by the write, not row by row",
                  sqlite: ["customers", "contracts", "lines", "tickets"].map { "DROP TRIGGER \($0)_inserted" },
                  postgres: []),
        // Issue 22: data-subject requests read from a state table; the back office lists the open ones a page at a time.
        Migration(version: 17, name: "state table of data-subject requests", sqlite: privacyRequestsTable.sqlite, postgres: privacyRequestsTable.postgres),
        // Issue 22: dunning reads the invoices not yet settled, not every invoice ever issued.
        Migration(version: 18, name: "invoices not yet settled", sqlite: unsettledInvoices.sqlite, postgres: unsettledInvoices.postgres),
        // Issue 22: SDA numbers read by number and listed a page at a time, no longer the inventory's whole history replayed.
        Migration(version: 19, name: "state table of SDA numbers", sqlite: sdaNumbersTable.sqlite, postgres: sdaNumbersTable.postgres),
        // Issue 22: the audit log's list reads a summary of an entry that names many changes (an import's batch names
        // thousands), not the whole entry; entries written before stay whole (D-SCALE-12).
        Migration(version: 20, name: "audit entries summarised for lists", sqlite: auditSummary, postgres: auditSummary),
        // Issue 23: the dated consequences of the rules, executed on their day.
        Migration(version: 21, name: "state table of obligations", sqlite: obligationsTable.sqlite, postgres: obligationsTable.postgres),
        // Issue 22: usage alerts, imports and quarantined rows listed a page at a time, not read whole.
        Migration(version: 22, name: "usage alerts, imports and quarantine indexed for lists", sqlite: usageListIndexes, postgres: usageListIndexes),
        // Issue 22/23: a contract's next action day (its earliest pending obligation), listed and filtered in SQL.
        Migration(version: 23, name: "contracts' next action day", sqlite: nextActionColumn, postgres: nextActionColumn),
        // D-SCALE-13: SQLite's search indexes keep which rows hold a trigram, not where in the row: a third less to write.
        Migration(version: 24, name: "search indexes without positions", sqlite: searchWithoutPositions, postgres: []),
        // D-SCALE-14: the total of a list filtered on one column of few values (territory, state…) is a counter, not a
        // count of the rows that match.
        Migration(version: 25, name: "state rows counted per value", sqlite: valueCounting.sqlite, postgres: valueCounting.postgres),
        // D-RUN-24: on SQLite, the tables every write touches keep their rows in their key's b-tree alone, not in a rowid
        // table beside a unique index: a page less to write for each of them at every commit.
        Migration(version: 26, name: "counters, idempotency keys and the audit index kept in their key's b-tree (SQLite)",
                  sqlite: keyedTables, postgres: []),
        // D-CAL-10: French Guiana is GF (ISO 3166), not GY (Guyana). The events stay as recorded; folds read them as GF.
        Migration(version: 27, name: "French Guiana's territory id GY renamed GF", sqlite: frenchGuiana, postgres: frenchGuiana),
        // Issue 24: letters for staff to post (001 CG 10.1 paper invoices; notices to customers without an e-mail address).
        Migration(version: 28, name: "state table of letters to post", sqlite: lettersTable.sqlite, postgres: lettersTable.postgres),
    ]

    /// The state tables before migration 28 (letters): the earlier migrations that go through every table go through these.
    static let tablesBefore28 = StateTable.all.filter { $0 != .letters }

    /// Every state row's body, then the territory columns (whose triggers move the per-value counters along).
    static let frenchGuiana: [String] = tablesBefore28.map { t in
        """
        UPDATE \(t.name) SET body = replace(replace(body, '"territory":"GY"', '"territory":"GF"'), '"territoryID":"GY"', '"territoryID":"GF"')
        WHERE body LIKE '%"GY"%'
        """
    } + tablesBefore28.filter { $0.columns.contains("territory") }.map { "UPDATE \($0.name) SET territory = 'GF' WHERE territory = 'GY'" }

    /// Migration 26's tables made again under their name (a rename would have SQLite check the triggers that name them
    /// while they are missing), their rows copied through a temporary table.
    static let keyedTables: [String] = [
        ("counters", "name TEXT PRIMARY KEY, value BIGINT NOT NULL", " WITHOUT ROWID"),
        ("idempotency_keys", "scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, first_sequence INTEGER, last_sequence INTEGER, "
            + "PRIMARY KEY (scope, key)", " WITHOUT ROWID"),
        ("audit_resources", "resource TEXT NOT NULL, sequence BIGINT NOT NULL, PRIMARY KEY (resource, sequence)", " WITHOUT ROWID"),
        // The sequence as the rowid itself.
        ("audit_entries", "sequence INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, summary TEXT", ""),
    ].flatMap { table, columns, options in
        ["CREATE TEMP TABLE \(table)_copy AS SELECT * FROM \(table)", "DROP TABLE \(table)", "CREATE TABLE \(table) (\(columns))\(options)",
         "INSERT INTO \(table) SELECT * FROM temp.\(table)_copy", "DROP TABLE temp.\(table)_copy"]
    } + [
        "CREATE INDEX audit_entries_by_actor ON audit_entries(actor, sequence)",
        "CREATE INDEX audit_entries_by_at ON audit_entries(at, sequence)",
        """
        CREATE TRIGGER audit_entries_counted AFTER INSERT ON audit_entries BEGIN
          UPDATE counters SET value = value + 1 WHERE name = '\(AuditQuery.counterPrefix)' || (new.sequence % \(AuditQuery.counterShards));
        END
        """,
    ]

    static let auditSummary = ["ALTER TABLE audit_entries ADD COLUMN summary TEXT"]

    static let nextActionColumn = [
        "ALTER TABLE contracts ADD COLUMN next_action_on TEXT",
        "CREATE INDEX contracts_by_next_action_on ON contracts(next_action_on, ordered_on, id)",
    ]

    static let usageListIndexes = [
        "CREATE INDEX usage_alerts_in_order ON usage_alerts(raised_at, id)",
        "CREATE INDEX usage_alerts_by_customer ON usage_alerts(customer_id, raised_at, id)",
        "CREATE INDEX usage_imports_in_order ON usage_imports(started_at, id)",
        "CREATE INDEX usage_quarantine_in_order ON usage_quarantine(import_id, line_number, raw)",
        "CREATE INDEX usage_quarantine_by_status ON usage_quarantine(status, import_id, line_number, raw)",
    ]

    static let runOwners = [
        "ALTER TABLE bill_runs ADD COLUMN owner TEXT",
        "ALTER TABLE bill_runs ADD COLUMN failures TEXT",
        "ALTER TABLE usage_imports ADD COLUMN owner TEXT",
        "CREATE INDEX invoices_by_run ON invoices(run_id)",
    ]

    /// Migration 5. One row per outbox message once a worker has claimed it; the message itself
    /// stays in the append-only `events` table.
    private static let mailTables = [
        """
        CREATE TABLE mail_deliveries (
            sequence BIGINT PRIMARY KEY REFERENCES events(sequence), state TEXT NOT NULL, attempts BIGINT NOT NULL,
            next_attempt_at TEXT, last_error TEXT, delivered_at TEXT, updated_at TEXT NOT NULL)
        """,
    ]

    /// Migration 4. Invoices are written once; `invoice_series` holds the last number taken per
    /// series, updated in the transaction that writes the invoice (gapless numbering).
    private static let billingTables = [
        """
        CREATE TABLE bill_runs (
            id TEXT PRIMARY KEY, period TEXT NOT NULL, issue_date TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
            accounts BIGINT NOT NULL, issued BIGINT NOT NULL, existing BIGINT NOT NULL, empty BIGINT NOT NULL)
        """,
        "CREATE TABLE invoice_series (series TEXT PRIMARY KEY, last_sequence BIGINT NOT NULL)",
        """
        CREATE TABLE invoices (
            id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, number TEXT NOT NULL UNIQUE, series TEXT NOT NULL,
            sequence BIGINT NOT NULL, kind TEXT NOT NULL, customer_id TEXT NOT NULL, account TEXT NOT NULL, period TEXT,
            issue_date TEXT NOT NULL, including_tax BIGINT NOT NULL, run_id TEXT, body TEXT NOT NULL, issued_at TEXT NOT NULL,
            UNIQUE (series, sequence))
        """,
        "CREATE INDEX invoices_by_customer ON invoices(customer_id, issue_date)",
        "CREATE INDEX invoices_by_period ON invoices(period)",
        """
        CREATE TABLE invoice_states (
            invoice_id TEXT NOT NULL REFERENCES invoices(id), position BIGINT NOT NULL, state TEXT NOT NULL, note TEXT, at TEXT NOT NULL,
            PRIMARY KEY (invoice_id, position))
        """,
        """
        CREATE TABLE payments (
            id TEXT PRIMARY KEY, account TEXT NOT NULL, method TEXT NOT NULL, amount BIGINT NOT NULL, received_on TEXT NOT NULL,
            reference TEXT, recorded_at TEXT NOT NULL)
        """,
        "CREATE INDEX payments_by_account ON payments(account)",
        """
        CREATE TABLE payment_allocations (
            payment_id TEXT NOT NULL REFERENCES payments(id), invoice_id TEXT NOT NULL REFERENCES invoices(id), amount BIGINT NOT NULL,
            PRIMARY KEY (payment_id, invoice_id))
        """,
    ]

    /// Migration 3, the same on both engines but for the boolean type.
    private static func usageTables(boolean: String) -> [String] {
        [
            """
            CREATE TABLE usage_records (
                id TEXT PRIMARY KEY,
                customer_id TEXT NOT NULL,
                line TEXT NOT NULL,
                period TEXT NOT NULL,
                kind TEXT NOT NULL,
                called TEXT NOT NULL,
                called_mobile \(boolean),
                start_at BIGINT NOT NULL,
                quantity BIGINT NOT NULL,
                destination TEXT NOT NULL,
                destination_name TEXT NOT NULL,
                amount BIGINT NOT NULL,
                list_amount BIGINT NOT NULL,
                included \(boolean) NOT NULL,
                connection BIGINT NOT NULL,
                per_minute BIGINT NOT NULL,
                allowance TEXT,
                source TEXT NOT NULL,
                import_id TEXT NOT NULL)
            """,
            "CREATE INDEX usage_by_account ON usage_records(customer_id, period)",
            """
            CREATE TABLE usage_imports (
                id TEXT PRIMARY KEY, source TEXT NOT NULL, format TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
                read_count BIGINT NOT NULL DEFAULT 0, rated_count BIGINT NOT NULL DEFAULT 0,
                duplicate_count BIGINT NOT NULL DEFAULT 0, quarantined_count BIGINT NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE usage_quarantine (
                raw TEXT PRIMARY KEY, format TEXT NOT NULL, import_id TEXT NOT NULL, line_number BIGINT NOT NULL,
                field TEXT NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL, resolved_at TEXT)
            """,
            """
            CREATE TABLE usage_alerts (
                id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, rule TEXT NOT NULL, line TEXT NOT NULL, period TEXT NOT NULL,
                record TEXT, value TEXT NOT NULL, limit_value TEXT NOT NULL, source TEXT NOT NULL, message TEXT NOT NULL, raised_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE usage_rerates (
                run_id TEXT NOT NULL, record_id TEXT NOT NULL, old_destination TEXT NOT NULL, new_destination TEXT NOT NULL,
                old_amount BIGINT NOT NULL, new_amount BIGINT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (run_id, record_id))
            """,
        ]
    }

    static var latest: Int { all.last?.version ?? 0 }

    /// When a step is applied, as an ISO 8601 UTC instant (the same text on both engines).
    static func appliedAtNow() -> String { SystemClock.now().description }

    static let createLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
        """
}
