import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// Remote assistance (000): the advisor's steps, and the page where the customer types the
/// one-time session code.
struct RemoteAssistanceRoutes {
    let service: RemoteAssistanceService
    let now: @Sendable () -> Instant

    struct StepRequest: Decodable {
        let kind: AssistanceRequest.Event.Kind
        let feasible: Bool?
        let slotStart: Instant?
        let customerAskedLater: Bool?
        let text: String?
        let outcome: AssistanceOutcome?
    }
    struct RedeemRequest: Decodable { let code: String }

    func register(on router: Router<AppRequestContext>) {
        let group = router.group("/api/v1/remote-assistance")
        group.post { request, context -> Response in
            let b = try await request.decode(as: RemoteAssistanceService.NewRequest.self, context: context)
            let r = try await supportMapped { try await service.request(b, at: now()) }
            var response = try TMFListing.one(service.view(r), request: request)
            response.status = .created
            return response
        }
        group.get("/:id") { request, context -> Response in
            let id = try context.parameters.require("id")
            return try TMFListing.one(service.view(try await supportMapped { try await service.request(id) }), request: request)
        }
        group.post("/:id/events") { request, context -> Response in
            let id = try context.parameters.require("id")
            let b = try await request.decode(as: StepRequest.self, context: context)
            guard ![.requested, .codeIssued, .codeRedeemed].contains(b.kind) else {
                throw TMFError.badParameter("kind", "codes are issued at /session-codes and redeemed at /api/v1/remote-assistance/sessions")
            }
            guard b.kind != .commitmentMissed else { throw TMFError.badParameter("kind", "a missed commitment is recorded by the scheduler when its time comes") }
            let event = AssistanceRequest.Event(b.kind, at: now(), feasible: b.feasible, slotStart: b.slotStart, customerAskedLater: b.customerAskedLater,
                                                text: b.text, outcome: b.outcome)
            return try TMFListing.one(service.view(try await supportMapped { try await service.record(id, event) }), request: request)
        }
        group.post("/:id/session-codes") { request, context -> Response in
            let id = try context.parameters.require("id")
            let (code, expires) = try await supportMapped { try await service.issueCode(id, at: now()) }
            struct Issued: Encodable { let code: String; let expiresAt: Instant; let requestID: String }
            var response = try TMFListing.one(Issued(code: code, expiresAt: expires, requestID: id), request: request)
            response.status = .created
            return response
        }
        group.post("/sessions") { request, context -> Response in
            let b = try await request.decode(as: RedeemRequest.self, context: context)
            let r = try await supportMapped { try await service.redeem(b.code, at: now()) }
            struct Opened: Encodable { let requestID: String; let status: AssistanceRequest.Status }
            return try TMFListing.one(Opened(requestID: r.id, status: r.status), request: request)
        }
    }
}
