import Foundation
import GRDB
import GuichetStore
import Testing

@Suite struct SQLiteStoreTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aMissingFolderIsNamed() {
        #expect(throws: StoreError.cannotOpen(location: "/nonexistent/dir/x.sqlite", reason: "folder /nonexistent/dir does not exist")) {
            try SQLiteStore(path: "/nonexistent/dir/x.sqlite")
        }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/dir"))
    }

    @Test func aFolderInPlaceOfTheFileIsRefused() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: StoreError.cannotOpen(location: dir.path, reason: "it is a folder, not a file")) { try SQLiteStore(path: dir.path) }
    }

    @Test(arguments: [
        Data("this is not a database at all, just some text that someone saved here\n".utf8),
        Data(repeating: 0xAB, count: 8192),
        // A real header followed by garbage pages: SQLite itself reports the corruption.
        Data("SQLite format 3\0".utf8) + Data(repeating: 0xFF, count: 4096),
    ])
    func aCorruptedFileIsReportedNeverOverwritten(content: Data) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.sqlite")
        try content.write(to: file)
        #expect {
            try SQLiteStore(path: file.path)
        } throws: { error in
            guard case StoreError.notADatabase(let path, _) = error else { return false }
            return path == file.path && "\(error)".contains("left untouched")
        }
        #expect(try Data(contentsOf: file) == content)
    }

    @Test func historyIsAppendOnlyInTheDatabaseItself() async throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        _ = try await store.append([try NewEvent(stream: "s", type: "t", payload: "{}", recordedAt: .init(seconds: 0))], idempotency: nil)
        try await store.close()
        let raw = try DatabaseQueue(path: path)
        await #expect(throws: DatabaseError.self) { try await raw.write { try $0.execute(sql: "UPDATE events SET payload = 'x'") } }
        await #expect(throws: DatabaseError.self) { try await raw.write { try $0.execute(sql: "DELETE FROM events") } }
        // An erasure record opens the payload only: the rest of the event stays as it was.
        try await raw.write { try $0.execute(sql: "INSERT INTO erasures VALUES (1, 'test', '2026-01-01T00:00:00Z')") }
        await #expect(throws: DatabaseError.self) { try await raw.write { try $0.execute(sql: "UPDATE events SET type = 'x'") } }
        try await raw.write { try $0.execute(sql: "UPDATE events SET payload = 'x'") }
        #expect(try await raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") } == 1)
        // WAL mode, as the embedded default promises.
        #expect(try await raw.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }
}
