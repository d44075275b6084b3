import GuichetCore
import GuichetMail
import GuichetStore

/// 001 Annexe 2 on its days (D-CTR-18): an option Livebox Infini gives is asked by the customer in their space (or by staff
/// on their behalf) and provided from that day; the second screen's activation is billed with it; the TV on a connected TV
/// is stopped by the scheduler after its 24 months, the customer told.
extension ContractService {
    /// Stores the option `c` was just asked (its last), with its activation fee (`fee`, priced by the billing) and the end the
    /// document gives it, in one transaction.
    package func optionAsked(_ c: Contract, compatibleTV: Bool, fee: RecordedCharge?, at now: Instant) async throws -> Contract {
        var c = c
        let option = c.options!.last!
        let (kind, day) = (option.kind, option.requestedOn)
        let scheduling = [option.endsOn.flatMap { due(.optionEnd, of: c, on: $0, option.explanation) }].compactMap { $0 }
        let events = try fee.map { [try chargeEvent($0, customerID: c.customerID, at: now)] } ?? []
        let key = try IdempotencyKey(scope: "contract-option", key: "\(c.id)#\(c.options!.count)", fingerprint: "\(kind.rawValue)|\(day)")
        guard try await record(&c, .option, key: key, settling: [], scheduling: scheduling, events: events, at: now, payload: {
            ContractRepository.OptionStep(step: .requested, option: kind, on: day, compatibleTV: compatibleTV ? true : nil, next: $0)
        }) else { return try await contract(c.id) ?? c }
        return c
    }

    /// Stops an option today, at the customer's request; its pending end is cancelled.
    public func stopOption(_ id: String, _ kind: ContractOption.Kind, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id) else { throw ContractServiceError.notFound(id) }
        let day = today(in: c.territoryID, at: now)
        try c.stopOption(kind, on: day)
        let settling = kind == .tvOnConnectedTV ? try await obligations.of(ContractRepository.stream(id))
            .filter { $0.state == .pending && $0.kind == .optionEnd }
            .compactMap { $0.settled(.cancelled, at: now, outcome: "stopped by the customer on \(day)") } : []
        let key = try IdempotencyKey(scope: "contract-option", key: "\(id)#\(kind.rawValue)#stopped#\(c.options!.count)", fingerprint: day.description)
        guard try await record(&c, .option, key: key, settling: settling, at: now, payload: {
            ContractRepository.OptionStep(step: .stopped, option: kind, on: day, next: $0)
        }) else { return try await contract(id) ?? c }
        return c
    }

    /// Executes the end of the connected TV's 24 months on its day (never dated back), the customer told by mail or letter;
    /// nil when another executor got there first.
    package func endOption(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id), let zone = territories[c.territoryID]?.zone else {
            return try await settle(o, as: .failed, outcome: "no contract '\(id)'", at: now)
        }
        let day = max(o.dueOn, zone.local(now).date)
        // Its `endsOn` stops it by itself: the day records the end and tells the customer.
        guard !c.state.isFinal, let option = c.option(.tvOnConnectedTV, on: o.dueOn.adding(days: -1)), option.endsOn == o.dueOn else {
            return try await settle(o, as: .superseded, outcome: "the option is no longer provided", at: now)
        }
        let notice = try await notice(c, on: day, at: now) { MailTemplates.optionEnded(c, option, on: o.dueOn, to: $0) }
        guard let done = o.settled(.done, at: now, outcome: "stopped on \(day) after 24 months; \(notice.sent)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-option", key: "\(id)#tvOnConnectedTV#ended#\(o.dueOn)", fingerprint: day.description)
        return try await record(&c, .option, key: key, settling: [done], events: notice.mail, rows: notice.letter, at: now) {
            ContractRepository.OptionStep(step: .ended, option: .tvOnConnectedTV, on: o.dueOn, next: $0)
        } ? done : nil
    }
}
