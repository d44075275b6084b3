import GuichetCore

/// The state tables' migrations (issue 22): the tables, their search indexes and row counts.
extension Migrations {
    static let linesWithoutExternalID = ["DROP INDEX lines_by_external_id", "ALTER TABLE lines DROP COLUMN external_id"]

    /// Migration 10, as `StateTable` describes them (a change to a table is a new step).
    static let stateTables = [
        "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
        "INSERT INTO counters (name, value) SELECT 'state-tables.pending', 1 WHERE EXISTS (SELECT 1 FROM events)",
        """
        CREATE TABLE customers (id TEXT PRIMARY KEY, customer_number TEXT, external_id TEXT, kind TEXT, territory TEXT,
            billing_account TEXT, search TEXT, body TEXT NOT NULL)
        """,
        "CREATE UNIQUE INDEX customers_in_order ON customers(customer_number)",
        "CREATE UNIQUE INDEX customers_by_external_id ON customers(external_id)",
        "CREATE UNIQUE INDEX customers_by_billing_account ON customers(billing_account)",
        "CREATE INDEX customers_by_kind ON customers(kind, customer_number, id)",
        "CREATE INDEX customers_by_territory ON customers(territory, customer_number, id)",
        """
        CREATE TABLE contracts (id TEXT PRIMARY KEY, external_id TEXT, customer_id TEXT, family TEXT, offering TEXT, territory TEXT,
            state TEXT, ordered_on TEXT, activated_on TEXT, engagement_end TEXT, search TEXT, body TEXT NOT NULL)
        """,
        "CREATE INDEX contracts_in_order ON contracts(ordered_on, id)",
        "CREATE UNIQUE INDEX contracts_by_external_id ON contracts(external_id)",
        "CREATE INDEX contracts_by_customer_id ON contracts(customer_id, ordered_on, id)",
        "CREATE INDEX contracts_by_family ON contracts(family, ordered_on, id)",
        "CREATE INDEX contracts_by_offering ON contracts(offering, ordered_on, id)",
        "CREATE INDEX contracts_by_territory ON contracts(territory, ordered_on, id)",
        "CREATE INDEX contracts_by_state ON contracts(state, ordered_on, id)",
        "CREATE INDEX contracts_by_activated_on ON contracts(activated_on, ordered_on, id)",
        "CREATE INDEX contracts_by_engagement_end ON contracts(engagement_end, ordered_on, id)",
        """
        CREATE TABLE lines (number TEXT PRIMARY KEY, external_id TEXT, customer_id TEXT, contract_id TEXT, offering TEXT, territory TEXT,
            site TEXT, search TEXT, body TEXT NOT NULL)
        """,
        "CREATE UNIQUE INDEX lines_by_external_id ON lines(external_id)",
        "CREATE INDEX lines_by_customer_id ON lines(customer_id, number)",
        "CREATE INDEX lines_by_contract_id ON lines(contract_id, number)",
        "CREATE INDEX lines_by_offering ON lines(offering, number)",
        "CREATE INDEX lines_by_territory ON lines(territory, number)",
        "CREATE INDEX lines_by_site ON lines(site, number)",
    ]

    /// Migration 12 on PostgreSQL, before its tables: the row-counting trigger function, and pg_trgm where it can be had.
    static let rowCounting = [
        """
        CREATE FUNCTION state_rows_counted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE counters SET value = value + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END) WHERE name = TG_TABLE_NAME || '.rows';
          RETURN NULL;
        END $$
        """,
        """
        DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'pg_trgm unavailable: text search scans'; END $$
        """,
    ]

    /// Migration 13: tickets by reference; their history stays in `ticket:<reference>`. Where tickets exist, the
    /// first opening builds the table (the mark of migration 10).
    static var ticketsTable: (sqlite: [String], postgres: [String]) {
        let table = [
            """
            CREATE TABLE tickets (reference TEXT PRIMARY KEY, owner TEXT, family TEXT, status TEXT, territory TEXT, filed_at TEXT,
                search TEXT, body TEXT NOT NULL)
            """,
            "CREATE INDEX tickets_in_order ON tickets(filed_at, reference)",
            "CREATE INDEX tickets_by_owner ON tickets(owner, filed_at, reference)",
            "CREATE INDEX tickets_by_family ON tickets(family, filed_at, reference)",
            "CREATE INDEX tickets_by_status ON tickets(status, filed_at, reference)",
            "CREATE INDEX tickets_by_territory ON tickets(territory, filed_at, reference)",
            """
            INSERT INTO counters (name, value) SELECT 'state-tables.pending', 1 WHERE EXISTS (SELECT 1 FROM events WHERE stream LIKE 'ticket:%')
            ON CONFLICT (name) DO NOTHING
            """,
        ]
        let search = searchIndexes(["tickets"])
        return (table + search.sqlite, table + search.postgres)
    }

