import Foundation
import GuichetCore
import GuichetMail
import GuichetStore

/// e-soutien's own availability: declared outages, scheduled maintenance with its notices
/// (002 §4), and the fallback mailbox that depends on them (002 §5).
extension SupportService {
    package static let outageStream = "e-soutien-outages"
    package static let maintenanceStream = "maintenance-windows"

    package struct OutageEnded: Codable { let id: String; package let end: Instant }

    public func outages() async throws -> [ServiceOutage] {
        var result: [ServiceOutage] = []
        for e in try await store.events(stream: Self.outageStream, after: 0) {
            if e.type == "outage-declared" {
                result.append(try JSONDecoder().decode(ServiceOutage.self, from: Data(e.payload.utf8)))
            } else if let ended = try? JSONDecoder().decode(OutageEnded.self, from: Data(e.payload.utf8)),
                      let i = result.firstIndex(where: { $0.id == ended.id }) {
                result[i] = ServiceOutage(id: ended.id, start: result[i].start, end: ended.end, note: result[i].note)
            }
        }
        return result
    }

    /// Declares e-soutien down from `start` (002 §5: the fallback mailbox is then honoured).
    public func declareOutage(start: Instant, note: String, at now: Instant) async throws -> ServiceOutage {
        let outage = ServiceOutage(id: ResourceID.make("out"), start: start, end: nil, note: note)
        _ = try await store.append([try contracts.event(Self.outageStream, "outage-declared", outage, at: now)], idempotency: nil)
        return outage
    }

    public func endOutage(_ id: String, at now: Instant) async throws -> ServiceOutage {
        guard let outage = try await outages().first(where: { $0.id == id }) else { throw SupportError.notFound("outage '\(id)'") }
        guard outage.end == nil else { throw SupportError.notAllowed(action: "end", state: "ended", reason: "the outage ended at \(outage.end!)") }
        _ = try await store.append([try contracts.event(Self.outageStream, "outage-ended", OutageEnded(id: id, end: now), at: now)], idempotency: nil)
        return ServiceOutage(id: id, start: outage.start, end: now, note: outage.note)
    }

    public func maintenanceWindows() async throws -> [MaintenanceWindow] {
        try await store.events(stream: Self.maintenanceStream, after: 0).map { try JSONDecoder().decode(MaintenanceWindow.self, from: Data($0.payload.utf8)) }
    }

    /// The addresses of every operator with an e-service subscription: those e-soutien serves.
    package func operatorAddresses() async throws -> [String] {
        let offerings = Set(EService.allCases.map(\.offeringID) + ["e-soutien"])
        var query = StateQuery()
        query.oneOf = ["offering": offerings.sorted(), "state": ContractState.allCases.filter { !$0.isFinal }.map(\.rawValue)]
        let owners = Set(try await contracts.contracts(query).contracts.map(\.customerID))
        var addresses: [String] = []
        for owner in owners.sorted() {
            guard let c = try await contracts.customer(owner) else { continue }
            addresses += c.details.contacts.compactMap(\.email)
        }
        return Array(Set(addresses)).sorted()
    }

    /// Declares a scheduled interruption and queues its notice to every operator (002 §4), one
    /// e-mail each so that no operator sees another's address.
    public func declareMaintenance(start: Instant, end: Instant, description: String, at now: Instant) async throws -> (MaintenanceWindow, [String]) {
        let window = try MaintenanceWindow(id: ResourceID.make("mnt"), start: start, end: end, description: description, declaredAt: now)
        let zone = try calendar(eSoutienTerritory).zone
        let recipients = try await operatorAddresses()
        _ = try await store.append([try contracts.event(Self.maintenanceStream, "maintenance-declared", window, at: now)]
                                   + recipients.map { try Outbox.event(MailTemplates.maintenance(window, to: [$0], zone: zone), at: now) }, idempotency: nil)
        return (window, recipients)
    }

    // MARK: inbound mail

    public enum InboundResult: Sendable, Codable, Hashable {
        /// The reporter's answer or complement, added to the ticket.
        case answered(reference: String)
        /// A fallback report accepted and filed as a ticket (002 §5).
        case filed(reference: String)
        /// Refused, with the reason sent back to the sender.
        case refused(reason: String)
        /// Seen before (same Message-ID): nothing done.
        case duplicate
    }

