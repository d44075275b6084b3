import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// `/api/v1/sda/…`: number ranges in stock, kept numbers, allocations and returns (004 §2.4.1, §4.4).
struct SDARoutes {
    let service: SDAService
    let now: @Sendable () -> Instant

    struct Range: Decodable { let first: String; let count: Int }
    struct Kept: Decodable { let number: String; let customer: String; let site: String }
    struct Allocation: Decodable { let number: String; let customer: String; let site: String; let user: String?; let on: LocalDate }
    struct Release: Decodable { let number: String; let on: LocalDate }
    struct Listing: ResponseEncodable { let numbers: [SDAInventory.Entry]; let available: [String]? }

    func register(on router: Router<AppRequestContext>) {
        let sda = router.group("/api/v1/sda")
        sda.get("") { request, _ in
            let (inv, _) = try await service.inventory()
            let q = request.uri.queryParameters
            var entries = inv.entries.values.sorted { $0.e164 < $1.e164 }
            if let c = q.get("customer") { entries = entries.filter { $0.customer == c } }
            let day = try q.get("availableOn").map { try TMFError.date("availableOn", $0) }
            return Listing(numbers: entries, available: day.map { inv.available(on: $0) })
        }
        sda.post("/ranges") { request, context in
            let b = try await request.decode(as: Range.self, context: context)
            return try await run(.addRange(first: b.first, count: b.count))
        }
        sda.post("/kept") { request, context in
            let b = try await request.decode(as: Kept.self, context: context)
            return try await run(.importKept(number: b.number, customer: b.customer, site: b.site))
        }
        sda.post("/allocations") { request, context in
            let b = try await request.decode(as: Allocation.self, context: context)
            return try await run(.allocate(number: b.number, customer: b.customer, site: b.site, user: b.user, on: b.on))
        }
        sda.post("/releases") { request, context in
            let b = try await request.decode(as: Release.self, context: context)
            return try await run(.release(number: b.number, on: b.on))
        }
    }

    private func run(_ op: SDAService.Operation) async throws -> Response {
        do {
            try await service.perform(op, at: now())
            return Response(status: .noContent)
        } catch let e as NumberingError {
            throw TMFError(.unprocessableContent, code: "refused", reason: e.description)
        } catch StoreError.idempotencyConflict {
            throw TMFError(.conflict, code: "conflict", reason: "the inventory changed meanwhile; try again")
        }
    }
}
