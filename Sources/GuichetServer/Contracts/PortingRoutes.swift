import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// `/api/v1/porting-requests`: port-in requests with their RIO check and dates.
struct PortingRoutes {
    let service: PortingService
    let contracts: ContractService
    let lines: LineDirectory
    let now: @Sendable () -> Instant

    struct New: Decodable { let number: String; let rio: String; let requestedOn: LocalDate; let desiredDate: LocalDate?; let contract: String? }
    struct Action: Decodable { let action: PortingRequest.Action; let on: LocalDate }
    struct Body: ResponseEncodable { let porting: PortingService.View }
    struct Claim: Decodable {
        let kind: PortingService.CompensationClaim.Kind; let contract: String; let claimedOn: LocalDate; let restoredOn: LocalDate?; let refused: String?
    }

    func register(on router: Router<AppRequestContext>) {
        // 001 Annexe 3 art. 3.1: the fixed RIO a customer gives the operator they leave for. "+" may come percent-encoded.
        router.get("/api/v1/lines/:number/rio") { request, context in
            let number = try context.parameters.require("number").removingPercentEncoding ?? ""
            guard let line = try await lines.line(number) else { throw TMFError.notFound("line '\(number)'") }
            do {
                return try TMFListing.one(try await service.rio(of: line), request: request)
            } catch let e as NumberingError {
                throw TMFError(.unprocessableContent, code: "notPortable", reason: e.description)
            }
        }
        router.post("/api/v1/porting-requests") { request, context -> Response in
            let body = try await request.decode(as: New.self, context: context)
            let view = try await mapped { try service.view(try await service.create(number: body.number, rio: body.rio, requestedOn: body.requestedOn,
                                                                                     desiredDate: body.desiredDate, contractID: body.contract, at: now())) }
            var response = try Body(porting: view).response(from: request, context: context)
            response.status = .created
            return response
        }
        router.get("/api/v1/porting-requests/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let s = try await service.get(id) else { throw TMFError.notFound("porting request '\(id)'") }
            return Body(porting: try service.view(s))
        }
        // 001 Annexe 3 art. 4, 003 CG 19.2: a compensation claimed, credited on the next invoice of the contract's customer.
        router.post("/api/v1/porting-requests/:id/compensation-claims") { request, context -> Response in
            let id = try context.parameters.require("id")
            let c = try await request.decode(as: Claim.self, context: context)
            let view = try await mapped {
                do {
                    return try service.view(try await contracts.claimPortingCompensation(id, kind: c.kind, contractID: c.contract, claimedOn: c.claimedOn,
                                                                                       restoredOn: c.restoredOn, refused: c.refused, at: now()))
                } catch let e as ContractServiceError {
                    throw TMFError(.notFound, code: "notFound", reason: e.description)
                } catch let e as ContractError {
                    throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
                }
            }
            var response = try Body(porting: view).response(from: request, context: context)
            response.status = .created
            return response
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
