import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// Administration of access (area `administration`): people's accounts, machines' API tokens,
/// and the audit log.
struct AccessRoutes {
    let accounts: AccountService
    let store: any Store
    let contracts: ContractService
    let now: @Sendable () -> Instant

    struct NewUser: Decodable { let login: String; let name: String; let email: String; let role: Role; let tenant: String?; let password: String }
    struct NewToken: Decodable { let name: String; let role: Role; let tenant: String?; let scopes: Set<Area>?; let expiresAt: Instant? }
    struct IssuedToken: ResponseEncodable { let id: String; let name: String; let role: Role; let scopes: Set<Area>?; let expiresAt: Instant?; let token: String }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("/api/v1")
        api.get("/users") { request, _ in
            let listing = try TMFListing(request)
            let page = try await accounts.users(listing.query(request, filters: UserRepository.filters))
            return try listing.response(page: page.users, total: page.total)
        }
        api.post("/users") { request, context -> Response in
            let b = try await request.decode(as: NewUser.self, context: context)
            try checkReach(context, role: b.role, scopes: nil)
            try await checkTenant(b.tenant, for: b.role)
            let u = try await mapped {
                try await accounts.createUser(.init(login: b.login, name: b.name, email: b.email, role: b.role, tenant: b.tenant), password: b.password, at: now())
            }
            var response = try TMFListing.one(u, request: request)
            response.status = .created
            return response
        }
        api.post("/api-tokens") { request, context -> Response in
            let b = try await request.decode(as: NewToken.self, context: context)
            try checkReach(context, role: b.role, scopes: b.scopes)
            try await checkTenant(b.tenant, for: b.role)
            let actor = context.principal?.actor ?? "unknown"
            let (id, token) = try await mapped {
                try await accounts.issueToken(name: b.name, role: b.role, tenant: b.tenant, scopes: b.scopes, expiresAt: b.expiresAt, by: actor, at: now())
            }
            var response = try IssuedToken(id: id, name: b.name, role: b.role, scopes: b.scopes, expiresAt: b.expiresAt, token: token)
                .response(from: request, context: context)
            response.status = .created
            return response
        }
        api.get("/api-tokens") { request, _ in
            let listing = try TMFListing(request)
            let page = try await accounts.tokens(listing.query(request, filters: AccountService.tokenFilters))
            return try listing.response(page: page.tokens, total: page.total)
        }
        api.delete("/api-tokens/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            try await mapped { try await accounts.revokeToken(id, at: now()) }
            return Response(status: .noContent)
        }
        api.get("/audit-log") { request, _ in
            let listing = try TMFListing(request)
            let q = request.uri.queryParameters
            func text(_ name: String) -> String? { q.get(name).flatMap { $0.isEmpty ? nil : $0 } }
            func instant(_ name: String) throws -> Instant? {
                guard let t = text(name) else { return nil }
                guard let i = try? Instant(iso: t) else { throw TMFError.badParameter(name, "'\(t)' is not an ISO 8601 instant such as 2026-11-20T08:00:00Z") }
                return i
            }
            let query = AuditQuery(actor: text("actor"), resource: text("resource"), since: try instant("since"), until: try instant("until"),
                                   offset: listing.offset, limit: listing.pageSize)
            let page = try await store.auditEntries(query)
            return try listing.response(page: page.entries, total: page.total)
        }
    }

    /// What a request creates (an account, a token) reaches no further than whoever asks (F6).
    func checkReach(_ context: AppRequestContext, role: Role, scopes: Set<Area>?) throws {
        guard let p = context.principal, p.covers(Principal(id: "new", role: role, scopes: scopes)) else {
            throw TMFError(.forbidden, code: "forbidden", reason: "a \(role.rawValue)\(scopes.map { " scoped to \($0.map(\.rawValue).sorted())" } ?? "") would reach further than the requester")
        }
    }

    /// A tenant is an existing customer of the kind the role serves.
    func checkTenant(_ tenant: String?, for role: Role) async throws {
        guard let tenant else { return }
        guard let c = try await contracts.customer(tenant) else { throw TMFError.badParameter("tenant", "no customer '\(tenant)'") }
        let kinds: [Role: ContractService.PartyKind] = [.businessAdmin: .business, .wholesaleOperator: .wholesale]
        if let kind = kinds[role], c.kind != kind { throw TMFError.badParameter("tenant", "a \(role.rawValue) acts for a \(kind.rawValue) customer") }
    }

    func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as AccessError {
            switch e {
            case .conflict: throw TMFError(.conflict, code: "conflict", reason: e.description)
            case .notFound: throw TMFError(.notFound, code: "notFound", reason: e.description)
            default: throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
            }
        }
    }
}
