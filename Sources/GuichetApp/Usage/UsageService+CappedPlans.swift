import GuichetCore
import GuichetMail
import GuichetStore

/// 003 CS-FB 3: a top-up raises the capped plan's balance at once, and « un SMS confirme au Client dans un délai de
/// quarante-huit (48) heures le nouveau solde de son forfait bloqué » — queued with the top-up, in its transaction; and
/// « le Client est invité par l'Opérateur à créditer son compte lorsque le solde de celui-ci atteint un certain plancher ».
extension UsageService {
    public struct NewTopUp: Sendable, Codable {
        public let id: String
        public let amount: Money
        public let channel: TopUp.Channel
        public init(id: String, amount: Money, channel: TopUp.Channel) { self.id = id; self.amount = amount; self.channel = channel }
    }

    public struct TopUpReceipt: Sendable, Codable {
        public let contractId: String
        public let line: String
        public let topUp: TopUp
        /// The capped plan's balance once the top-up is added: the credit left of the month, carried over and topped up.
        public let balance: Money
        public let explanation: Explanation
    }

    /// Records `t` on the capped plan `contractID` at `now`, with the SMS of its new balance to the contract's line. A retry
    /// with the same id and amount returns the first receipt (`created` false); the same id for another amount is refused.
    public func topUp(contractID: String, _ t: NewTopUp, at now: Instant) async throws -> (receipt: TopUpReceipt, created: Bool) {
        guard var c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        guard let line = try await LineDirectory.lines(of: c.id, in: store).first(where: { $0.endedOn == nil }) else {
            throw ContractError.invalid(field: "contract", reason: "no line is assigned to \(c.id): a capped plan is topped up through its number")
        }
        let day = contracts.today(in: c.territoryID, at: now)
        if let first = c.topUps?.first(where: { $0.id == t.id }) {
            guard first.amount == t.amount, first.channel == t.channel else {
                throw ContractError.invalid(field: "id", reason: "'\(t.id)' was recorded on \(first.on) for \(first.amount) by \(first.channel.rawValue)")
            }
            return (try await receipt(c, line, first, at: now), false)
        }
        let bought = TopUp(id: t.id, amount: t.amount, channel: t.channel, at: now, on: day)
        let before = try await balance(c, line, at: now)
        try c.recordTopUp(bought)
        let explanation = Explanation(rule: "the balance at the top-up, raised by the credit bought", source: "003 CS-FB 3", inputs: ["balance": "\(before)", "topUp": "\(bought.amount)"],
                                      result: "« le solde du forfait bloqué au moment du rechargement est augmenté du montant de crédit de communication acquis »: \(before + bought.amount)")
        let receipt = TopUpReceipt(contractId: c.id, line: line.number, topUp: bought, balance: before + bought.amount, explanation: explanation)
        let sms = OutgoingMail.sms(to: line.number, """
            Orange : votre recharge de \(InvoiceHTML.euros(bought.amount)) est créditée. Nouveau solde de votre forfait bloqué : \
            \(InvoiceHTML.euros(receipt.balance)).
            """)
        let key = try IdempotencyKey(scope: "contract-top-up", key: "\(c.id)#\(t.id)", fingerprint: "\(t.amount)|\(t.channel.rawValue)")
        guard try await contracts.record(&c, .topUp, key: key, settling: [], events: [try Outbox.event(sms, at: now)], at: now, payload: {
            ContractRepository.TopUpStep(topUp: bought, next: $0)
        }) else { return try await topUp(contractID: contractID, t, at: now) }
        return (receipt, true)
    }

    /// The line's capped-plan balance now: what the month's summary leaves of its credit.
    private func balance(_ c: Contract, _ line: ServiceLine, at now: Instant) async throws -> Money {
        let day = contracts.today(in: c.territoryID, at: now)
        let start = day.firstOfMonth
        let summary = try await summary(customerID: c.customerID, start: start, period: RatingContext.period(start), own: [line])
        return summary.lines.first?.credit?.balance ?? .zero
    }