    /// Routes a received e-mail: to the fallback mailbox (002 §5), or as an answer to the ticket
    /// whose reference is in the subject (002 §1.a "par retour de mail").
    public func receive(_ mail: InboundMail, at now: Instant) async throws -> InboundResult {
        let marker = mail.messageID.map { "inbound-mail:\($0)" }
        if let marker, !(try await store.events(stream: marker, after: 0)).isEmpty { return .duplicate }
        let markers = try marker.map { [try NewEvent(stream: $0, type: "inbound-mail", payload: mail.subject, recordedAt: now)] } ?? []
        if mail.to.contains(where: { $0.caseInsensitiveCompare(table.fallbackAddress) == .orderedSame }) {
            return try await receiveFallback(mail, markers: markers, at: now)
        }
        guard let reference = Self.reference(in: mail.subject), let t = try await ticket(reference) else {
            if mail.to.contains(where: { $0.caseInsensitiveCompare(table.supportAddress) == .orderedSame }) {
                return try await fileFromCustomer(mail, markers: markers, at: now)
            }
            return try await refuse(mail, "no open ticket reference in the subject: file the report in e-soutien, or reply keeping the [reference]", markers, at: now)
        }
        let owner = try await contracts.customer(t.filing.owner)
        let known = Set([t.filing.contactEmail.lowercased()] + (owner?.details.contacts.compactMap { $0.email?.lowercased() } ?? []))
        guard known.contains(mail.from.lowercased()) else {
            return try await refuse(mail, "\(mail.from) is not an address of the ticket's reporter", markers, at: now)
        }
        do {
            try await act(reference, TicketEvent(t.status == .pending ? .reporterAnswered : .complementAdded, at: now, actor: "email:\(mail.from)",
                                                 text: mail.text, channel: .email), extra: markers)
        } catch let e as SupportError {
            return try await refuse(mail, e.description, markers, at: now)
        }
        return .answered(reference: reference)
    }

    package func receiveFallback(_ mail: InboundMail, markers: [NewEvent], at now: Instant) async throws -> InboundResult {
        do {
            try FallbackMailbox.accept(receivedAt: now, urgent: mail.urgent, outages: try await outages(), windows: try await maintenanceWindows())
        } catch let e as SupportError {
            return try await refuse(mail, e.description, markers, at: now)
        }
        guard let op = try await customer(writingFrom: mail.from, wholesale: true) else {
            return try await refuse(mail, "\(mail.from) is not a known operator address", markers, at: now)
        }
        let text = (mail.subject + " " + mail.text).uppercased()
        let named = EService.allCases.filter { text.contains($0.label.uppercased()) }
        guard named.count == 1, let eService = named.first else {
            return try await refuse(mail, "name the e-service concerned (\(EService.allCases.map(\.label).joined(separator: ", "))) in the subject", markers, at: now)
        }
        let filing = TicketFiling(family: .eSoutien, owner: op.id, subject: mail.subject.isEmpty ? "Signalisation urgente" : mail.subject,
                                  description: mail.text.isEmpty ? mail.subject : mail.text, contactEmail: mail.from, channel: .fallbackEmail,
                                  territory: eSoutienTerritory, eService: eService, eSoutienKind: .dysfonctionnement)
        return try await file(filing, from: mail, markers: markers, at: now)
    }

    /// A customer's report or complaint sent to the support address: filed as an after-sales
    /// ticket, or a level 1 complaint when the subject says "réclamation" (001 CG 21, 003 CG 22.1).
    package func fileFromCustomer(_ mail: InboundMail, markers: [NewEvent], at now: Instant) async throws -> InboundResult {
        guard let customer = try await customer(writingFrom: mail.from, wholesale: false) else {
            return try await refuse(mail, "\(mail.from) is not the address of a customer: write from the address given at subscription", markers, at: now)
        }
        let complaint = mail.subject.lowercased().contains("réclamation") || mail.subject.lowercased().contains("reclamation")
        let filing = TicketFiling(family: complaint ? .complaint : .afterSales, owner: customer.id,
                                  subject: mail.subject.isEmpty ? "Message sans objet" : mail.subject, description: mail.text.isEmpty ? mail.subject : mail.text,
                                  contactEmail: mail.from, channel: .email, territory: customer.territoryID, complaintLevel: complaint ? .customerService : nil)
        return try await file(filing, from: mail, markers: markers, at: now)
    }

    /// Files a ticket from a received e-mail; a refusal is sent back with its reason.
    package func file(_ filing: TicketFiling, from mail: InboundMail, markers: [NewEvent], at now: Instant) async throws -> InboundResult {
        do {
            let t = try await file(filing, at: now, actor: "email:\(mail.from)")
            if !markers.isEmpty { _ = try await store.append(markers, idempotency: nil) }
            return .filed(reference: t.reference)
        } catch let e as SupportError {
            return try await refuse(mail, e.description, markers, at: now)
        }
    }

    /// The customer (or operator, `wholesale`) one of whose contacts has the sender's address.
    package func customer(writingFrom address: String, wholesale: Bool) async throws -> ContractService.Customer? {
        // The search text holds the contacts' addresses: a substring search, then the exact match.
        try await contracts.customers(StateQuery(search: address, limit: 100)).customers.first { c in
            (c.kind == .wholesale) == wholesale && c.details.contacts.contains { $0.email?.caseInsensitiveCompare(address) == .orderedSame }
        }
    }

    package func refuse(_ mail: InboundMail, _ reason: String, _ markers: [NewEvent], at now: Instant) async throws -> InboundResult {
        _ = try await store.append(markers + [try Outbox.event(MailTemplates.fallbackRefused(to: mail.from, subject: mail.subject, reason: reason), at: now)],
                                   idempotency: nil)
        return .refused(reason: reason)
    }

    /// The `[ES-2026-XXXXXX]`-style reference in a subject.
    package static func reference(in subject: String) -> String? {
        guard let open = subject.firstIndex(of: "["), let close = subject[open...].firstIndex(of: "]") else { return nil }
        let inside = subject[subject.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        return inside.isEmpty ? nil : inside
    }
}
