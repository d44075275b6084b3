import Foundation
import GuichetCore
import GuichetStore
import Logging

/// The append-only audit log: every change accepted through the API or the portal, with who made
/// it, when, what was asked, where the result is, and the history entries it appended — the after;
/// the previous entry of each stream is the before.
public struct AuditLog: Sendable {
    let store: any Store
    static let stream = "audit"

    public struct Entry: Sendable, Codable, Hashable {
        public let at: Instant
        public let actor: String
        public let method: String
        public let path: String
        public let status: Int
        public let what: String?
        public let location: String?
        /// The history entries the change appended, `stream#sequence type` (older entries have none).
        public let changes: [String]?
    }

    func record(_ entry: Entry, logger: Logger) async {
        do {
            let payload = String(decoding: try JSONEncoder().encode(entry), as: UTF8.self)
            _ = try await store.append([try NewEvent(stream: Self.stream, type: "change", payload: payload, recordedAt: entry.at)], idempotency: nil)
        } catch {
            logger.error("audit log not written", metadata: ["path": "\(entry.path)", "error": "\(error)"])
        }
    }

    /// The latest entries first.
    public func entries(limit: Int = 200) async throws -> [Entry] {
        try await store.events(stream: Self.stream, after: 0).suffix(limit).reversed().map {
            try JSONDecoder().decode(Entry.self, from: Data($0.payload.utf8))
        }
    }
}
