import GuichetCore
import GuichetMail
import GuichetStore

/// 001 CG 2 and 003 CG 4 on their days: a distance sale's subscription documents are awaited 15 days; not received, the
/// customer is reminded the day after, and 8 days after the reminder the contract is suspended then terminated — no
/// indemnity, no engagement fees, the fees and calls due until that day (D-CTR-14). Staff record the copies' receipt,
/// which cancels what is pending.
extension ContractService {
    /// The reminder an order schedules, unless its copies came with it.
    package func scheduledDocumentsReminder(_ c: Contract) -> Obligation? {
        guard let step = c.documentsReminder else { return nil }
        return due(.documentsReminder, of: c, on: step.from, step.explanation)
    }

    /// Records the copies received on `day`: the reminder or the termination still pending is cancelled.
    public func subscriptionDocumentsReceived(_ id: String, on day: LocalDate, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let zone = territories[c.territoryID]?.zone else { throw ContractServiceError.notFound(id) }
        guard day <= zone.local(now).date else { throw ContractError.invalid(field: "receivedOn", reason: "\(day) is after today") }
        guard !c.state.isFinal else { throw ContractError.invalid(field: "contract", reason: "the contract is \(c.state.rawValue): its documents are no longer awaited") }
        try c.recordDocumentsReceived(on: day)
        let settling = try await obligations.of(ContractRepository.stream(id))
            .filter { $0.state == .pending && [.documentsReminder, .documentsTermination].contains($0.kind) }
            .compactMap { $0.settled(.cancelled, at: now, outcome: "subscription documents received on \(day)") }
        let key = try IdempotencyKey(scope: "contract-documents", key: "\(id)#received", fingerprint: day.description)
        guard try await record(&c, .documents, key: key, settling: settling, at: now, payload: {
            ContractRepository.DocumentsStep(step: .received, on: day, next: $0)
        }) else { return try await contract(id) ?? c }
        return c
    }

    /// Executes the reminder on the day the run takes it (never dated back, D-RUN-7), by e-mail or a letter for staff to
    /// send, with the termination 8 days later, in one transaction; nil when another executor got there first.
    package func remindDocuments(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id), let zone = territories[c.territoryID]?.zone else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        if let received = c.subscriptionDocumentsOn { return try await settle(o, as: .superseded, outcome: "documents received on \(received)", at: now) }
        if c.state.isFinal { return try await settle(o, as: .superseded, outcome: "the contract is \(c.state.rawValue)", at: now) }
        let day = max(o.dueOn, zone.local(now).date)
        guard let step = c.documentsTermination(remindedOn: day) else { return try await settle(o, as: .failed, outcome: "its document asks for no copies", at: now) }
        let notice = try await notice(c, on: day, at: now) {
            MailTemplates.documentsReminder(c, on: day, until: step.from, article: step.explanation.source, to: $0)
        }
        let termination = due(.documentsTermination, of: c, on: step.from, step.explanation)
        guard let done = o.settled(.done, at: now, outcome: "reminder \(notice.sent) on \(day)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-documents", key: "\(id)#reminded", fingerprint: day.description)
        return try await record(&c, .documents, key: key, settling: [done], scheduling: [termination].compactMap { $0 }, events: notice.mail, rows: notice.letter,
                                at: now, payload: {
            ContractRepository.DocumentsStep(step: .reminded, on: day, next: $0)
        }) ? done : nil
    }

    /// Executes the termination on its day: a running service suspended, then terminated by the operator (an order not yet
    /// activated is cancelled); no engagement fees, the bill run charging the fees up to the day (CG 2: « restent dues
    /// jusqu'à la date de cette éventuelle résiliation »).
    package func terminateForMissingDocuments(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard let c = try await contract(id) else { return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now) }
        if let received = c.subscriptionDocumentsOn { return try await settle(o, as: .superseded, outcome: "documents received on \(received)", at: now) }
        let why = "\(o.explanation.source): subscription documents not received 8 days after the reminder"
        switch c.state {
        case .pendingActivation: return try await carryOut(.cancel, id, executing: o, why: why, at: now)
        case .active: _ = try await change(.suspend, to: id, on: o.dueOn, note: "\(why) (obligation \(o.id))", executing: nil, at: now)
        default: break
        }
        return try await carryOut(.terminate, id, executing: o, why: why, at: now)
    }
}
