import Foundation
import GuichetCore
import GuichetStore

/// Customers: one stream `customer:<id>` each, every event holding the whole record (the last one is
/// current), and the `customers` state table the reads and lists come from.
public struct CustomerRepository: Sendable {
    package let store: any EventStore

    public enum EventType: String, Sendable, CaseIterable {
        case created = "customer-created", siteAdded = "customer-site-added", rectified = "customer-rectified", erased = "customer-erased"
        case payerDesignated = "customer-payer-designated", payerEnded = "customer-payer-ended", paperInvoices = "customer-paper-invoices"
    }

    public static let prefix = "customer:"
    public static func stream(_ id: String) -> String { prefix + id }

    public static func row(_ c: ContractService.Customer) throws -> StateRow { row(c, body: try StoredJSON.text(c)) }

    /// A version's event and row: both hold the whole record, encoded once.
    package static func stored(_ c: ContractService.Customer, _ type: EventType, at now: Instant) throws -> (event: NewEvent, row: StateRow) {
        let body = try StoredJSON.text(c)
        return (try NewEvent(stream: stream(c.id), type: type.rawValue, payload: body, recordedAt: now), row(c, body: body))
    }

    private static func row(_ c: ContractService.Customer, body: String) -> StateRow {
        var values = ["customer_number": c.customerNumber, "kind": c.kind.rawValue, "territory": c.territoryID, "billing_account": c.billingAccount]
        values["external_id"] = c.externalID
        return StateRow(table: .customers, key: c.id, values: values, search: [c.name, c.customerNumber, c.externalID, c.id] + c.details.contacts.map(\.email),
                        body: body)
    }

    /// Stores a new version of the record (and `more` events and `rows` in the same transaction).
    package func save(_ c: ContractService.Customer, as type: EventType, with more: [NewEvent] = [], rows: [StateRow] = [], idempotency: IdempotencyKey? = nil,
              at now: Instant) async throws {
        let (event, row) = try Self.stored(c, type, at: now)
        _ = try await store.append([event] + more, state: [row] + rows, idempotency: idempotency)
    }

    public func customer(_ id: String) async throws -> ContractService.Customer? {
        try await store.stateRow(.customers, key: id).map { try Self.decode($0.body) }
    }

    public func customer(number: String) async throws -> ContractService.Customer? {
        try await page(StateQuery(equal: ["customer_number": number], limit: 1)).customers.first
    }

    public func page(_ query: StateQuery) async throws -> (customers: [ContractService.Customer], total: Int) {
        let page = try await store.statePage(.customers, query)
        return (try page.bodies.map(Self.decode), page.total)
    }

    /// Customer numbers, in order, from the table's counter.
    package func numbers(_ count: Int) async throws -> [String] {
        try await store.nextValues(StateTable.customers.counter, count: count).map { String(format: "%09d", $0) }
    }

    package static func decode(_ body: String) throws -> ContractService.Customer {
        try JSONDecoder().decode(ContractService.Customer.self, from: Data(body.utf8))
    }

    /// The row a stream's history leaves.
    package static func fold(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        guard let last = events.last else { return nil }
        return try row(decode(last.payload))
    }
}
