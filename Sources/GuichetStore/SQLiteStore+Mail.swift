import GRDB
import GuichetCore

extension SQLiteStore {
    public func claimMail(at now: Instant, leaseUntil: Instant, limit: Int) async throws -> [QueuedMail] {
        try await pool.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.sequence, e.payload, e.recorded_at, COALESCE(d.attempts, 0) AS attempts
                FROM events e LEFT JOIN mail_deliveries d ON d.sequence = e.sequence
                WHERE e.stream = ? AND (d.sequence IS NULL OR (d.state = 'pending' AND d.next_attempt_at <= ?))
                ORDER BY e.sequence LIMIT ?
                """, arguments: [MailStream.outbox, now.description, limit])
            return try rows.map { row in
                let mail = QueuedMail(sequence: row["sequence"], payload: row["payload"], queuedAt: try Instant(iso: row["recorded_at"]), attempts: row["attempts"])
                try db.execute(sql: """
                    INSERT INTO mail_deliveries (sequence, state, attempts, next_attempt_at, updated_at) VALUES (?, 'pending', 0, ?, ?)
                    ON CONFLICT (sequence) DO UPDATE SET next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at
                    """, arguments: [mail.sequence, leaseUntil.description, now.description])
                return mail
            }
        }
    }

    public func markMailSent(sequence: Int64, at: Instant) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE mail_deliveries SET state = 'sent', attempts = attempts + 1, next_attempt_at = NULL, delivered_at = ?, updated_at = ?
                WHERE sequence = ?
                """, arguments: [at.description, at.description, sequence])
        }
    }

    public func markMailFailed(sequence: Int64, at: Instant, error: String, retryAt: Instant?) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE mail_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ?
                WHERE sequence = ?
                """, arguments: [retryAt == nil ? "refused" : "pending", retryAt?.description, error, at.description, sequence])
        }
    }

    public func mailDeliveries(limit: Int) async throws -> [MailDelivery] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.sequence, e.payload, e.recorded_at, d.state, d.attempts, d.last_error, d.next_attempt_at, d.delivered_at
                FROM events e LEFT JOIN mail_deliveries d ON d.sequence = e.sequence
                WHERE e.stream = ? ORDER BY e.sequence DESC LIMIT ?
                """, arguments: [MailStream.outbox, limit]).map { row in
                MailDelivery(sequence: row["sequence"], payload: row["payload"], queuedAt: try Instant(iso: row["recorded_at"]),
                             state: (row["state"] as String?).flatMap(MailDelivery.State.init) ?? .pending,
                             attempts: row["attempts"] ?? 0, lastError: row["last_error"],
                             nextAttemptAt: try (row["next_attempt_at"] as String?).map { try Instant(iso: $0) },
                             deliveredAt: try (row["delivered_at"] as String?).map { try Instant(iso: $0) })
            }
        }
    }
}
