import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// Staff and API side of support: TMF621 trouble tickets, staff steps, SLA clocks, escalation,
/// e-soutien availability and maintenance notices, operator access keys.
struct SupportRoutes {
    let service: SupportService
    let keys: OperatorKeys
    let now: @Sendable () -> Instant

    struct FileRequest: Decodable {
        let ticketType: TicketFamily
        let relatedPartyId: String
        let name: String
        let description: String
        let contactEmail: String
        let channel: TicketChannel?
        let territory: String?
        let eService: EService?
        let eSoutienKind: ESoutienKind?
        let serviceNumber: String?
        let siteContactPhone: String?
        let complaintLevel: ComplaintLevel?
        let appealOf: String?
    }
    struct StepRequest: Decodable { let kind: TicketEvent.Kind; let text: String?; let domain: ResponsibilityDomain?; let actor: String? }
    struct OutageRequest: Decodable { let start: Instant?; let note: String }
    struct KeyRequest: Decodable { let expiresAt: Instant? }
    struct MaintenanceRequest: Decodable { let start: Instant; let end: Instant; let description: String }

    /// Steps staff take; the reporter's own go through e-soutien or e-mail, escalation through the sweep.
    static let staffSteps: Set<TicketEvent.Kind> = [.started, .infoRequested, .diagnosed, .resolved, .closed, .noted, .reporterAnswered, .complementAdded]

    func register(on router: Router<AppRequestContext>) {
        let tmf = router.group(RouterPath(TMF621Ticket.base))
        tmf.post("/troubleTicket") { request, context -> Response in
            let b = try await request.decode(as: FileRequest.self, context: context)
            let ticket = try await supportMapped {
                guard let owner = try await service.contracts.customer(b.relatedPartyId) else { throw SupportError.notFound("customer '\(b.relatedPartyId)'") }
                let filing = TicketFiling(family: b.ticketType, owner: owner.id, subject: b.name, description: b.description, contactEmail: b.contactEmail,
                                          channel: b.channel ?? .api, territory: b.territory.map(TerritoryID.current) ?? owner.territoryID, eService: b.eService,
                                          eSoutienKind: b.eSoutienKind, serviceNumber: b.serviceNumber, siteContactPhone: b.siteContactPhone,
                                          complaintLevel: b.complaintLevel, appealOf: b.appealOf)
                return try await service.file(filing, at: now(), actor: "api")
            }
            var response = try TMFListing.one(try tmfView(ticket), request: request)
            response.status = .created
            return response
        }
        tmf.get("/troubleTicket") { request, _ -> Response in
            let listing = try TMFListing(request)
            let page = try await service.tickets(listing.query(request, filters: TicketRepository.filters))
            return try listing.response(page: try page.tickets.map(tmfView), total: page.total)
        }
        tmf.get("/troubleTicket/:id") { request, context -> Response in
            let id = try context.parameters.require("id")
            return try TMFListing.one(try tmfView(try await supportMapped { try await service.ticket(id, visibleTo: nil) }), request: request)
        }

        let api = router.group("/api/v1")
        api.post("/tickets/:id/events") { request, context -> Response in
            let id = try context.parameters.require("id")
            let b = try await request.decode(as: StepRequest.self, context: context)
            guard Self.staffSteps.contains(b.kind) else {
                throw TMFError.badParameter("kind", "one of \(Self.staffSteps.map(\.rawValue).sorted().joined(separator: ", "))")
            }
            let t = try await supportMapped {
                try await service.act(id, TicketEvent(b.kind, at: now(), actor: b.actor ?? "staff", text: b.text, channel: .portal, domain: b.domain))
            }
            return try TMFListing.one(try tmfView(t), request: request)
        }
        api.get("/tickets/:id/sla") { request, context -> Response in
            let id = try context.parameters.require("id")
            let clocks = try await supportMapped { try service.sla(try await service.ticket(id, visibleTo: nil), at: now()) }
            return try TMFListing(request).response(clocks)
        }
        api.post("/tickets/escalations") { request, _ -> Response in
            try TMFListing.one(["escalated": try await supportMapped { try await service.escalateMissed(at: now()) }], request: request)
        }
        // Operators' access keys (administration, F6): issued with an optional expiry, listed without the secret, revoked by id.
        api.post("/operators/:id/access-keys") { request, context -> Response in
            let id = try context.parameters.require("id")
            let expiry = try await OptionalBody<KeyRequest>.read(request, context: context)?.expiresAt
            let (keyID, key) = try await supportMapped { try await keys.issue(for: id, expiresAt: expiry, at: now()) }
            struct Issued: Encodable { let operator_: String; let id: String; let key: String; let expiresAt: Instant?
                enum CodingKeys: String, CodingKey { case operator_ = "operator", id, key, expiresAt } }
            var response = try TMFListing.one(Issued(operator_: id, id: keyID, key: key, expiresAt: expiry), request: request)
            response.status = .created
            return response
        }
        api.get("/operators/:id/access-keys") { request, context -> Response in
            let listing = try TMFListing(request)
            let page = try await keys.keys(of: try context.parameters.require("id"), offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.keys, total: page.total)
        }
        api.delete("/operators/:id/access-keys/:key") { _, context -> Response in
            let id = try context.parameters.require("id"), key = try context.parameters.require("key")
            try await supportMapped { try await keys.revoke(id: key, of: id, at: now()) }
            return Response(status: .noContent)
        }

        api.get("/e-soutien/outages") { request, _ in try TMFListing(request).response(try await service.outages()) }
        api.post("/e-soutien/outages") { request, context -> Response in
            let b = try await request.decode(as: OutageRequest.self, context: context)
            var response = try TMFListing.one(try await service.declareOutage(start: b.start ?? now(), note: b.note, at: now()), request: request)
            response.status = .created
            return response
        }
        api.post("/e-soutien/outages/:id/end") { request, context -> Response in
            let id = try context.parameters.require("id")
            return try TMFListing.one(try await supportMapped { try await service.endOutage(id, at: now()) }, request: request)
        }
        api.get("/maintenance-windows") { request, _ in try TMFListing(request).response(try await service.maintenanceWindows()) }
        api.post("/maintenance-windows") { request, context -> Response in
            let b = try await request.decode(as: MaintenanceRequest.self, context: context)
            let (window, recipients) = try await supportMapped { try await service.declareMaintenance(start: b.start, end: b.end, description: b.description, at: now()) }
            struct Declared: Encodable { let window: MaintenanceWindow; let notified: [String]; let notice: String }
            let zone = try await supportMapped { try service.calendar(service.eSoutienTerritory).zone }
            var response = try TMFListing.one(Declared(window: window, notified: recipients, notice: window.notice(zone: zone)), request: request)
            response.status = .created
            return response
        }
    }

    func tmfView(_ t: Ticket) throws -> TMF621Ticket {
        TMF621Ticket(t, sla: (try? service.sla(t, at: now())) ?? [])
    }
}