    /// Migration 14: users, API tokens, operators' access keys, port-in and remote-assistance requests (indexed and
    /// counted by the store's writes, D-SCALE-8).
    static var accessAndRequestTables: (sqlite: [String], postgres: [String]) {
        let tables = [
            stateTable("users", key: "login", columns: ["tenant", "role", "status"], order: [], streams: "user:"),
            stateTable("api_tokens", key: "id", columns: ["issued_by", "tenant", "issued_at"], order: ["issued_at"], streams: "api-token:"),
            stateTable("access_keys", key: "id", columns: ["owner", "issued_at"], order: ["issued_at"], streams: "access-key:"),
            stateTable("porting_requests", key: "id", columns: ["territory", "number", "line", "state", "requested_on"], order: ["requested_on"],
                       streams: "porting:"),
            stateTable("assistance_requests", key: "id", columns: ["customer_id", "status", "requested_at"], order: ["requested_at"],
                       streams: "assistance:"),
        ].flatMap { $0 }
        let search = searchIndexes(["users", "api_tokens", "access_keys", "porting_requests", "assistance_requests"], insertTrigger: false)
        return (tables + search.sqlite, tables + search.postgres)
    }

    /// Migration 18: the invoices not yet settled, by issue date — an invoice enters when issued, leaves when a payment
    /// or a credit note settles it (its `settled` state), both by triggers; filled from the invoices already issued.
    static var unsettledInvoices: (sqlite: [String], postgres: [String]) {
        let table = [
            "CREATE TABLE unsettled_invoices (invoice_id TEXT PRIMARY KEY, issue_date TEXT NOT NULL)",
            "CREATE INDEX unsettled_invoices_by_issue_date ON unsettled_invoices(issue_date, invoice_id)",
            """
            INSERT INTO unsettled_invoices (invoice_id, issue_date) SELECT id, issue_date FROM invoices i
            WHERE kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoice_states s WHERE s.invoice_id = i.id AND s.state = 'settled')
            """,
        ]
        let sqlite = table + [
            """
            CREATE TRIGGER invoices_unsettled AFTER INSERT ON invoices WHEN new.kind = 'invoice' BEGIN
              INSERT INTO unsettled_invoices (invoice_id, issue_date) VALUES (new.id, new.issue_date);
            END
            """,
            """
            CREATE TRIGGER invoice_states_settled AFTER INSERT ON invoice_states WHEN new.state = 'settled' BEGIN
              DELETE FROM unsettled_invoices WHERE invoice_id = new.invoice_id;
            END
            """,
        ]
        let postgres = table + [
            """
            CREATE FUNCTION invoice_unsettled() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO unsettled_invoices (invoice_id, issue_date) VALUES (NEW.id, NEW.issue_date); RETURN NULL; END $$
            """,
            "CREATE TRIGGER invoices_unsettled AFTER INSERT ON invoices FOR EACH ROW WHEN (NEW.kind = 'invoice') EXECUTE FUNCTION invoice_unsettled()",
            """
            CREATE FUNCTION invoice_settled() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN DELETE FROM unsettled_invoices WHERE invoice_id = NEW.invoice_id; RETURN NULL; END $$
            """,
            "CREATE TRIGGER invoice_states_settled AFTER INSERT ON invoice_states FOR EACH ROW WHEN (NEW.state = 'settled') EXECUTE FUNCTION invoice_settled()",
        ]
        return (sqlite, postgres)
    }

    /// Migration 17: data-subject requests, one row per customer.
    static var privacyRequestsTable: (sqlite: [String], postgres: [String]) {
        let table = stateTable("privacy_requests", key: "customer_id", columns: ["status", "due_on"], order: ["due_on"], streams: "privacy-requests:")
        let search = searchIndexes(["privacy_requests"], insertTrigger: false)
        return (table + search.sqlite, table + search.postgres)
    }

