import Foundation
import GRDB
@testable import GuichetStore
import Testing

/// Migration 10 gives existing databases empty state tables: it leaves a mark for the first opening to
/// build them from the streams, and none where there is nothing to build.
@Suite struct StateMigrationTests {
    @Test func aDatabaseWithHistoryIsMarkedForItsFirstBuild() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v9.sqlite").path
        try await UsagePackTests.database(path, atVersion: 9) { db in
            try db.execute(sql: "INSERT INTO events (stream, type, payload, recorded_at) VALUES ('customer:c1', 'customer-created', '{}', '2026-11-01T00:00:00Z')")
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
        #expect(try await store.counter(StateTable.pendingBuild) == 1)
        try await store.close()

        let empty = dir.appendingPathComponent("empty.sqlite").path
        let fresh = try SQLiteStore(path: empty)
        try await fresh.migrate()
        #expect(try await fresh.counter(StateTable.pendingBuild) == nil)
        try await fresh.close()
    }

    /// Migration 12 indexes the rows already in the state tables for search and counts them.
    @Test func theRowsBeforeMigration12AreSearchedAndCounted() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v11.sqlite").path
        try await UsagePackTests.database(path, atVersion: 11) { db in
            for (id, number, search) in [("c1", "000000001", "marie dupont"), ("c2", "000000002", "jean martin")] {
                try db.execute(sql: "INSERT INTO customers (id, customer_number, search, body) VALUES (?, ?, ?, '{}')", arguments: [id, number, search])
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
        #expect(try await store.statePage(.customers, StateQuery(limit: 1)).total == 2)
        #expect(try await store.statePage(.customers, StateQuery(search: "dupon")).total == 1)
        try await store.close()
    }

    /// Migration 15 indexes the audit entries written before it: their actor, time and the streams they name.
    @Test func theAuditEntriesBeforeMigration15AreIndexed() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v14.sqlite").path
        try await UsagePackTests.database(path, atVersion: 14) { db in
            for (n, actor, changes) in [(1, "cli:root", #"["customer:c1#7 customer-created","invoice inv_1: sent #2"]"#), (2, "job:dunning", "null")] {
                try db.execute(sql: "INSERT INTO events (stream, type, payload, recorded_at) VALUES ('audit', 'change', ?, ?)",
                               arguments: [#"{"actor":"\#(actor)","at":"2026-11-0\#(n)T00:00:00Z","method":"CLI","path":"x","changes":\#(changes)}"#,
                                           "2026-11-0\(n)T00:00:00Z"])
            }
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
        #expect(try await store.auditEntries(AuditQuery(limit: 10)).total == 2)
        #expect(try await store.auditEntries(AuditQuery(actor: "cli:root", limit: 10)).entries.map(\.method) == ["CLI"])
        #expect(try await store.auditEntries(AuditQuery(resource: "customer:c1", limit: 10)).total == 1)
        #expect(try await store.auditEntries(AuditQuery(resource: "invoice inv_1: sent ", limit: 10)).total == 0)
        try await store.close()
    }

    /// Migration 19 gives the SDA inventory's numbers a table: where the inventory has operations, the first opening
    /// folds them (`StateTables`; the fold's payloads are in EventPayloadTests).
    @Test func anInventoryBeforeMigration19IsMarkedForItsFirstBuild() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v18.sqlite").path
        try await UsagePackTests.database(path, atVersion: 18) { db in
            try db.execute(sql: """
                INSERT INTO events (stream, type, payload, recorded_at)
                VALUES ('sda-inventory', 'sda-operation', '{"addRange":{"first":"05 62 07 04 10","count":2}}', '2026-11-01T00:00:00Z')
                """)
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
        #expect(try await store.counter(StateTable.pendingBuild) == 1)
        #expect(try await store.statePage(.sdaNumbers, StateQuery(limit: 1)).total == 0)
        try await store.close()
    }

    /// Migration 26 (D-RUN-24) makes counters, idempotency keys and the audit index again in their key's b-tree: their
    /// rows survive, a replayed key is still recognised, and new audit entries are still counted.
    @Test func theKeyedTablesKeepTheirRowsThroughMigration26() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v25.sqlite").path
        try await UsagePackTests.database(path, atVersion: 25) { db in
            try db.execute(sql: "INSERT INTO events (stream, type, payload, recorded_at) VALUES ('customer:c1', 'customer-created', '{}', '2026-11-01T00:00:00Z')")
            try db.execute(sql: "INSERT INTO idempotency_keys VALUES ('import', 'k1', 'f1', 1, 1)")
            try db.execute(sql: "INSERT INTO counters (name, value) VALUES ('sample', 7)")
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [26, 27, 28])
        #expect(try await store.counter("sample") == 7)
        let key = try IdempotencyKey(scope: "import", key: "k1", fingerprint: "f1")
        let event = try NewEvent(stream: "customer:c1", type: "customer-created", payload: "{}", recordedAt: AuditConformanceTests.t0)
        let replay = try await store.append([event], idempotency: key)
        #expect(replay.replayed && replay.events.map(\.sequence) == [1])
        _ = try await AuditContext.$current.withValue(AuditConformanceTests.who) {
            try await store.append([AuditConformanceTests.event("ordered", 1)], idempotency: nil)
        }
        #expect(try await store.auditEntries(AuditQuery(limit: 10)).total == 1)
        #expect(try await store.auditEntries(AuditQuery(resource: "contract:k1", limit: 10)).total == 1)
        try await store.close()

        let tables = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE name IN ('audit_resources', 'counters', 'idempotency_keys', 'audit_entries')
                AND sql LIKE '%WITHOUT ROWID' ORDER BY name
                """)
        }
        #expect(tables == ["audit_resources", "counters", "idempotency_keys"])
    }

    /// Migration 27 (D-CAL-10): the rows stored under French Guiana's former id GY say GF — column, body (addresses
    /// included) and per-territory counter — and nothing else changes.
    @Test func frenchGuianasRowsSayGFAfterMigration27() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v26.sqlite").path
        let gy = #"{"id":"c1","name":"GY","territoryID":"GY","details":{"address":{"city":"Cayenne","territory":"GY"}}}"#
        let gp = #"{"id":"c2","name":"GY","territoryID":"GP"}"#
        try await UsagePackTests.database(path, atVersion: 26) { db in
            try db.execute(sql: "INSERT INTO customers (id, customer_number, kind, territory, body) VALUES ('c1', '1', 'consumer', 'GY', ?), ('c2', '2', 'consumer', 'GP', ?)",
                           arguments: [gy, gp])
            try db.execute(sql: "INSERT INTO counters (name, value) VALUES ('customers.territory=GY', 1), ('customers.territory=GP', 1)")
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [27, 28])
        let rows = try await store.stateRows(.customers)
        #expect(rows.map { $0.values["territory"] } == ["GF", "GP"])
        #expect(rows[0].body == #"{"id":"c1","name":"GY","territoryID":"GF","details":{"address":{"city":"Cayenne","territory":"GF"}}}"#)
        #expect(rows[1].body == gp)
        #expect(try await store.counter(StateTable.customers.valueCounter("territory", "GF")) == 1)
        #expect(try await store.counter(StateTable.customers.valueCounter("territory", "GY")) == 0)
        try await store.close()
    }
}
