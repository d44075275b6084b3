import GuichetCore
import GuichetData
import GuichetStore

/// Counts of an import as it goes, for a progress bar.
public struct ImportProgress: Sendable {
    public let bytesRead: Int64
    public let totalBytes: Int64
    public let counts: UsageImport
}

/// Reads usage records, rates them and stores them in batches. Each batch is one transaction and
/// a record id already stored is skipped, so an import killed midway and run again stores every
/// record exactly once. Rows that cannot be rated go to quarantine with their line number and
/// reason; alerts are raised as records are stored.
struct UsageImporter {
    let store: any Store
    let context: RatingContext
    let batchSize: Int

    func run<S: LineSource>(_ source: inout S, format: CDRFormat, name: String, importID: String, at now: Instant,
                            progress: (ImportProgress) -> Void) async throws -> UsageImport {
        var counts = UsageImport(id: importID, source: name, format: format.rawValue, startedAt: now)
        if format == .csv {
            let header = try source.next().map { String(decoding: $0, as: UTF8.self) }
            guard header == CDRFormat.csvHeader else {
                throw UsageError.badFile("\(name):1: the first line must be the header '\(CDRFormat.csvHeader)', not '\(header ?? "")'")
            }
        }
        try await store.beginImport(counts)
        var monitors = FairUseMonitors(store: store, context: context)
        var batch: [RatingContext.Rated] = []
        var quarantine: [QuarantinedRow] = []
        batch.reserveCapacity(batchSize)
        while let row = try source.next() {
            if row.isEmpty { continue }
            counts.read += 1
            do throws(CDRProblem) {
                let record: UsageRecord
                do { record = format == .csv ? try CDRParser.csv(row) : try CDRParser.jsonl(row) } catch { throw CDRProblem(error.field, error.reason) }
                batch.append(try context.rate(record, importID: importID))
            } catch {
                quarantine.append(QuarantinedRow(raw: String(decoding: row, as: UTF8.self), format: format.rawValue, importID: importID,
                                                 lineNumber: source.lineNumber, field: error.field, reason: error.reason))
            }
            if batch.count >= batchSize || quarantine.count >= batchSize {
                try await flush(&batch, &quarantine, &monitors, into: &counts, at: now)
                progress(ImportProgress(bytesRead: source.bytesRead, totalBytes: source.totalBytes, counts: counts))
            }
        }
        try await flush(&batch, &quarantine, &monitors, into: &counts, at: now)
        counts.finishedAt = now
        try await store.finishImport(counts)
        progress(ImportProgress(bytesRead: source.bytesRead, totalBytes: source.totalBytes, counts: counts))
        return counts
    }

    private func flush(_ batch: inout [RatingContext.Rated], _ quarantine: inout [QuarantinedRow], _ monitors: inout FairUseMonitors, into counts: inout UsageImport, at now: Instant) async throws {
        if !quarantine.isEmpty {
            try await store.quarantine(quarantine)
            counts.quarantined += quarantine.count
            quarantine.removeAll(keepingCapacity: true)
        }
        guard !batch.isEmpty else { return }
        try await monitors.prepare(for: batch)
        let inserted = try await store.storeUsage(batch.map(\.stored))
        var alerts: [StoredAlert] = []
        for (rated, new) in zip(batch, inserted) {
            if new {
                counts.rated += 1
                alerts += monitors.observe(rated, at: now)
            } else {
                counts.duplicates += 1
            }
        }
        if !alerts.isEmpty { _ = try await store.raise(alerts) }
        batch.removeAll(keepingCapacity: true)
    }
}
