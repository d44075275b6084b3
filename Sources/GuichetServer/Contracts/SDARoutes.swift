import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// `/api/v1/sda…`: the inventory listed, number ranges in stock, kept numbers, allocations and returns (004 §2.4.1, §4.4).
struct SDARoutes {
    let service: SDAService
    let now: @Sendable () -> Instant

    struct Range: Decodable { let first: String; let count: Int }
    struct Kept: Decodable { let number: String; let customer: String; let site: String }
    struct Allocation: Decodable { let number: String; let customer: String; let site: String; let user: String?; let on: LocalDate }
    struct Release: Decodable { let number: String; let on: LocalDate }

    func register(on router: Router<AppRequestContext>) {
        let sda = router.group("/api/v1/sda")
        // By number, a page at a time: a customer's numbers, or those free to allocate on a day (out of quarantine).
        sda.get("") { request, _ in
            let listing = try TMFListing(request)
            let q = request.uri.queryParameters
            let day = try q.get("availableOn").map { try TMFError.date("availableOn", $0) }
            let page = try await service.page(customer: q.get("customer"), availableOn: day, offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.items, total: page.total)
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
