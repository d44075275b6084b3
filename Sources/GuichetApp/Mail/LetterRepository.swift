import Foundation
import GuichetCore
import GuichetMail
import GuichetStore

/// Letters: one stream `letter:<id>` each — queued, then posted, each event the whole letter — folded into the
/// `letters` table staff list, pending first by the day they were queued.
public struct LetterRepository: StateRepository {
    package typealias State = Letter
    package static let table = StateTable.letters
    package let store: any EventStore

    package static let prefix = "letter:"
    package static func stream(_ id: String) -> String { prefix + id }
    package static let queuedType = "letter-queued"
    package static let postedType = "letter-posted"

    public init(store: any EventStore) { self.store = store }

    package static func row(_ l: Letter, body: String) -> StateRow {
        StateRow(table: table, key: l.id, values: ["customer_id": l.customerID, "status": l.status.rawValue, "queued_on": l.queuedOn.description],
                 search: [l.id, l.customerID, l.reference], body: body)
    }

    /// The event and row of a letter queued or posted, to append with what causes it.
    package static func stored(_ l: Letter, at now: Instant) throws -> (event: NewEvent, row: StateRow) {
        let body = try StoredJSON.text(l)
        return (try NewEvent(stream: stream(l.id), type: l.postedOn == nil ? queuedType : postedType, payload: body, recordedAt: now), row(l, body: body))
    }

    /// A notice's letter for `customer`, queued on `day`: the mail's subject and text, to the customer's postal address.
    package static func letter(_ mail: OutgoingMail, to customer: ContractService.Customer, reference: String, on day: LocalDate,
                               invoiceID: String? = nil) -> Letter {
        Letter(id: ResourceID.make("ltr"), customerID: customer.id, name: customer.name, address: customer.details.address, subject: mail.subject,
               text: mail.body, reference: reference, invoiceID: invoiceID, queuedOn: day)
    }

    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        guard let last = events.last else { return nil }
        return Self.row(try Self.decode(last.payload), body: last.payload)
    }

    /// A page of letters, queued first: those in `status` (all when nil).
    public func letters(status: Letter.Status?, offset: Int = 0, limit: Int) async throws -> (items: [Letter], total: Int) {
        var query = StateQuery(offset: offset, limit: limit)
        if let status { query.equal["status"] = status.rawValue }
        return try await page(query)
    }

    /// A customer's letters (their erasure rewrites them).
    package func of(customer id: String) async throws -> [Letter] {
        var query = StateQuery(equal: ["customer_id": id])
        query.totalWanted = false
        return try await page(query).items
    }

    /// Records the letter posted on `day`.
    public func posted(_ id: String, on day: LocalDate, at now: Instant) async throws -> Letter {
        guard var letter = try await one(id) else { throw ContractServiceError.notFound(id) }
        guard day <= now.utcDate else { throw ContractError.invalid(field: "on", reason: "\(day) is after today") }
        try letter.post(on: day)
        let stored = try Self.stored(letter, at: now)
        let key = try IdempotencyKey(scope: "letter", key: "\(id)#posted", fingerprint: day.description)
        _ = try await store.append([stored.event], state: [stored.row], idempotency: key)
        return letter
    }
}
