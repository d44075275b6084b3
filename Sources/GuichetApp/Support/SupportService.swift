import Foundation
import GuichetCore
import GuichetData
import GuichetMail
import GuichetStore

/// Trouble tickets: filing with the entitlement checks, staff actions, the reporter's returns,
/// SLA clocks derived from the history, escalation, and the e-mails each step sends (queued in
/// the outbox in the same transaction as the step).
public struct SupportService: Sendable {
    package let store: any EventStore
    package let contracts: ContractService
    package let territories: [String: Territory]
    package let table: ReferenceData.SupportTable

    public init(store: any EventStore, contracts: ContractService, territories: [String: Territory], table: ReferenceData.SupportTable) {
        self.store = store; self.contracts = contracts; self.territories = territories; self.table = table
    }

    package var repository: TicketRepository { TicketRepository(store: store) }

    package static func prefix(_ f: TicketFamily) -> String {
        switch f {
        case .eSoutien: "ES"
        case .supportCentre: "SC"
        case .afterSales: "SAV"
        case .complaint: "REC"
        }
    }

    package func calendar(_ territoryID: String) throws -> WorkCalendar {
        guard let t = territories[territoryID] else { throw SupportError.invalid(field: "territory", reason: "'\(territoryID)' is not a known territory") }
        return WorkCalendar(territory: t)
    }

    /// e-soutien's territory: its clock and the times in its notices (metropolitan France, D-SUP-2).
    package var eSoutienTerritory: String { table.policies.policy(.eSoutien, territory: "FR")?.territory ?? "FR" }

    package func policy(for t: Ticket) -> SLAPolicy? { table.policies.policy(t.filing.family, territory: t.filing.territory) }

    /// The calendar a ticket's clocks run on: its family's (e.g. metropolitan time for 004), else its own.
    package func calendar(for t: Ticket) throws -> WorkCalendar {
        try calendar(policy(for: t)?.territory ?? t.filing.territory)
    }

    // MARK: filing

    /// Files a ticket and queues its acknowledgement. The reference is returned at once.
    public func file(_ filing: TicketFiling, at now: Instant, actor: String) async throws -> Ticket {
        try filing.validate()
        let zone = try calendar(filing.territory).zone
        if filing.family == .eSoutien, let e = filing.eService { try await checkSubscribed(filing.owner, to: e) }
        if filing.family == .complaint { try await checkAppeal(filing) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let reference = "\(Self.prefix(filing.family))-\(zone.local(now).date.year)-\(SessionCode.make(using: &rng).replacingOccurrences(of: "-", with: "").prefix(6))"
            let ticket = try Ticket(id: ResourceID.make("tkt"), reference: reference, filing: filing, at: now, actor: actor)
            let filed = try TicketRepository.filed(ticket, at: now)
            let key = try IdempotencyKey(scope: "ticket-reference", key: reference, fingerprint: ticket.id)
            do {
                _ = try await store.append([filed.event, try Outbox.event(MailTemplates.acknowledgement(ticket, zone: zone), at: now)],
                                           state: [filed.row], idempotency: key)
                return ticket
            } catch StoreError.idempotencyConflict {
                continue // the reference was taken: draw another
            }
        }
        throw SupportError.invalid(field: "reference", reason: "no free reference after 5 draws")
    }

    /// 002 §1.a: "l'Opérateur ne peut signaler un dysfonctionnement que sur les e-services auxquels
    /// il a souscrit" — an active contract for the e-service's offering.
    package func checkSubscribed(_ owner: String, to e: EService) async throws {
        guard let customer = try await contracts.customer(owner) else { throw SupportError.notFound("operator '\(owner)'") }
        guard customer.kind == .wholesale else { throw SupportError.forbidden("e-soutien is for wholesale operators (002 §1)") }
        let subscribed = try await contracts.contracts(of: owner).contains {
            $0.offeringID == e.offeringID && [.active, .suspended, .pendingTermination].contains($0.state)
        }
        guard subscribed else {
            throw SupportError.forbidden("\(customer.name) has not subscribed to the e-service \(e.label): reports can be filed only for subscribed e-services (002 §1.a)")
        }
    }

