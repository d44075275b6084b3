import Foundation
import GRDB
@testable import GuichetStore
import GuichetCore
import Testing

/// SQLite's records moved from a row each to packs (migration 7, D-RAT-7), then chained per account
/// (migration 8, D-RAT-8): a database written before keeps every record, and a pack that does not
/// read back is named, never half-read.
@Suite struct UsagePackTests {
    /// A database as Guichet left it at schema `version`, filled by `fill` before any later migration runs.
    static func database(_ path: String, atVersion version: Int, _ fill: @escaping @Sendable (Database) throws -> Void) async throws {
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: Migrations.createLedger)
            for m in Migrations.all where m.version <= version {
                for statement in m.sqlite { try db.execute(sql: statement) }
                try db.execute(sql: "INSERT INTO schema_migrations VALUES (?, ?, '2026-11-01T00:00:00Z')", arguments: [m.version, m.name])
            }
            try fill(db)
        }
        try old.close()
    }

    @Test func recordsStoredARowEachArePackedByMigration7() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v6.sqlite").path
        // A database as Guichet left it at schema version 6, with three records.
        try await Self.database(path, atVersion: 6) { db in
            for (id, customer, start, mobile) in [("r2", "c1", 200, 1), ("r1", "c1", 100, 0), ("r3", "c2", 100, -1)] {
                try db.execute(sql: """
                    INSERT INTO usage_records VALUES (?, ?, '+590590271234', '2026-05', 'voice', '+213210000000', ?, ?, 125, 'A4-F6', 'Algérie',
                        21625, 21625, 0, 1000, 9900, NULL, '001 Annexe 4, F6', 'i1')
                    """, arguments: [id, customer, mobile < 0 ? nil : mobile, 1_777_000_000 + start])
            }
        }

        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
        func expected(_ id: String, _ customer: String, _ start: Int64, _ mobile: Bool?) -> StoredUsage {
            StoredUsage(rated: RatedUsage(id: id, line: "+590590271234", kind: .voice, called: "+213210000000", start: Instant(seconds: 1_777_000_000 + start),
                                          quantity: 125, destination: "A4-F6", destinationName: "Algérie", amount: Money(units: 21_625),
                                          listAmount: Money(units: 21_625), included: false, connection: Money(units: 1_000),
                                          perMinute: Money(units: 9_900), allowance: nil, source: "001 Annexe 4, F6"),
                        customerID: customer, period: "2026-05", calledLineIsMobile: mobile, importID: "i1")
        }
        #expect(try await store.usage(customerID: "c1", period: "2026-05") == [expected("r1", "c1", 100, false), expected("r2", "c1", 200, true)])
        #expect(try await store.usage(id: "r3") == expected("r3", "c2", 100, nil))
        #expect(try await store.usageCount() == 3)
        // Their ids are still taken: the same record imported again is a duplicate.
        #expect(try await store.storeUsage([expected("r1", "c1", 100, false)]) == [false])
        try await store.close()
        let tables = try await DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(!tables.contains("usage_records") && tables.contains("usage_packs") && tables.contains("usage_ids"))
    }

    /// Migration 8 (D-RAT-8): packs written under schema 7, found through an index, are chained per
    /// account and month; the chain goes on from there.
    @Test func packsOfSchema7AreChainedByMigration8() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v7.sqlite").path
        let row = UsageStoreConformanceTests.row
        // Four packs as schema 7 stored them: c1's May in packs 1 and 3, c2's May in 2, c1's June in 4.
        let packs: [(Int64, String, String, [StoredUsage])] = [
            (1, "c1", "2026-05", [row("a", 1, "c1", "2026-05", "i1"), row("b", 2, "c1", "2026-05", "i1")]),
            (2, "c2", "2026-05", [row("c", 3, "c2", "2026-05", "i1")]),
            (3, "c1", "2026-05", [row("d", 4, "c1", "2026-05", "i2")]),
            (4, "c1", "2026-06", [row("e", 5, "c1", "2026-06", "i2")]),
        ]
        try await Self.database(path, atVersion: 7) { db in
            for (pack, customer, period, rows) in packs {
                try db.execute(sql: "INSERT INTO usage_packs (pack, customer_id, period, records, body) VALUES (?, ?, ?, ?, ?)",
                               arguments: [pack, customer, period, rows.count, Data(UsagePack.encode(rows))])
                for r in rows { try db.execute(sql: "INSERT INTO usage_ids (id, pack) VALUES (?, ?)", arguments: [r.rated.id, pack]) }
            }
        }

        let store = try SQLiteStore(path: path)
        #expect(try await store.migrate().map(\.version) == [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
        #expect(try await store.usage(customerID: "c1", period: "2026-05").map(\.rated.id) == ["a", "b", "d"])
        #expect(try await store.usage(customerID: "c2", period: "2026-05").map(\.rated.id) == ["c"])
        #expect(try await store.usage(customerID: "c1", period: "2026-06").map(\.rated.id) == ["e"])
        #expect(try await store.storeUsage([row("f", 6, "c1", "2026-05", "i3"), row("a", 1, "c1", "2026-05", "i3")]) == [true, false])
        #expect(try await store.usage(customerID: "c1", period: "2026-05").map(\.rated.id) == ["a", "b", "d", "f"])
        try await store.close()
        let indexes = try await DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
        #expect(!indexes.contains("usage_packs_by_account"))
    }

    /// A pack's string table grows past its first 64 slots; every string keeps its index.
    @Test func aPackOfManyDistinctStringsReadsBackWhole() throws {
        let rows = (0..<300).map { i in
            let base = UsageStoreConformanceTests.row("r\(i)", amount: Int64(i) - 150)
            let r = base.rated
            return StoredUsage(rated: RatedUsage(id: r.id, line: "+59059027\(1000 + i % 120)", kind: r.kind, called: r.called, start: r.start,
                                                 quantity: i, destination: "D\(i % 97)", destinationName: "Destination n° \(i % 89)", amount: r.amount,
                                                 listAmount: r.listAmount, included: i % 2 == 0, connection: r.connection, perMinute: r.perMinute,
                                                 allowance: i % 3 == 0 ? nil : "pool-\(i % 7)", source: "§ \(i % 50)"),
                               customerID: "c1", period: "2026-05", calledLineIsMobile: i % 3 == 0 ? nil : i % 3 == 1, importID: "i\(i % 2)")
        }
        #expect(try UsagePack.decode(UsagePack.encode(rows), customerID: "c1", period: "2026-05", pack: 1) == rows)
        // Then, in the same encoder, only some of them in the order given: nothing of the large pack is left in the small one.
        var encoder = UsagePack.Encoder()
        _ = encoder.encode(rows, rows.indices) { $0.count }
        let some = encoder.encode(rows, [7, 3, 250]) { Array($0) }
        #expect(try UsagePack.decode(some, customerID: "c1", period: "2026-05", pack: 1) == [rows[7], rows[3], rows[250]])
        #expect(some == UsagePack.encode([rows[7], rows[3], rows[250]]))
    }

    @Test func aPackThatDoesNotReadBackIsNamed() async throws {
        let dir = try SQLiteStoreTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        _ = try await store.storeUsage([UsageStoreConformanceTests.row("a")])
        // 99 bytes: the string table (56) and the record (43); cut before its allowance, source and import (one byte each).
        let raw = try DatabaseQueue(path: path)
        #expect(try await raw.read { try Int.fetchOne($0, sql: "SELECT length(body) FROM usage_packs") } == 99)
        try await raw.write { try $0.execute(sql: "UPDATE usage_packs SET body = substr(body, 1, length(body) - 3)") }
        try raw.close()
        await #expect(throws: StoreError.backend("usage pack 1 (c1, 2026-05): its body ends or reads wrong at byte 96")) {
            try await store.usage(customerID: "c1", period: "2026-05")
        }
        try await store.close()
        // A string count larger than the body is refused before anything is reserved for it.
        #expect(throws: StoreError.backend("usage pack 9 (c9, 2026-06): its body ends or reads wrong at byte 5")) {
            try UsagePack.decode([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], customerID: "c9", period: "2026-06", pack: 9)
        }
    }
}
