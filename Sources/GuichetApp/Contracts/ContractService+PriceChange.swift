import GuichetCore
import GuichetStore

/// 003 CG 11.4 and 16.2.2 (D-CTR-23): a change of an offering's price notified to each of its running contracts a month
/// before it takes effect — by e-mail or letter, naming the customer's right to terminate without fees when it opens one —
/// the fee revised on its day, each contract's change recorded for the termination window.
extension ContractService {
    public struct NewPriceChange: Sendable, Codable {
        public let offering: String
        public let ground: PriceChange.Ground
        public let effectiveOn: LocalDate
        /// A commercial change: the new monthly fee, TTC.
        public let amount: Money?
        /// A regulatory change: the rate before and after (percent), and the day the rule came into force.
        public let fromRate: Int?
        public let toRate: Int?
        public let regulationInForceOn: LocalDate?
    }

    public struct PriceChangeReport: Sendable, Codable {
        public let offering: String
        public let effectiveOn: LocalDate
        public let notified: Int
        /// The contracts left out, each with why.
        public let skipped: [String]
    }

    public func announcePriceChange(_ p: NewPriceChange, at now: Instant) async throws -> PriceChangeReport {
        switch p.ground {
        case .commercial:
            guard let amount = p.amount, amount > .zero else { throw ContractError.invalid(field: "amount", reason: "a commercial change names the new monthly fee") }
        case .regulatory:
            guard let from = p.fromRate, let to = p.toRate, (0...100).contains(from), (0...100).contains(to), p.regulationInForceOn != nil else {
                throw ContractError.invalid(field: "fromRate", reason: "a regulatory change names the rate before and after (percent) and when the rule came into force")
            }
        }
        var notified = 0, skipped: [String] = [], query = StateQuery(equal: ["offering": p.offering], offset: 0, limit: 500)
        query.totalWanted = false
        while true {
            let page = try await contractRepository.page(query).contracts
            for c in page where !c.state.isFinal {
                do {
                    if try await announce(p, to: c, at: now) { notified += 1 }
                } catch let e as ContractError {
                    skipped.append("\(c.id): \(e.description)")
                }
            }
            guard page.count == query.limit else { break }
            query.offset += page.count
        }
        return PriceChangeReport(offering: p.offering, effectiveOn: p.effectiveOn, notified: notified, skipped: skipped)
    }

    /// One contract's notice and revision, in one transaction; false when it was recorded already.
    private func announce(_ p: NewPriceChange, to c: Contract, at now: Instant) async throws -> Bool {
        var c = c
        guard let from = c.fee(on: p.effectiveOn)?.amount else { throw ContractError.invalid(field: "contract", reason: "no monthly fee") }
        let to = p.ground == .regulatory ? PriceChange.regulatoryCeiling(from, fromRate: p.fromRate!, toRate: p.toRate!) : p.amount!
        let change = PriceChange(ground: p.ground, notifiedOn: today(in: c.territoryID, at: now), effectiveOn: p.effectiveOn, from: from, to: to)
        try c.announcePriceChange(change, regulationInForceOn: p.regulationInForceOn)
        let notice = try await notice(c, on: change.notifiedOn, at: now) { MailTemplates.priceChange(c, change, to: $0) }
        let key = try IdempotencyKey(scope: "contract-price-change", key: "\(c.id)@\(p.effectiveOn)", fingerprint: "\(to)")
        return try await record(&c, .priceChange, key: key, settling: [], events: notice.mail, rows: notice.letter, at: now, payload: {
            ContractRepository.PriceChangeStep(change: change, regulationInForceOn: p.regulationInForceOn, next: $0)
        })
    }
}
