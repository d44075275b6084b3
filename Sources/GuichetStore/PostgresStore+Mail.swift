import GuichetCore
import PostgresNIO

extension PostgresStore {
    public func claimMail(at now: Instant, leaseUntil: Instant, limit: Int) async throws -> [QueuedMail] {
        try await run {
            try await self.client.withTransaction(logger: self.logger) { conn in
                // One claimer at a time: two workers never hold the same message.
                try await conn.query("SELECT pg_advisory_xact_lock(hashtext('guichet-mail-claim'))", logger: self.logger)
                let rows = try await conn.query("""
                    SELECT e.sequence, e.payload, e.recorded_at, COALESCE(d.attempts, 0)
                    FROM events e LEFT JOIN mail_deliveries d ON d.sequence = e.sequence
                    WHERE e.stream = \(MailStream.outbox) AND (d.sequence IS NULL OR (d.state = 'pending' AND d.next_attempt_at <= \(now.description)))
                    ORDER BY e.sequence LIMIT \(limit)
                    """, logger: self.logger)
                var claimed: [QueuedMail] = []
                for try await (sequence, payload, recordedAt, attempts) in rows.decode((Int64, String, String, Int64).self) {
                    claimed.append(QueuedMail(sequence: sequence, payload: payload, queuedAt: try Instant(iso: recordedAt), attempts: Int(attempts)))
                }
                for mail in claimed {
                    try await conn.query("""
                        INSERT INTO mail_deliveries (sequence, state, attempts, next_attempt_at, updated_at)
                        VALUES (\(mail.sequence), 'pending', 0, \(leaseUntil.description), \(now.description))
                        ON CONFLICT (sequence) DO UPDATE SET next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at
                        """, logger: self.logger)
                }
                return claimed
            }
        }
    }

    public func markMailSent(sequence: Int64, at: Instant) async throws {
        try await run {
            try await self.client.query("""
                UPDATE mail_deliveries SET state = 'sent', attempts = attempts + 1, next_attempt_at = NULL,
                    delivered_at = \(at.description), updated_at = \(at.description)
                WHERE sequence = \(sequence)
                """, logger: self.logger)
        }
    }

    public func markMailFailed(sequence: Int64, at: Instant, error: String, retryAt: Instant?) async throws {
        try await run {
            try await self.client.query("""
                UPDATE mail_deliveries SET state = \(retryAt == nil ? "refused" : "pending"), attempts = attempts + 1,
                    next_attempt_at = \(retryAt?.description), last_error = \(error), updated_at = \(at.description)
                WHERE sequence = \(sequence)
                """, logger: self.logger)
        }
    }

    public func mailDeliveries(limit: Int) async throws -> [MailDelivery] {
        try await run {
            let rows = try await self.client.query("""
                SELECT e.sequence, e.payload, e.recorded_at, d.state, d.attempts, d.last_error, d.next_attempt_at, d.delivered_at
                FROM events e LEFT JOIN mail_deliveries d ON d.sequence = e.sequence
                WHERE e.stream = \(MailStream.outbox) ORDER BY e.sequence DESC LIMIT \(limit)
                """, logger: self.logger)
            var result: [MailDelivery] = []
            for try await (sequence, payload, recordedAt, state, attempts, lastError, next, delivered)
                in rows.decode((Int64, String, String, String?, Int64?, String?, String?, String?).self) {
                result.append(MailDelivery(sequence: sequence, payload: payload, queuedAt: try Instant(iso: recordedAt),
                                           state: state.flatMap(MailDelivery.State.init) ?? .pending, attempts: Int(attempts ?? 0),
                                           lastError: lastError, nextAttemptAt: try next.map { try Instant(iso: $0) },
                                           deliveredAt: try delivered.map { try Instant(iso: $0) }))
            }
            return result
        }
    }
}
