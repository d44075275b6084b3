import Foundation
import GuichetCore
import GuichetStore

/// The price index values the revisions of 004 §15.1 read (Syntec, INSEE 010765308): one stream `price-indices` of
/// recordings, each the values of one file. Read whole by each run that revises (a few hundred values a decade),
/// so that every instance sees what any other recorded.
package struct PriceIndexRepository: Sendable {
    package let store: any EventStore
    package static let stream = "price-indices"
    package static let recorded = "index-values-recorded"

    package struct Recording: Codable { let file: String; let values: [IndexValue] }

    /// One value per series and publication day, the last recorded winning (a corrected value replaces the first).
    package func all() async throws -> [IndexValue] {
        var byKey: [String: IndexValue] = [:]
        for event in try await store.events(stream: Self.stream, after: 0) where event.type == Self.recorded {
            for v in try JSONDecoder().decode(Recording.self, from: Data(event.payload.utf8)).values { byKey["\(v.series)|\(v.published)"] = v }
        }
        return byKey.values.sorted { ($0.series, $0.published.ordinal) < ($1.series, $1.published.ordinal) }
    }

    /// Records values; the same values recorded again are stored once.
    package func record(_ values: [IndexValue], file: String, at now: Instant) async throws -> Bool {
        let content = values.map { "\($0.series)|\($0.published)|\($0.milli)" }.joined(separator: "\n")
        let key = try IdempotencyKey(scope: "price-indices", key: Fingerprint.of(content), fingerprint: Fingerprint.of(content))
        let payload = String(decoding: try JSONEncoder().encode(Recording(file: file, values: values)), as: UTF8.self)
        return try await store.append([try NewEvent(stream: Self.stream, type: Self.recorded, payload: payload, recordedAt: now)], idempotency: key).replayed
    }
}
