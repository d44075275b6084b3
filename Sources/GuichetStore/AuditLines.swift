import GuichetCore

// How each table change reads in the audit log. Bulk writes (usage, quarantine) are told as counts:
// their rows keep the import that wrote them.

extension BillRun {
    var auditLine: String {
        "bill run \(id) \(period): \(accounts) account(s), \(issued) issued, \(existing) already issued, \(empty) empty\(finishedAt == nil ? " (running)" : "")"
    }
}

extension IssueOutcome {
    /// Nil for an invoice issued before: nothing was written.
    var auditLine: String? {
        guard case .issued(let i) = self else { return nil }
        return "invoice \(i.id) \(i.number) issued to \(i.customerID): \(i.includingTax) TTC"
    }
}

extension InvoiceStateChange {
    static func auditLine(_ invoiceID: String, _ state: String, _ note: String?) -> String {
        "invoice \(invoiceID): \(state)\(note.map { " (\($0))" } ?? "")"
    }
}

extension StoredPayment {
    var auditLine: String {
        "payment \(id) of \(amount) by \(method.rawValue) on \(receivedOn), account \(account)"
            + allocations.map { ", \($0.amount) to invoice \($0.invoiceID)" }.joined()
    }
}

extension UsageImport {
    var auditLine: String {
        "usage import \(id) (\(source)): \(read) read, \(rated) rated, \(duplicates) duplicate(s), \(quarantined) quarantined"
    }
}

extension StoredUsage {
    static func auditLines(_ rows: [StoredUsage], _ inserted: [Bool]) -> [String] {
        let new = inserted.filter { $0 }.count
        guard new > 0 else { return [] }
        return ["usage records: \(new) added by import \(rows[0].importID)"]
    }

    func rerateLine(_ runID: String?) -> String {
        "usage \(rated.id): \(rated.destination) \(rated.amount)\(runID.map { " (rerate \($0))" } ?? "")"
    }
}

extension QuarantinedRow {
    static func auditLines(_ rows: [QuarantinedRow], added: Int) -> [String] {
        added > 0 ? ["usage quarantine: \(added) row(s) set aside by import \(rows[0].importID)"] : []
    }
    static func replayedLines(_ raw: [String]) -> [String] { raw.isEmpty ? [] : ["usage quarantine: \(raw.count) row(s) replayed"] }
    static func openLines(_ raw: [String]) -> [String] { ["usage quarantine: \(raw.count) row(s) open"] }
    static func reasonLines(_ rows: [QuarantinedRow]) -> [String] {
        rows.map { "usage quarantine: line \($0.lineNumber) of import \($0.importID) now \($0.field): \($0.reason)" }
    }
}

extension StoredAlert {
    var auditLine: String { "alert \(alert.id) \(alert.rule) on \(alert.line) for \(customerID): \(alert.message)" }
}

extension Erasure {
    static func auditLines(_ rewrites: [Erasure], reason: String) -> [String] {
        rewrites.map { "event #\($0.sequence) erased (\(reason))" }
    }
}