    /// Migration 19: SDA numbers, one row per number, folded from the inventory's stream where it has operations.
    static var sdaNumbersTable: (sqlite: [String], postgres: [String]) {
        let table = stateTable("sda_numbers", key: "number", columns: ["customer_id", "site", "status", "available_from"], order: [],
                               streams: "sda-inventory")
        let search = searchIndexes(["sda_numbers"], insertTrigger: false)
        return (table + search.sqlite, table + search.postgres)
    }

    /// Migration 21: obligations, the scheduler's list (state, then due instant).
    static var obligationsTable: (sqlite: [String], postgres: [String]) {
        let table = stateTable("obligations", key: "id", columns: ["resource", "kind", "state", "due_on", "due_at"], order: ["due_at"],
                               streams: "obligation:")
        let search = searchIndexes(["obligations"], insertTrigger: false)
        return (table + search.sqlite, table + search.postgres)
    }

    /// Migration 28: letters for staff to post — the paper invoices asked for (001 CG 10.1) and the notices to customers
    /// without an e-mail address — listed by status, then the day they were queued.
    static var lettersTable: (sqlite: [String], postgres: [String]) {
        let table = stateTable("letters", key: "id", columns: ["customer_id", "status", "queued_on"], order: ["queued_on"], streams: "letter:")
        let search = searchIndexes(["letters"], insertTrigger: false, positions: false)
        return (table + search.sqlite, table + search.postgres)
    }

    /// Migration 15: each audit entry's time and actor, and the streams it names, filled from the entries already written.
    /// Its count is kept in 16 counters (by sequence), so that concurrent writers on PostgreSQL do not all wait on one row.
    static var auditIndex: (sqlite: [String], postgres: [String]) {
        let tables = [
            "CREATE TABLE audit_entries (sequence BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL)",
            "CREATE INDEX audit_entries_by_actor ON audit_entries(actor, sequence)",
            "CREATE INDEX audit_entries_by_at ON audit_entries(at, sequence)",
            "CREATE TABLE audit_resources (resource TEXT NOT NULL, sequence BIGINT NOT NULL, PRIMARY KEY (resource, sequence))",
        ]
        let counters = (0..<AuditQuery.counterShards).map {
            "INSERT INTO counters (name, value) SELECT '\(AuditQuery.counterPrefix)\($0)', count(*) FROM audit_entries WHERE sequence % \(AuditQuery.counterShards) = \($0)"
        }
        let sqlite = tables + [
            """
            INSERT INTO audit_entries (sequence, at, actor)
            SELECT sequence, recorded_at, COALESCE(json_extract(payload, '$.actor'), '') FROM events WHERE stream = 'audit'
            """,
            """
            INSERT OR IGNORE INTO audit_resources (resource, sequence)
            SELECT substr(j.value, 1, instr(j.value, '#') - 1), e.sequence FROM events e, json_each(e.payload, '$.changes') j
            WHERE e.stream = 'audit' AND instr(j.value, '#') > 1 AND instr(substr(j.value, 1, instr(j.value, '#') - 1), ' ') = 0
            """,
        ] + counters + [
            """
            CREATE TRIGGER audit_entries_counted AFTER INSERT ON audit_entries BEGIN
              UPDATE counters SET value = value + 1 WHERE name = '\(AuditQuery.counterPrefix)' || (new.sequence % \(AuditQuery.counterShards));
            END
            """,
        ]
        let postgres = tables + [
            """
            INSERT INTO audit_entries (sequence, at, actor)
            SELECT sequence, recorded_at, COALESCE(payload::json->>'actor', '') FROM events WHERE stream = 'audit'
            """,
            """
            INSERT INTO audit_resources (resource, sequence)
            SELECT split_part(c, '#', 1), e.sequence FROM events e,
                   json_array_elements_text(CASE WHEN json_typeof(e.payload::json->'changes') = 'array' THEN e.payload::json->'changes' ELSE '[]'::json END) AS c
            WHERE e.stream = 'audit' AND position('#' in c) > 1 AND position(' ' in split_part(c, '#', 1)) = 0
            ON CONFLICT DO NOTHING
            """,
        ] + counters + [
            """
            CREATE FUNCTION audit_entries_counted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE counters SET value = value + 1 WHERE name = '\(AuditQuery.counterPrefix)' || (NEW.sequence % \(AuditQuery.counterShards));
              RETURN NULL;
            END $$
            """,
            "CREATE TRIGGER audit_entries_counted AFTER INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_counted()",
        ]
        return (sqlite, postgres)
    }

