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
    ]

    static var latest: Int { all.last?.version ?? 0 }

    /// When a step is applied, as an ISO 8601 UTC instant (the same text on both engines).
    static func appliedAtNow() -> String { SystemClock.now().description }

    static let createLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
        """
}
