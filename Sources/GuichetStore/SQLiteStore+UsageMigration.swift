import Foundation
import GRDB
import GuichetCore

extension SQLiteStore {
    /// Migration steps that move data, run in the transaction of the migration's SQL.
    static let dataSteps: [Int: @Sendable (Database) throws -> Void] = [7: packLegacyUsage]

    /// Migration 7: the records of `usage_records` (a row each) become packs, an account's month at
    /// a time, at most `packLimit` records a pack; their ids keep their uniqueness in `usage_ids`.
    static func packLegacyUsage(_ db: Database) throws {
        let packLimit = 5_000
        var pack: Int64 = 0
        var group: [StoredUsage] = []
        func write() throws {
            guard let first = group.first else { return }
            pack += 1
            for u in group { try db.execute(sql: "INSERT INTO usage_ids (id, pack) VALUES (?, ?)", arguments: [u.rated.id, pack]) }
            try db.execute(sql: "INSERT INTO usage_packs (pack, customer_id, period, records, body) VALUES (?, ?, ?, ?, ?)",
                           arguments: [pack, first.customerID, first.period, group.count, Data(UsagePack.encode(group))])
            group.removeAll(keepingCapacity: true)
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, customer_id, line, period, kind, called, called_mobile, start_at, quantity, destination, destination_name,
                amount, list_amount, included, connection, per_minute, allowance, source, import_id
            FROM usage_records ORDER BY customer_id, period, start_at, id
            """)
        while let row = try rows.next() {
            let u = try legacyUsage(row)
            if let first = group.first, first.customerID != u.customerID || first.period != u.period || group.count == packLimit { try write() }
            group.append(u)
        }
        try write()
        try db.execute(sql: "DROP TABLE usage_records")
    }

    private static func legacyUsage(_ row: Row) throws -> StoredUsage {
        let id: String = row["id"]
        guard let kind = UsageKind(rawValue: row["kind"]) else {
            throw StoreError.invalid(field: "usage_records.kind", reason: "record '\(id)' has kind '\(row["kind"] as String? ?? "")', not voice, sms or data")
        }
        let rated = RatedUsage(id: id, line: row["line"], kind: kind, called: row["called"], start: Instant(seconds: row["start_at"]),
                               quantity: row["quantity"], destination: row["destination"], destinationName: row["destination_name"],
                               amount: Money(units: row["amount"]), listAmount: Money(units: row["list_amount"]), included: row["included"],
                               connection: Money(units: row["connection"]), perMinute: Money(units: row["per_minute"]),
                               allowance: row["allowance"], source: row["source"])
        return StoredUsage(rated: rated, customerID: row["customer_id"], period: row["period"], calledLineIsMobile: row["called_mobile"],
                           importID: row["import_id"])
    }
}
