import GuichetCore
import GuichetData
import GuichetStore

extension BaseImport {
    /// Contracts, identified by `externalId`, each on a customer named by its `externalId`: ordered on the
    /// offering's price in force on `orderedOn`, then taken to `state` by the state machine's own actions.
    package func contracts(_ batch: [FlatRecord], _ report: inout Report, _ seen: inout [String: Int], at now: Instant) async throws -> Prepared {
        let stored = try await stored(.contracts, batch)
        // The owners' ids, kinds and territories, from their rows' columns (no record decoded).
        var owners: [String: (id: String, kind: PartyKind, territory: String)] = [:]
        for row in try await store.stateRows(.customers, where: "external_id", in: Array(Set(batch.compactMap { $0.fields["customer"] }))) {
            if let e = row.values["external_id"], let kind = row.values["kind"].flatMap(PartyKind.init), let territory = row.values["territory"] {
                owners[e] = (row.key, kind, territory)
            }
        }
        let set = await contracts.catalogs.current
        let service = contracts, ownerOf = owners
        // Checked and encoded on every core, each slice with its memo of fees; results in the file's order.
        let outcomes = try await Self.onEveryCore(Self.fresh(batch, stored: stored, &seen, &report)) { slice in
            var fees = ContractService.FeeMemo()
            return slice.map { f, id -> Result<([NewEvent], [StateRow]), RecordError> in
                let record = f.record
                do {
                    guard let owner = ownerOf[f.required("customer")] else {
                        throw RecordError(line: record.line, field: "customer",
                                          reason: "no customer imported with externalId '\(f.required("customer"))' (import the customers first)")
                    }
                    let order = ContractService.Order(
                        customer: owner.id, offering: f.required("offering"), engagementMonths: try f.int("engagementMonths"), quantity: try f.int("quantity"),
                        orderedOn: try f.date("orderedOn")!, distanceSale: try f.bool("distanceSale"), chosenActivationDate: try f.date("chosenActivationDate"),
                        equipment: try f.choice("equipment", EquipmentMode.self))
                    var ordered = try service.newContract(order, customerID: owner.id, kind: owner.kind, territoryID: owner.territory, set: set, fees: &fees)
                    ordered.externalID = id
                    var changes = try Self.changes(to: try f.choice("state", ContractState.self) ?? .pendingActivation, f, orderedOn: order.orderedOn)
                    var contract = ordered
                    for t in changes { try contract.apply(t.action, on: t.on, note: t.note) }
                    // A termination requested before the migration is carried out on its effective date, as one requested here.
                    var scheduled: [Obligation] = []
                    if contract.state == .pendingTermination, let last = changes.indices.last,
                       let o = service.scheduledTermination(contract, request: TerminationRequest(receivedOn: changes[last].on), set: set) {
                        scheduled.append(o)
                    }
                    // A module's fee is revised from its first anniversary on, as ordered here (D-RUN-9).
                    if !contract.state.isFinal, let o = service.scheduledRevision(contract, onOrAfter: order.orderedOn) { scheduled.append(o) }
                    if let o = service.scheduledRenewal(contract) { scheduled.append(o) }
                    contract.nextActionOn = scheduled.map(\.dueOn).min()
                    if changes.isEmpty { ordered.nextActionOn = contract.nextActionOn } else { changes[changes.count - 1].next = contract.nextActionOn }
                    let obligations = try scheduled.map { try ObligationRepository.stored($0, at: now) }
                    if let end = try f.date("engagementEnd"), end != contract.engagementEnd {
                        throw RecordError(line: record.line, field: "engagementEnd",
                                          reason: "\(end) is not the end the contract's dates give (\(contract.engagementEnd.map(\.description) ?? "none"): "
                                              + "engagement start and engagementMonths)")
                    }
                    return .success((try ContractRepository.events(ordered, changes: changes, at: now) + obligations.map(\.event),
                                     [try ContractRepository.row(contract)] + obligations.map(\.row)))
                } catch {
                    return .failure(Self.rowError(error, line: record.line, field: "line"))
                }
            }
        }
        var events: [NewEvent] = [], rows: [StateRow] = [], imported = 0
        for outcome in outcomes {
            switch outcome {
            case .success(let (e, r)): events += e; rows += r; imported += 1
            case .failure(let error): report.errors.append(error)
            }
        }
        return Prepared(events: events, rows: rows, count: imported)
    }

    /// The actions that take an ordered contract to `state`, on the dates the row gives: `activatedOn`, then
    /// `changedOn` for the day it entered a state past activation.
    package static func changes(to state: ContractState, _ f: RowFields, orderedOn: LocalDate) throws -> [ContractRepository.Transition] {
        let line = f.record.line
        let activated = try f.date("activatedOn"), changed = try f.date("changedOn")
        func needed(_ d: LocalDate?, _ field: String, after start: LocalDate) throws -> LocalDate {
            guard let d else { throw RecordError(line: line, field: field, reason: "is required for a contract \(state.rawValue)") }
            guard d >= start else { throw RecordError(line: line, field: field, reason: "\(d) is before \(start)") }
            return d
        }
        func change(_ a: ContractAction, _ on: LocalDate) -> ContractRepository.Transition { .init(action: a, on: on, note: "migration import") }
        if state == .pendingActivation || state == .cancelled, activated != nil {
            throw RecordError(line: line, field: "activatedOn", reason: "a contract \(state.rawValue) was never activated")
        }
        let activation = state == .pendingActivation || state == .cancelled || (state == .withdrawn && activated == nil)
            ? [] : [change(.activate, try needed(activated, "activatedOn", after: orderedOn))]
        let since = activation.first?.on ?? orderedOn
        switch state {
        case .pendingActivation, .active:
            if changed != nil { throw RecordError(line: line, field: "changedOn", reason: "only a contract past activation has a change date") }
            return activation
        case .suspended: return activation + [change(.suspend, try needed(changed, "changedOn", after: since))]
        case .pendingTermination: return activation + [change(.requestTermination, try needed(changed, "changedOn", after: since))]
        case .terminated: return activation + [change(.terminate, try needed(changed, "changedOn", after: since))]
        case .cancelled: return [change(.cancel, try needed(changed, "changedOn", after: since))]
        case .withdrawn: return activation + [change(.withdraw, try needed(changed, "changedOn", after: since))]
        }
    }
}
