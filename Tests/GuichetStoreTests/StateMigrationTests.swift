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
        #expect(try await store.migrate().map(\.version) == [10, 11, 12, 13])
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
        #expect(try await store.migrate().map(\.version) == [12, 13])
        #expect(try await store.statePage(.customers, StateQuery(limit: 1)).total == 2)
        #expect(try await store.statePage(.customers, StateQuery(search: "dupon")).total == 1)
        try await store.close()
    }
}
