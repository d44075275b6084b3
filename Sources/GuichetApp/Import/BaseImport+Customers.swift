import GuichetCore
import GuichetData
import GuichetStore

extension BaseImport {
    /// Customers, identified by `externalId`; numbered from the customers' counter in file order.
    package func customers(_ batch: [FlatRecord], _ report: inout Report, _ seen: inout [String: Int], at now: Instant) async throws -> Prepared {
        let stored = try await stored(.customers, batch)
        var fresh: [(externalID: String, name: String, kind: PartyKind, territory: String, details: PartyDetails)] = []
        for (f, id) in Self.fresh(batch, stored: stored, &seen, &report) {
            let record = f.record
            do {
                guard let kind = try f.choice("kind", PartyKind.self) else { continue }
                let territory = TerritoryID.current(f.required("territory"))
                let details = PartyDetails(address: try address(f, territory: territory), contacts: contacts(f), sites: [], users: [])
                try contracts.check(name: f.required("name"), territoryID: territory, kind: kind, details: details)
                fresh.append((id, f.required("name"), kind, territory, details))
            } catch {
                report.errors.append(Self.rowError(error, line: record.line, field: "line"))
            }
        }
        let repository = contracts.customerRepository, checked = fresh
        return Prepared(count: checked.count) {
            let numbers = try await repository.numbers(checked.count)
            let customers = zip(checked, numbers).map { r, number in
                ContractService.newCustomer(number: number, name: r.name, kind: r.kind, territoryID: r.territory, details: r.details, externalID: r.externalID)
            }
            let versions = try await Self.onEveryCore(customers) { slice in try slice.map { try CustomerRepository.stored($0, .created, at: now) } }
            return (versions.map(\.event), versions.map(\.row))
        }
    }

    private func address(_ f: RowFields, territory: String) throws(RecordError) -> Address? {
        let parts = ["addressLine1", "postcode", "city"]
        guard parts.contains(where: { f[$0] != nil }) || f["addressLine2"] != nil else { return nil }
        if let missing = parts.first(where: { f[$0] == nil }) {
            throw RecordError(line: f.record.line, field: missing, reason: "an address needs addressLine1, postcode and city")
        }
        return Address(line1: f.required("addressLine1"), line2: f["addressLine2"], postcode: f.required("postcode"), city: f.required("city"),
                       territory: territory)
    }

    private func contacts(_ f: RowFields) -> [Contact] {
        f["email"] == nil && f["phone"] == nil ? [] : [Contact(name: f.required("name"), email: f["email"], phone: f["phone"])]
    }
}
