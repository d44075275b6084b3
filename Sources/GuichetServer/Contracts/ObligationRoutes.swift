import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// `POST /api/v1/obligations/run-due`: what the scheduler does every minute, on demand (issue 23) — the obligations
/// due by now, or (`until`) on or before a day in their territory, each executed once.
struct ObligationRoutes {
    let runner: ObligationRunner
    let now: @Sendable () -> Instant

    struct RunDue: Decodable { let until: LocalDate? }

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/v1/obligations/run-due") { request, context -> Response in
            let body = try await request.decode(as: RunDue.self, context: context)
            let at = now()
            return try TMFListing(request).response(try await runner.runDue(by: body.until == nil ? at : nil, on: body.until, at: at))
        }
    }
}
