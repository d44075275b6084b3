import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// `/api/v1/porting-requests`: port-in requests with their RIO check and dates.
struct PortingRoutes {
    let service: PortingService
    let now: @Sendable () -> Instant

    struct New: Decodable { let number: String; let rio: String; let requestedOn: LocalDate; let desiredDate: LocalDate? }
    struct Action: Decodable { let action: PortingRequest.Action; let on: LocalDate }
    struct Body: ResponseEncodable { let porting: PortingService.View }

    func register(on router: Router<AppRequestContext>) {
        router.post("/api/v1/porting-requests") { request, context -> Response in
            let body = try await request.decode(as: New.self, context: context)
            let view = try await mapped { try service.view(try await service.create(number: body.number, rio: body.rio, requestedOn: body.requestedOn,
                                                                                     desiredDate: body.desiredDate, at: now())) }
            var response = try Body(porting: view).response(from: request, context: context)
            response.status = .created
            return response
        }
        router.get("/api/v1/porting-requests/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let s = try await service.get(id) else { throw TMFError.notFound("porting request '\(id)'") }
            return Body(porting: try service.view(s))
        }
        router.post("/api/v1/porting-requests/:id/transitions") { request, context in
            let id = try context.parameters.require("id")
            let a = try await request.decode(as: Action.self, context: context)
            return Body(porting: try await mapped { try service.view(try await service.apply(a.action, to: id, on: a.on, at: now())) })
        }
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as NumberingError {
            if case .badDialPlan = e { throw TMFError(.unprocessableContent, code: "illegalTransition", reason: e.description) }
            throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
        }
    }
}
