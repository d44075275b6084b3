import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// `GET /api/v1/obligations` (what is due, due first: `state`, `until` a day) and `POST /api/v1/obligations/run-due`, what
/// the scheduler does every minute, on demand (issue 23) — the obligations due by now, or (`until`) on or before a day in
/// their territory, each executed once.
struct ObligationRoutes {
    let runner: ObligationRunner
    let contracts: ContractService
    let now: @Sendable () -> Instant

    struct RunDue: Decodable { let until: LocalDate? }

    func register(on router: Router<AppRequestContext>) {
        router.get("/api/v1/obligations") { request, _ -> Response in
            let listing = try TMFListing(request)
            let q = request.uri.queryParameters
            let state = try q.get("state").map { text in
                guard let s = Obligation.State(rawValue: text) else {
                    throw TMFError.badParameter("state", "'\(text)' is not one of \(Obligation.State.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return s
            }
            let until = try q.get("until").map { try TMFError.date("until", $0) }
            let page = try await contracts.obligations(state: state, until: until, offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.items, total: page.total)
        }
        router.post("/api/v1/obligations/run-due") { request, context -> Response in
            let body = try await request.decode(as: RunDue.self, context: context)
            let at = now()
            do {
                return try TMFListing(request).response(try await runner.runDue(by: body.until == nil ? at : nil, on: body.until, at: at))
            } catch let e as ContractError {
                throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
            }
        }
    }
}