    /// 001 CG 21, 003 CG 22.1: a level 2 complaint appeals an answered level 1 complaint of the
    /// same customer on the same grounds; the mediator comes after the internal levels.
    package func checkAppeal(_ filing: TicketFiling) async throws {
        guard let level = filing.complaintLevel, level > .customerService, let parentRef = filing.appealOf else { return }
        guard let parent = try await ticket(parentRef), parent.filing.family == .complaint, parent.filing.owner == filing.owner else {
            throw SupportError.invalid(field: "appealOf", reason: "no complaint '\(parentRef)' of this customer")
        }
        guard parent.filing.complaintLevel?.rawValue == level.rawValue - 1 else {
            throw SupportError.invalid(field: "complaintLevel", reason: "level \(level.rawValue) follows level \(level.rawValue - 1), not \(parent.filing.complaintLevel?.rawValue ?? 0)")
        }
        guard !parent.status.isOpen else {
            throw SupportError.notAllowed(action: "appeal", state: parent.status.rawValue, reason: "the \(parent.reference) complaint has not been answered yet (001 CG 21)")
        }
        guard filing.subject == parent.filing.subject else {
            throw SupportError.invalid(field: "subject", reason: "an appeal is on the same grounds as the initial complaint: '\(parent.filing.subject)' (001 CG 21)")
        }
    }

    // MARK: reading

    public func ticket(_ reference: String) async throws -> Ticket? { try await repository.one(reference) }

    /// A ticket the caller may see: its owner's, or any for staff (owner nil). Another owner's
    /// ticket is "not found", so that references cannot be probed (002, D-SUP-4).
    public func ticket(_ reference: String, visibleTo owner: String?) async throws -> Ticket {
        guard let t = try await ticket(reference), owner == nil || t.filing.owner == owner else { throw SupportError.notFound("ticket '\(reference)'") }
        return t
    }

    /// One owner's tickets, in filing order (a bounded set: no page).
    public func tickets(owner: String) async throws -> [Ticket] {
        try await repository.page(StateQuery(equal: ["owner": owner])).items
    }

    /// A page of tickets in filing order, filtered in SQL.
    public func tickets(_ query: StateQuery) async throws -> (tickets: [Ticket], total: Int) {
        let page = try await repository.page(query)
        return (page.items, page.total)
    }

    /// The open tickets, for staff's queue and the escalation job.
    package static var open: StateQuery {
        var q = StateQuery()
        q.oneOf = ["status": TicketStatus.allCases.filter(\.isOpen).map(\.rawValue)]
        return q
    }

    public func sla(_ t: Ticket, at now: Instant) throws -> [SLAClock] {
        guard let policy = policy(for: t) else { return [] }
        return policy.clocks(for: t, calendar: try calendar(for: t), now: now)
    }

    // MARK: acting

    /// Appends `event` to the ticket if its state allows it, with the e-mail the step sends.
    /// Two concurrent steps cannot both land: each claims the history's next position.
    @discardableResult
    public func act(_ reference: String, _ event: TicketEvent, visibleTo owner: String? = nil, extra: [NewEvent] = []) async throws -> Ticket {
        for _ in 0..<3 {
            var t = try await ticket(reference, visibleTo: owner)
            let position = t.events.count
            try t.apply(event)
            let zone = try calendar(t.filing.territory).zone
            var mails: [OutgoingMail] = []
            switch event.kind {
            case .infoRequested: mails.append(MailTemplates.informationRequest(t, questions: event.text ?? ""))
            case .resolved: mails.append(MailTemplates.resolution(t, report: event.text ?? "", zone: zone, at: event.at))
            case .diagnosed where event.domain == .customer: mails.append(MailTemplates.customerDomainClosure(t, diagnosis: event.text ?? ""))
            case .statusQueried: mails.append(MailTemplates.status(t, zone: zone))
            default: break
            }
            let payload = try StoredJSON.text(event)
            let key = try IdempotencyKey(scope: "ticket-history", key: "\(reference)#\(position)", fingerprint: payload)
            let step = try TicketRepository.step(event, payload: payload, after: t)
            do {
                _ = try await store.append([step.event] + (try mails.map { try Outbox.event($0, at: event.at) }) + extra, state: [step.row], idempotency: key)
                return t
            } catch StoreError.idempotencyConflict {
                continue // another step took this position: read the history again
            }
        }
        throw SupportError.notAllowed(action: event.kind.rawValue, state: "busy", reason: "the ticket kept changing; try again")
    }

    /// Escalates every open ticket whose target was missed, once per target (004 §12, SUP-7).
    public func escalateMissed(at now: Instant) async throws -> [String] {
        var escalated: [String] = []
        for t in try await tickets(Self.open).tickets {
            guard let policy = policy(for: t) else { continue }
            for target in policy.missedTargets(t, calendar: try calendar(for: t), now: now) {
                try await act(t.reference, TicketEvent(.escalated, at: now, actor: "system", text: "\(target.rawValue) target missed", target: target))
                escalated.append(t.reference)
            }
        }
        return escalated
    }
}

