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
/// reason; alerts are raised as records are stored. While one batch is written, the next is
/// read and rated, and the one before is watched for fair use (two cores: the writer is never
/// left waiting for the monitors).
package struct UsageImporter {
    /// Records per transaction: the more, the fuller SQLite's packs when a file spreads over thousands of
    /// lines; 20 000 stored 2 000 lines' records 1.3× as fast as 10 000, for ~25 MB more memory, and 50 000
    /// would pass 200 MB with 20 000 lines (docs/performance.md).
    package static let batchSize = 20_000

    package let store: any EventStore & UsageStore
    package let context: RatingContext

    /// The import's counts, and the capped-plan lines it brought records for (their balance is to be watched).
    package func run<S: LineSource>(_ source: inout S, format: CDRFormat, name: String, importID: String, at now: Instant,
                            progress: (ImportProgress) -> Void) async throws -> (counts: UsageImport, capped: [ServiceLine]) {
        var counts = UsageImport(id: importID, source: name, format: format.rawValue, startedAt: now)
        if format == .csv {
            let header = try source.next().map { String(decoding: $0, as: UTF8.self) }
            guard header == CDRFormat.csvHeader || header == CDRFormat.csvHeaderWithVisited else {
                throw UsageError.badFile("\(name):1: the first line must be the header '\(CDRFormat.csvHeader)' (or with ',visited'), not '\(header ?? "")'")
            }
        }
        try await store.beginImport(counts)
        var monitors = FairUseMonitors(store: store, context: context)
        var batch = Batch.reserved()
        var writing: Writing?
        var alerts: [StoredAlert] = []
        var quarantine: [QuarantinedRow] = []
        var capped = Set<Int>()
        while let row = try source.next() {
            if row.isEmpty { continue }
            counts.read += 1
            do throws(CDRRowError) {
                let record: UsageRecord
                record = format == .csv ? try CDRParser.csv(row) : try CDRParser.jsonl(row)
                let rated = try context.rate(record, importID: importID)
                batch.stored.append(rated.stored); batch.sides.append(rated.side)
                if context.lines[rated.side.line].capped { capped.insert(rated.side.line) }
            } catch {
                quarantine.append(QuarantinedRow(raw: String(decoding: row, as: UTF8.self), format: format.rawValue, importID: importID,
                                                 lineNumber: source.lineNumber, field: error.field, reason: error.reason))
            }
            if batch.stored.count >= Self.batchSize || quarantine.count >= Self.batchSize {
                try await flush(&batch, &quarantine, &monitors, &writing, &alerts, into: &counts, at: now)
                progress(ImportProgress(bytesRead: source.bytesRead, totalBytes: source.totalBytes, counts: counts))
            }
        }
        try await flush(&batch, &quarantine, &monitors, &writing, &alerts, into: &counts, at: now)
        try await flush(&batch, &quarantine, &monitors, &writing, &alerts, into: &counts, at: now)   // the last batch written and watched
        if !alerts.isEmpty { _ = try await store.raise(alerts) }
        counts.finishedAt = now
        try await store.finishImport(counts)
        progress(ImportProgress(bytesRead: source.bytesRead, totalBytes: source.totalBytes, counts: counts))
        return (counts, capped.sorted().map { context.lines[$0].line })
    }

    /// Rated records waiting for storage, with what fair-use monitoring needs, side by side.
    package struct Batch {
        package var stored: [StoredUsage] = []
        package var sides: [RatingContext.Side] = []

        /// An empty batch with room for a whole one: its arrays never grow while it fills.
        package static func reserved() -> Batch {
            var b = Batch()
            b.stored.reserveCapacity(batchSize); b.sides.reserveCapacity(batchSize)
            return b
        }
    }

    /// A batch being written, and the task writing it.
    package struct Writing {
        package let batch: Batch
        package let task: Task<[Bool], any Error>
    }

    /// Waits for the previous batch's write and raises the alerts found before it (the writer is idle
    /// then), starts writing this batch, and watches the previous one's new records for fair use
    /// meanwhile. Their alerts are raised at the next call: an import killed before loses them, as
    /// it would lose those of a record stored just before the kill.
    private func flush(_ batch: inout Batch, _ quarantine: inout [QuarantinedRow], _ monitors: inout FairUseMonitors, _ writing: inout Writing?,
                       _ alerts: inout [StoredAlert], into counts: inout UsageImport, at now: Instant) async throws {
        var written: (batch: Batch, inserted: [Bool])?
        if let w = writing {
            written = (w.batch, try await w.task.value)
            writing = nil
        }
        if !alerts.isEmpty {
            _ = try await store.raise(alerts)
            alerts.removeAll()
        }
        if !quarantine.isEmpty {
            try await store.quarantine(quarantine)
            counts.quarantined += quarantine.count
            quarantine.removeAll(keepingCapacity: true)
        }
        if !batch.stored.isEmpty {
            // Primed after the previous batch is stored and before this one is, so a monitor never misses or
            // double-counts a record: a monitor new here has no record in the previous batch.
            try await monitors.prepare(stored: batch.stored, sides: batch.sides)
            let rows = batch.stored
            writing = Writing(batch: batch, task: Task { [store] in try await store.storeUsage(rows) })
            batch = Batch.reserved()
        }
        guard let written else { return }
        for i in written.inserted.indices {
            if written.inserted[i] {
                counts.rated += 1
                alerts += monitors.observe(written.batch.stored[i], written.batch.sides[i], at: now)
            } else {
                counts.duplicates += 1
            }
        }
    }
}
