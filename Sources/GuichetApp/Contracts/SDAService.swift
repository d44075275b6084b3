import Foundation
import GuichetCore
import GuichetStore

/// The SDA inventory as one append-only stream of operations (`sda-inventory`), replayed into the
/// core's `SDAInventory`. Each operation is checked on the current inventory first and stored with an
/// idempotency key on the stream's length, so concurrent operations cannot both apply.
public struct SDAService: Sendable {
    package static let stream = "sda-inventory"
    package let store: any EventStore
    package let plan: NumberingPlan

    public enum Operation: Codable, Sendable {
        case addRange(first: String, count: Int)
        case importKept(number: String, customer: String, site: String)
        case allocate(number: String, customer: String, site: String, user: String?, on: LocalDate)
        case release(number: String, on: LocalDate)
    }

    package func apply(_ op: Operation, to inventory: inout SDAInventory) throws(NumberingError) {
        switch op {
        case .addRange(let first, let count): try inventory.addRange(first: first, count: count, plan: plan)
        case .importKept(let n, let c, let s): try inventory.importKept(n, customer: c, site: s, plan: plan)
        case .allocate(let n, let c, let s, let u, let d): try inventory.allocate(n, customer: c, site: s, user: u, on: d)
        case .release(let n, let d): try inventory.release(n, on: d)
        }
    }

    public func inventory() async throws -> (SDAInventory, Int) {
        var inv = SDAInventory()
        let events = try await store.events(stream: Self.stream, after: 0)
        for e in events { try apply(try JSONDecoder().decode(Operation.self, from: Data(e.payload.utf8)), to: &inv) }
        return (inv, events.count)
    }

    @discardableResult
    public func perform(_ op: Operation, at now: Instant) async throws -> SDAInventory {
        var (inv, position) = try await inventory()
        try apply(op, to: &inv)
        let payload = String(decoding: try JSONEncoder().encode(op), as: UTF8.self)
        let key = try IdempotencyKey(scope: "sda-inventory", key: "#\(position)", fingerprint: payload)
        _ = try await store.append([try NewEvent(stream: Self.stream, type: "sda-operation", payload: payload, recordedAt: now)], idempotency: key)
        return inv
    }
}
