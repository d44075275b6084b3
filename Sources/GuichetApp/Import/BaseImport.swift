import Foundation
import GuichetCore
import GuichetData
import GuichetStore

/// How an operator moves its existing base onto Guichet (docs/base-import.md): customers, then their
/// contracts, then their lines, from CSV or JSON Lines, the operator's own ids kept as external
/// references. Idempotent by those ids (by the number for lines): a row already stored is counted,
/// not stored again. Every row is checked before anything of its batch is written; a bad row is
/// reported with its line, field and reason, and the good rows of its batch are stored in one
/// transaction with their events and state rows — a row is stored whole or not at all.
public struct BaseImport: Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case customers, contracts, lines

        /// The state table the rows go to.
        package var table: StateTable {
            switch self {
            case .customers: .customers
            case .contracts: .contracts
            case .lines: .lines
            }
        }

        /// The fields a file of this kind may hold; the first ones are required.
        public var fields: (required: [String], optional: [String]) {
            switch self {
            case .customers: (["externalId", "name", "kind", "territory"], ["addressLine1", "addressLine2", "postcode", "city", "email", "phone"])
            case .contracts: (["externalId", "customer", "offering", "orderedOn"],
                              ["engagementMonths", "quantity", "state", "activatedOn", "changedOn", "engagementEnd", "distanceSale",
                               "chosenActivationDate", "equipment"])
            case .lines: (["number", "contract"], ["site"])
            }
        }
    }

    public struct Report: Sendable, Codable, Hashable {
        public let kind: Kind
        public var read = 0
        public var imported = 0
        public var alreadyPresent = 0
        public var errors: [RecordError] = []
    }

    public struct Progress: Sendable {
        public let bytesRead: Int64
        public let totalBytes: Int64
        public let report: Report
    }

    /// Rows checked and written together: one transaction.
    package static let batchSize = 5000

    package let lines: LineDirectory
    package var contracts: ContractService { lines.contracts }
    package var store: any EventStore { lines.store }

    public init(lines: LineDirectory) { self.lines = lines }

    public func run<S: LineSource>(_ kind: Kind, _ source: S, format: CDRFormat, at now: Instant,
                                   progress: (Progress) -> Void = { _ in }) async throws -> Report {
        let fields = kind.fields
        var reader = try RecordReader(source, format: format, known: Set(fields.required + fields.optional))
        var report = Report(kind: kind)
        var batch: [FlatRecord] = []
        var seen: [String: Int] = [:]
        // One batch is written while the next is read and checked (on the other core): a batch's rows are still
        // stored whole or not at all, and the rows of a file are counted once written.
        var writing: Task<Int, any Error>?
        func written() async throws {
            if let writing { report.imported += try await writing.value }
            writing = nil
        }
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let prepared: Prepared
            switch kind {
            case .customers: prepared = try await customers(batch, &report, &seen, at: now)
            case .contracts: prepared = try await contracts(batch, &report, &seen, at: now)
            case .lines: prepared = try await lines(batch, &report, &seen, at: now)
            }
            batch.removeAll(keepingCapacity: true)
            try await written()
            if prepared.count > 0 { writing = Task { [store] in try await prepared.write(to: store) } }
            progress(Progress(bytesRead: reader.source.bytesRead, totalBytes: reader.source.totalBytes, report: report))
        }
        do {
            while let next = try reader.next() {
                report.read += 1
                switch next {
                case .failure(let e): report.errors.append(e)
                case .success(let record):
                    if let missing = fields.required.first(where: { record.fields[$0] == nil }) {
                        report.errors.append(RecordError(line: record.line, field: missing, reason: "is required"))
                    } else {
                        batch.append(record)
                    }
                }
                if batch.count == Self.batchSize { try await flush() }
            }
            try await flush()
            try await written()
        } catch {
            // A batch still being written finishes (or fails) whole before the error is reported.
            _ = try? await writing?.value
            throw error
        }
        if report.imported > 0 { try await store.settle(kind.table) }
        report.errors.sort { $0.line < $1.line }
        return report
    }

    /// `body` applied to as many slices of `items` as the machine has cores, at once, results in the items' order: a
    /// batch is checked and encoded (JSON, the larger part of an import's work) on every core while the previous one
    /// is written.
    package static func onEveryCore<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (ArraySlice<T>) throws -> [R]) async throws -> [R] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let size = max(1, (items.count + cores - 1) / cores)
        let slices = stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
        return try await slices.concurrentMap { try body($0) }.flatMap { $0 }
    }

    /// Whether `id` (a row's identity) was seen before in the file; records it otherwise.
    package static func duplicate(_ id: String, _ record: FlatRecord, _ seen: inout [String: Int], _ report: inout Report, field: String) -> Bool {
        if let first = seen[id] {
            report.errors.append(RecordError(line: record.line, field: field, reason: "'\(id)' appears twice in the file (first on line \(first))"))
            return true
        }
        seen[id] = record.line
        return false
    }

    /// The rows of `batch` to store, with their `externalId`: those seen earlier in the file are reported, those already
    /// stored counted as present.
    package static func fresh(_ batch: [FlatRecord], stored: Set<String>, _ seen: inout [String: Int],
                              _ report: inout Report) -> [(fields: RowFields, id: String)] {
        var rows: [(fields: RowFields, id: String)] = []
        for record in batch {
            let f = RowFields(record: record)
            let id = f.required("externalId")
            if duplicate(id, record, &seen, &report, field: "externalId") { continue }
            if stored.contains(id) { report.alreadyPresent += 1; continue }
            rows.append((f, id))
        }
        return rows
    }

    /// The external ids of `batch` already held by `table`.
    package func stored(_ table: StateTable, _ batch: [FlatRecord]) async throws -> Set<String> {
        Set(try await store.stateRows(table, where: "external_id", in: batch.compactMap { $0.fields["externalId"] }).compactMap { $0.values["external_id"] })
    }

    /// A batch's good rows, checked, not yet written: their events and state rows, or (customers) how to make them once
    /// the batch is next to be written — customer numbers are taken then, in file order, from the counter that the
    /// previous batch's write holds while it lasts.
    package struct Prepared: Sendable {
        let count: Int
        let make: @Sendable () async throws -> (events: [NewEvent], rows: [StateRow])

        init(count: Int, make: @escaping @Sendable () async throws -> (events: [NewEvent], rows: [StateRow])) {
            self.count = count; self.make = make
        }

        /// `count`: the file's rows they store (a contract's row may come with its obligation's), all of `rows` by default.
        init(events: [NewEvent], rows: [StateRow], count: Int? = nil) {
            self.init(count: count ?? rows.count) { (events, rows) }
        }

        /// Makes and writes them in one transaction; returns how many of the file's rows were stored.
        func write(to store: any EventStore) async throws -> Int {
            let (events, rows) = try await make()
            _ = try await store.append(events, state: rows, idempotency: nil)
            return count
        }
    }

    /// A domain refusal as a row error, on the field it names.
    package static func rowError(_ error: any Error, line: Int, field: String) -> RecordError {
        switch error {
        case ContractError.invalid(let f, let reason), UsageError.invalid(let f, let reason): RecordError(line: line, field: f, reason: reason)
        case let e as RecordError: e
        case let e as any CustomStringConvertible: RecordError(line: line, field: field, reason: e.description)
        default: RecordError(line: line, field: field, reason: "\(error)")
        }
    }
}

