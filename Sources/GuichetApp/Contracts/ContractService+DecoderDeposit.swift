import GuichetCore
import GuichetMail
import GuichetStore

/// 001 CG 6.3 (D-CTR-16): a deposit paid for the decoder a Livebox lends comes back within 10 days of the decoder's return
/// complete and in good order; a decoder not returned, or returned damaged or incomplete, has its charge reduced by it —
/// a credit on the same invoice — and what exceeds the charge, if anything, is paid back that day.
extension ContractService {
    /// Records the deposit paid on `day` (today or before) for the decoder the contract's offer lends.
    public func decoderDepositPaid(_ id: String, amount: Money, on day: LocalDate, at now: Instant) async throws -> Contract {
        guard var c = try await contract(id), let zone = territories[c.territoryID]?.zone else { throw ContractServiceError.notFound(id) }
        guard day <= zone.local(now).date else { throw ContractError.invalid(field: "paidOn", reason: "\(day) is after today") }
        guard lentItems(c, set: await catalogs.current).contains(.decoder) else {
            throw ContractError.invalid(field: "contract", reason: "'\(c.offeringID)' lends no decoder (001 CG 6.3)")
        }
        try c.recordDecoderDeposit(amount: amount, paidOn: day)
        let key = try IdempotencyKey(scope: "contract-decoder-deposit", key: "\(id)#paid", fingerprint: "\(day)|\(amount)")
        guard try await record(&c, .decoderDeposit, key: key, settling: [], at: now, payload: {
            ContractRepository.DecoderDepositStep(step: .paid, on: day, amount: amount, next: $0)
        }) else { return try await contract(id) ?? c }
        return c
    }

    /// The refund the decoder's return whole on `day` schedules, when a deposit is held.
    package func scheduledDecoderDepositRefund(_ c: Contract, returnedOn day: LocalDate) -> Obligation? {
        c.decoderDepositRefund(returnedOn: day).flatMap { due(.decoderDepositRefund, of: c, on: $0.on, $0.explanation) }
    }

    /// A deposit held, set off on `day` against the decoder's charge (nil: no decoder charged): the credit that says so, and
    /// how much was kept, for the step that charges the decoder to store; `c` records it.
    package func decoderDepositSetOff(_ c: inout Contract, decoderCharge: Money?, on day: LocalDate, taxIncluded: Bool,
                                      at now: Instant) throws -> (events: [NewEvent], kept: Money?) {
        guard let charge = decoderCharge, let d = c.decoderDeposit, d.held else { return ([], nil) }
        let kept = min(d.amount, charge)
        try c.settleDecoderDeposit(.kept, on: day, kept: kept)
        let rest = d.amount - kept
        let credit = try RecordedCharge(id: ResourceID.make("chg"), category: .credit, label: "Dépôt de garantie du décodeur conservé en déduction",
                                        on: day, unitPrice: -kept, taxIncluded: taxIncluded,
                                        source: "001 CG 6.3 (contract \(c.id), deposit of \(d.amount) paid on \(d.paidOn)\(rest > .zero ? ", \(rest) paid back" : ""))")
        return ([try chargeEvent(credit, customerID: c.customerID, at: now)], kept)
    }

    /// Executes the refund on its day (or the day the run takes it), announced by mail or letter; nil when another executor got
    /// there first.
    package func refundDecoderDeposit(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        guard var c = try await contract(id), let d = c.decoderDeposit, d.held, let zone = territories[c.territoryID]?.zone else {
            return try await settle(o, as: .superseded, outcome: "no decoder deposit held on '\(id)'", at: now)
        }
        let day = max(o.dueOn, zone.local(now).date)
        try c.settleDecoderDeposit(.refunded, on: day)
        let notice = try await notice(c, on: day, at: now) { MailTemplates.decoderDepositRefunded(c, amount: d.amount, on: day, to: $0) }
        guard let done = o.settled(.done, at: now, outcome: "refunded \(d.amount) on \(day)") else { return nil }
        let key = try IdempotencyKey(scope: "contract-decoder-deposit", key: "\(id)#refunded", fingerprint: "\(day)")
        return try await record(&c, .decoderDeposit, key: key, settling: [done], events: notice.mail, rows: notice.letter, at: now) {
            ContractRepository.DecoderDepositStep(step: .refunded, on: day, next: $0)
        } ? done : nil
    }
}