    /// A state table as migration 13 wrote tickets': text columns, each indexed in the list's order, the search text and
    /// the body; the mark that has the first opening fold it where its streams already hold events. Written out per
    /// migration from literal arguments, so that a later change to `StateTable` never edits a released step.
    static func stateTable(_ name: String, key: String, columns: [String], order: [String], streams: String) -> [String] {
        let sorted = (order + [key]).joined(separator: ", ")
        return ["CREATE TABLE \(name) (\(key) TEXT PRIMARY KEY, \(columns.map { "\($0) TEXT" }.joined(separator: ", ")), search TEXT, body TEXT NOT NULL)"]
            + (order.isEmpty ? [] : ["CREATE INDEX \(name)_in_order ON \(name)(\(sorted))"])
            + columns.filter { !order.contains($0) }.map { "CREATE INDEX \(name)_by_\($0) ON \(name)(\($0), \(sorted))" }
            + ["""
               INSERT INTO counters (name, value) SELECT 'state-tables.pending', 1 WHERE EXISTS (SELECT 1 FROM events WHERE stream LIKE '\(streams)%')
               ON CONFLICT (name) DO NOTHING
               """]
    }

    /// Migration 25: a counter per value of each `counted` column (`contracts.state=active`), filled from the rows.
    /// SQLite: a write counts its new rows a statement per column (`SQLiteStore.write`), as it counts them all; triggers
    /// follow a value changed or a row deleted. PostgreSQL: statement triggers count the rows a statement inserted,
    /// updated or deleted from its transition tables, a grouped upsert per column rather than one per row.
    static var valueCounting: (sqlite: [String], postgres: [String]) {
        var sqlite: [String] = [], postgres = [
            """
            CREATE FUNCTION state_values_counted() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE c text;
            BEGIN
              FOREACH c IN ARRAY TG_ARGV LOOP
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                  EXECUTE format('UPDATE counters SET value = counters.value - d.n FROM (SELECT %L || %I AS name, count(*) AS n FROM old_rows '
                                 'WHERE %I IS NOT NULL GROUP BY %I) d WHERE counters.name = d.name', TG_TABLE_NAME || '.' || c || '=', c, c, c);
                END IF;
                IF TG_OP IN ('UPDATE', 'INSERT') THEN
                  EXECUTE format('INSERT INTO counters (name, value) SELECT %L || %I, count(*) FROM new_rows WHERE %I IS NOT NULL GROUP BY %I '
                                 'ON CONFLICT (name) DO UPDATE SET value = counters.value + EXCLUDED.value', TG_TABLE_NAME || '.' || c || '=', c, c, c);
                END IF;
              END LOOP;
              RETURN NULL;
            END $$
            """,
        ]
        for t in tablesBefore28 where !t.counted.isEmpty {
            let fill = t.counted.map { c in
                "INSERT INTO counters (name, value) SELECT '\(t.name).\(c)=' || \(c), count(*) FROM \(t.name) WHERE \(c) IS NOT NULL GROUP BY \(c)"
            }
            sqlite += fill
            sqlite += t.counted.map { c in
                """
                CREATE TRIGGER \(t.name)_\(c)_counted AFTER UPDATE OF \(c) ON \(t.name) WHEN new.\(c) IS NOT old.\(c) BEGIN
                  UPDATE counters SET value = value - 1 WHERE name = '\(t.name).\(c)=' || old.\(c);
                  INSERT INTO counters (name, value) SELECT '\(t.name).\(c)=' || new.\(c), 1 WHERE new.\(c) IS NOT NULL
                    ON CONFLICT (name) DO UPDATE SET value = value + 1;
                END
                """
            }
            sqlite.append("""
                CREATE TRIGGER \(t.name)_values_deleted AFTER DELETE ON \(t.name) BEGIN
                  UPDATE counters SET value = value - 1 WHERE name IN (\(t.counted.map { "'\(t.name).\($0)=' || old.\($0)" }.joined(separator: ", ")));
                END
                """)
            let columns = t.counted.map { "'\($0)'" }.joined(separator: ", ")
            postgres += fill + [
                """
                CREATE TRIGGER \(t.name)_values_inserted AFTER INSERT ON \(t.name) REFERENCING NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION state_values_counted(\(columns))
                """,
                """
                CREATE TRIGGER \(t.name)_values_updated AFTER UPDATE ON \(t.name) REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION state_values_counted(\(columns))
                """,
                """
                CREATE TRIGGER \(t.name)_values_deleted AFTER DELETE ON \(t.name) REFERENCING OLD TABLE AS old_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION state_values_counted(\(columns))
                """,
            ]
        }
        return (sqlite, postgres)
    }