/// A record's fields, read with the row's line for errors.
package struct RowFields: Sendable {
    package let record: FlatRecord
    package subscript(_ name: String) -> String? { record.fields[name] }

    package func required(_ name: String) -> String { record.fields[name] ?? "" }

    package func date(_ name: String) throws(RecordError) -> LocalDate? {
        guard let text = self[name] else { return nil }
        guard let d = try? LocalDate(iso: text) else { throw RecordError(line: record.line, field: name, reason: "'\(text)' is not a date (YYYY-MM-DD)") }
        return d
    }

    package func int(_ name: String) throws(RecordError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let n = Int(text) else { throw RecordError(line: record.line, field: name, reason: "'\(text)' is not a whole number") }
        return n
    }

    package func bool(_ name: String) throws(RecordError) -> Bool? {
        guard let text = self[name] else { return nil }
        switch text.lowercased() {
        case "true", "1", "oui", "yes": return true
        case "false", "0", "non", "no": return false
        default: throw RecordError(line: record.line, field: name, reason: "'\(text)' is not true or false")
        }
    }

    package func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws(RecordError) -> T? where T.RawValue == String {
        guard let text = self[name] else { return nil }
        guard let v = T(rawValue: text) else {
            throw RecordError(line: record.line, field: name, reason: "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }
}

/// A file that cannot be imported at all (unreadable, no header, a field unknown): nothing is stored.
public struct BaseImportFileError: Error, CustomStringConvertible {
    public let description: String
}

extension BaseImport {
    /// Imports a file, its format from its name unless given (`.jsonl`, `.ndjson`: JSON Lines; CSV otherwise).
    public func importFile(_ kind: Kind, path: String, format: CDRFormat?, at now: Instant,
                           progress: (Progress) -> Void = { _ in }) async throws -> Report {
        let reader: LineReader
        do { reader = try LineReader(path: path) } catch { throw BaseImportFileError(description: "\(path): cannot be read") }
        defer { reader.close() }
        do {
            return try await run(kind, reader, format: format ?? CDRFormat.guess(path: path), at: now, progress: progress)
        } catch let e as RecordError {
            throw BaseImportFileError(description: "\(path):\(e.line): \(e.field): \(e.reason)")
        }
    }

    /// Imports a request body.
    public func importBody(_ kind: Kind, _ bytes: [UInt8], format: CDRFormat, at now: Instant) async throws -> Report {
        do {
            return try await run(kind, MemoryLines(bytes), format: format, at: now)
        } catch let e as RecordError {
            throw BaseImportFileError(description: "line \(e.line): \(e.field): \(e.reason)")
        }
    }
}
