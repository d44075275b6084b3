import GuichetCore
import GuichetData
import GuichetStore

extension BaseImport {
    /// Lines, identified by their number, each on a contract named by its `externalId`.
    package func lines(_ batch: [FlatRecord], _ report: inout Report, _ seen: inout [String: Int], at now: Instant) async throws -> Prepared {
        var numbers: [Int: String] = [:]
        for record in batch {
            do { numbers[record.line] = try lines.e164(record.fields["number"] ?? "") } catch {
                report.errors.append(Self.rowError(error, line: record.line, field: "number"))
            }
        }
        let held = Dictionary(try await store.stateRows(.lines, where: "number", in: Array(numbers.values)).map { ($0.key, try LineDirectory.decode($0.body)) },
                              uniquingKeysWith: { a, _ in a })
        // The owning contracts' columns; the customers' sites only for Workplace Together contracts.
        var owning: [String: LineDirectory.Owner] = [:]
        for row in try await store.stateRows(.contracts, where: "external_id", in: Array(Set(batch.compactMap { $0.fields["contract"] }))) {
            if let e = row.values["external_id"], let owner = LineDirectory.Owner(row: row) { owning[e] = owner }
        }
        let workplace = Array(Set(owning.values.filter { $0.family.terms.packs }.map(\.customerID)))
        let sites = Dictionary(try await store.stateRows(.customers, where: "id", in: workplace)
            .map { ($0.key, try CustomerRepository.decode($0.body).details.sites.map(\.id)) }, uniquingKeysWith: { a, _ in a })
        var assigned: [ServiceLine] = []
        for record in batch {
            guard let number = numbers[record.line] else { continue }
            let f = RowFields(record: record)
            if Self.duplicate(number, record, &seen, &report, field: "number") { continue }
            do {
                guard let owner = owning[f.required("contract")] else {
                    throw RecordError(line: record.line, field: "contract", reason: "no contract imported with externalId '\(f.required("contract"))' (import the contracts first)")
                }
                let line = try LineDirectory.line(number, on: owner, sites: sites[owner.customerID] ?? [], site: f["site"])
                if let existing = held[number] {
                    guard existing == line else {
                        throw RecordError(line: record.line, field: "number", reason: "\(number) is already assigned to contract \(existing.contractID)")
                    }
                    report.alreadyPresent += 1
                    continue
                }
                assigned.append(line)
            } catch {
                report.errors.append(Self.rowError(error, line: record.line, field: "line"))
            }
        }
        let encoded = try await Self.onEveryCore(assigned) { slice in try slice.map { try LineDirectory.stored($0, at: now) } }
        return Prepared(events: encoded.map(\.event), rows: encoded.map(\.row))
    }
}