    /// Migration 24 (SQLite): every state table's FTS5 trigram table made again with `detail = none`, which keeps no
    /// positions: a search finds its rows by `GLOB` (the index gives the rows holding every trigram of the pattern,
    /// FTS5 checks the pattern on the text it keeps), where a phrase `MATCH` needed the positions (D-SCALE-13).
    static var searchWithoutPositions: [String] {
        tablesBefore28.flatMap { t in
            [
                "DROP TABLE \(t.name)_search",
                "CREATE VIRTUAL TABLE \(t.name)_search USING fts5(search, tokenize = 'trigram', detail = none)",
                "INSERT INTO \(t.name)_search (rowid, search) SELECT rowid, search FROM \(t.name)",
            ]
        }
    }

    /// Migration 12 for the named tables. SQLite: an FTS5 trigram table `<name>_search` whose rowid is the
    /// state row's (VACUUM keeps the rowids of these tables: their copy preserves them), kept by triggers.
    /// PostgreSQL: a GIN trigram index on `search`, when the operator's server offers pg_trgm (otherwise the
    /// search scans, as before). Both: `counters` row `<name>.rows`, kept by triggers (`rowCounting` on PostgreSQL).
    /// `insertTrigger`: on SQLite, index and count inserted rows by a trigger, as migrations 12 and 13 did; since
    /// migration 16 the store does it for a write's new rows at once (D-SCALE-8), and later tables have no such trigger.
    /// `positions`: whether SQLite's index keeps where a trigram is (as before migration 24, which dropped them).
    static func searchIndexes(_ tables: [String], insertTrigger: Bool = true, positions: Bool = true) -> (sqlite: [String], postgres: [String]) {
        var sqlite: [String] = [], postgres: [String] = []
        for t in tables {
            let count = "INSERT INTO counters (name, value) SELECT '\(t).rows', count(*) FROM \(t)"
            sqlite += [
                count,
                "CREATE VIRTUAL TABLE \(t)_search USING fts5(search, tokenize = 'trigram'\(positions ? "" : ", detail = none"))",
                "INSERT INTO \(t)_search (rowid, search) SELECT rowid, search FROM \(t)",
            ]
            if insertTrigger {
                sqlite.append("""
                    CREATE TRIGGER \(t)_inserted AFTER INSERT ON \(t) BEGIN
                      INSERT INTO \(t)_search (rowid, search) VALUES (new.rowid, new.search);
                      UPDATE counters SET value = value + 1 WHERE name = '\(t).rows';
                    END
                    """)
            }
            sqlite += [
                """
                CREATE TRIGGER \(t)_searched AFTER UPDATE OF search ON \(t) WHEN new.search IS NOT old.search BEGIN
                  UPDATE \(t)_search SET search = new.search WHERE rowid = old.rowid;
                END
                """,
                """
                CREATE TRIGGER \(t)_deleted AFTER DELETE ON \(t) BEGIN
                  DELETE FROM \(t)_search WHERE rowid = old.rowid;
                  UPDATE counters SET value = value - 1 WHERE name = '\(t).rows';
                END
                """,
            ]
            postgres += [
                count,
                "CREATE TRIGGER \(t)_counted AFTER INSERT OR DELETE ON \(t) FOR EACH ROW EXECUTE FUNCTION state_rows_counted()",
                """
                DO $$ BEGIN
                  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                    CREATE INDEX \(t)_search ON \(t) USING gin (search gin_trgm_ops);
                  END IF;
                END $$
                """,
            ]
        }
        return (sqlite, postgres)
    }
}
