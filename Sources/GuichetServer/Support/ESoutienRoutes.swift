import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// e-soutien for wholesale operators (002): each call carries the operator's access key
/// (`Authorization: Bearer …`); an operator files only for its subscribed e-services and sees
/// only its own tickets. "RETOUR SUR TICKET OUVERT" is the complements and status requests.
struct ESoutienRoutes {
    let service: SupportService
    let keys: OperatorKeys
    let now: @Sendable () -> Instant

    struct FileRequest: Decodable {
        let eService: EService
        let kind: ESoutienKind
        let subject: String
        let description: String
        let contactEmail: String
    }
    struct ComplementRequest: Decodable { let text: String }

    func register(on router: Router<AppRequestContext>) {
        let group = router.group("/api/v1/e-soutien/tickets")
        group.post { request, context -> Response in try await asOperator(request) { op in
            let b = try await request.decode(as: FileRequest.self, context: context)
            let t = try await supportMapped {
                try await service.file(TicketFiling(family: .eSoutien, owner: op, subject: b.subject, description: b.description, contactEmail: b.contactEmail,
                                                    channel: .portal, territory: service.eSoutienTerritory, eService: b.eService, eSoutienKind: b.kind),
                                       at: now(), actor: "operator:\(op)")
            }
            var response = try TMFListing.one(view(t), request: request)
            response.status = .created
            return response
        } }
        group.get { request, _ -> Response in
            let op = try await operatorID(request)
            let listing = try TMFListing(request)
            var query = listing.query(request, filters: ["status": "status"])
            query.equal["owner"] = op
            let page = try await service.tickets(query)
            return try listing.response(page: page.tickets.map(view), total: page.total)
        }
        group.get("/:id") { request, context -> Response in
            let op = try await operatorID(request)
            let id = try context.parameters.require("id")
            return try TMFListing.one(view(try await supportMapped { try await service.ticket(id, visibleTo: op) }), request: request)
        }
        group.post("/:id/complements") { request, context -> Response in try await asOperator(request) { op in
            let id = try context.parameters.require("id")
            let b = try await request.decode(as: ComplementRequest.self, context: context)
            let t = try await supportMapped {
                try await service.act(id, TicketEvent(.complementAdded, at: now(), actor: "operator:\(op)", text: b.text, channel: .portal), visibleTo: op)
            }
            return try TMFListing.one(view(t), request: request)
        } }
        group.post("/:id/status-requests") { request, context -> Response in try await asOperator(request) { op in
            let id = try context.parameters.require("id")
            let t = try await supportMapped {
                try await service.act(id, TicketEvent(.statusQueried, at: now(), actor: "operator:\(op)", channel: .portal), visibleTo: op)
            }
            return try TMFListing.one(view(t), request: request)
        } }
    }

    func view(_ t: Ticket) -> TMF621Ticket { TMF621Ticket(t, sla: (try? service.sla(t, at: now())) ?? []) }

    /// Runs a change as the operator whose access key the request carries: its audit entries name them.
    func asOperator(_ request: Request, _ body: (String) async throws -> Response) async throws -> Response {
        let op = try await operatorID(request)
        return try await AuditContext.$current.withValue(AuditContext.current?.acting(as: "wholesaleOperator:key:\(op)")) { try await body(op) }
    }

    /// The operator the request's access key belongs to, or 401.
    func operatorID(_ request: Request) async throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw TMFError(.unauthorized, code: "unauthorized", reason: "Authorization: Bearer <operator access key> is required (002 §2)")
        }
        guard let op = try await keys.owner(of: String(header.dropFirst("Bearer ".count)), at: now()) else {
            throw TMFError(.unauthorized, code: "unauthorized", reason: "the access key is unknown, revoked or expired")
        }
        return op
    }
}
