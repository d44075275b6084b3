import GuichetCore
import GuichetData
import GuichetStore

extension BaseImport {
    /// Lines, identified by their number, each on a contract named by its `externalId`.
    func lines(_ batch: [FlatRecord], _ report: inout Report, _ seen: inout [String: Int], at now: Instant) async throws {
        var numbers: [Int: String] = [:]
        for record in batch {
            do { numbers[record.line] = try lines.e164(record.fields["number"] ?? "") } catch {
                report.errors.append(Self.rowError(error, line: record.line, field: "number"))
            }
        }
        let held = Dictionary(try await store.stateRows(.lines, where: "number", in: Array(numbers.values)).map { ($0.key, try LineDirectory.decode($0.body)) },
                              uniquingKeysWith: { a, _ in a })
        var owning: [String: Contract] = [:]
        for row in try await store.stateRows(.contracts, where: "external_id", in: Array(Set(batch.compactMap { $0.fields["contract"] }))) {
            let c = try ContractRepository.decode(row.body)
            if let e = c.externalID { owning[e] = c }
        }
        let customers = Dictionary(try await store.stateRows(.customers, where: "id", in: Array(Set(owning.values.map(\.customerID))))
            .map { ($0.key, try CustomerRepository.decode($0.body)) }, uniquingKeysWith: { a, _ in a })
        var events: [NewEvent] = [], rows: [StateRow] = []
        for record in batch {
            guard let number = numbers[record.line] else { continue }
            let f = RowFields(record: record)
            if Self.duplicate(number, record, &seen, &report, field: "number") { continue }
            do {
                guard let contract = owning[f.required("contract")], let customer = customers[contract.customerID] else {
                    throw RecordError(line: record.line, field: "contract", reason: "no contract imported with externalId '\(f.required("contract"))' (import the contracts first)")
                }
                let line = try LineDirectory.line(number, contract: contract, customer: customer, site: f["site"])
                if let existing = held[number] {
                    guard existing == line else {
                        throw RecordError(line: record.line, field: "number", reason: "\(number) is already assigned to contract \(existing.contractID)")
                    }
                    report.alreadyPresent += 1
                    continue
                }
                events.append(try LineDirectory.event(line, at: now))
                rows.append(try LineDirectory.row(line))
            } catch {
                report.errors.append(Self.rowError(error, line: record.line, field: "line"))
            }
        }
        try await write(events, rows, &report)
    }
}