    /// A retried top-up's receipt: the balance as it stands now.
    private func receipt(_ c: Contract, _ line: ServiceLine, _ t: TopUp, at now: Instant) async throws -> TopUpReceipt {
        let balance = try await balance(c, line, at: now)
        return TopUpReceipt(contractId: c.id, line: line.number, topUp: t, balance: balance,
                            explanation: Explanation(rule: "the balance now, the top-up recorded already", source: "003 CS-FB 3", result: "the balance now, \(t.id) recorded on \(t.on): \(balance)"))
    }

    /// After usage of the capped `lines` was stored: each whose balance is at or under the catalog's floor
    /// (`plancher-solde-forfait-bloque`) is texted an invitation to top up, once a month and again after a top-up.
    package func inviteToTopUp(_ lines: [ServiceLine], at now: Instant) async throws {
        guard !lines.isEmpty, let (floor, _) = ContractParameter.money("plancher-solde-forfait-bloque", in: await catalogs.current.parameters) else { return }
        for line in lines {
            guard var c = try await contracts.contract(line.contractID) else { continue }
            let day = contracts.today(in: c.territoryID, at: now)
            let balance = try await balance(c, line, at: now)
            guard c.lowBalanceNoticeDue(balance: balance, floor: floor, on: day) else { continue }
            let notice = LowBalanceNotice(at: now, on: day, balance: balance)
            c.recordLowBalanceNotice(notice)
            let sms = OutgoingMail.sms(to: line.number, """
                Orange : le solde de votre forfait bloqué est de \(InvoiceHTML.euros(balance)). Pensez à le recharger : recharge mobicarte \
                Mayotte, www.orange.yt ou le 456.
                """)
            let key = try IdempotencyKey(scope: "contract-low-balance", key: "\(c.id)#\(now.seconds)", fingerprint: "\(balance)")
            _ = try await contracts.record(&c, .lowBalance, key: key, settling: [], events: [try Outbox.event(sms, at: now)], at: now, payload: {
                ContractRepository.LowBalanceStep(notice: notice, next: $0)
            })
        }
    }

    public struct Statement: Sendable, Codable {
        public struct Communication: Sendable, Codable {
            public let start: Instant
            public let line: String
            public let kind: UsageKind
            public let called: String
            public let quantity: Int
            public let amount: Money
        }
        public let contractId: String
        public let from: LocalDate
        public let through: LocalDate
        public let topUps: [TopUp]
        public let communications: [Communication]
        public let explanation: Explanation
    }

    /// CS-FB 4: the statement the customer asks for on a capped plan, its request recorded (the next one starts from it).
    public func statement(contractID: String, at now: Instant) async throws -> Statement {
        guard var c = try await contracts.contract(contractID) else { throw ContractServiceError.notFound(contractID) }
        let day = contracts.today(in: c.territoryID, at: now)
        let from = c.statementStart(on: day), previous = c.statementRequestedOn
        try c.recordStatementRequest(on: day)
        let numbers = Set(try await LineDirectory.lines(of: c.id, in: store).map(\.number))
        var communications: [Statement.Communication] = []
        var month = from.firstOfMonth
        while month <= day {
            for r in try await store.usage(customerID: c.customerID, period: RatingContext.period(month)).map(\.rated) where numbers.contains(r.line) {
                let local = contracts.today(in: c.territoryID, at: r.start)
                guard local >= from, local <= day else { continue }
                communications.append(.init(start: r.start, line: r.line, kind: r.kind, called: r.called, quantity: r.quantity, amount: r.amount))
            }
            month = month.adding(months: 1)
        }
        let topUps = (c.topUps ?? []).filter { $0.on >= from && $0.on <= day }
        let key = try IdempotencyKey(scope: "contract-statement", key: "\(c.id)@\(now.seconds)", fingerprint: day.description)
        _ = try await contracts.record(&c, .statement, key: key, settling: [], at: now, payload: { ContractRepository.NoticeStep(on: day, next: $0) })
        return Statement(contractId: c.id, from: from, through: day, topUps: topUps, communications: communications.sorted { ($0.start, $0.line) < ($1.start, $1.line) },
                         explanation: Explanation(rule: "the credits bought and the communications of the last 12 months, or since the last request", source: "003 CS-FB 4",
                                                  inputs: ["last request": previous.map(\.description) ?? "none"], result: "\(from) to \(day)"))
    }
}
