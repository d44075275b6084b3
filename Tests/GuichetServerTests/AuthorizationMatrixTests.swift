import Foundation
import GuichetApp
import GuichetCore
import GuichetServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 9: every resource requested as every role, the answer asserted — no one reads what is not theirs.
@Suite struct AuthorizationMatrixTests {
    struct Customer: Decodable { let id: String; let kind: String; let territoryID: String }
    struct Contract: Decodable { let id: String; let customerID: String }
    struct InvoiceView: Decodable { struct Invoice: Decodable { let id: String }; let invoice: Invoice }
    struct TicketView: Decodable { let id: String; let ticketType: String }

    /// The demo's identifiers, read with the administrator's token.
    struct Demo {
        let marie: String, said: String, company: String
        let marieInvoice: String, saidInvoice: String, companyContract: String, marieContract: String, complaint: String
    }

    static func demo(_ client: any TestClientProtocol) async throws -> Demo {
        let admin: HTTPFields = [.authorization: "Bearer \(TestApp.adminToken)"]
        func get<T: Decodable>(_ uri: String, _ t: T.Type) async throws -> T {
            try await client.execute(uri: uri, method: .get, headers: admin).json(T.self)
        }
        let customers = try await get("/api/v1/customers", [Customer].self)
        let marie = try #require(customers.first { $0.territoryID == "GP" }).id
        let said = try #require(customers.first { $0.territoryID == "YT" }).id
        let company = try #require(customers.first { $0.kind == "business" }).id
        let contracts = try await get("/api/v1/contracts", [Contract].self)
        let tickets = try await get("/tmf-api/troubleTicket/v4/troubleTicket", [TicketView].self)
        return Demo(marie: marie, said: said, company: company,
                    marieInvoice: try #require(try await get("/api/v1/customers/\(marie)/invoices", [InvoiceView].self).first).invoice.id,
                    saidInvoice: try #require(try await get("/api/v1/customers/\(said)/invoices", [InvoiceView].self).first).invoice.id,
                    companyContract: try #require(contracts.first { $0.customerID == company }).id,
                    marieContract: try #require(contracts.first { $0.customerID == marie }).id,
                    complaint: try #require(tickets.first { $0.ticketType == "complaint" }).id)
    }

    enum Who: String, CaseIterable, Sendable {
        case anonymous, marie, claire, noc, support = "agent.support", billing = "agent.facturation", admin
    }

    /// What each role gets: 200 allowed; 303 to the sign-in page; 401 no credentials; 403 not your role; 404 not yours.
    static func expected(_ d: Demo) -> [(String, [Who: Int])] {
        let staffAPI: (Set<Who>) -> [Who: Int] = { allowed in
            Dictionary(uniqueKeysWithValues: Who.allCases.map { w in (w, w == .anonymous ? 401 : allowed.contains(w) ? 200 : 403) })
        }
        let page: (Set<Who>) -> [Who: Int] = { allowed in
            Dictionary(uniqueKeysWithValues: Who.allCases.map { w in (w, w == .anonymous ? 303 : allowed.contains(w) ? 200 : 403) })
        }
        // Someone else's thing in one's own space: 404, as for a thing that does not exist.
        return [
            ("/espace-client", page([.marie])),
            ("/espace-entreprise", page([.claire])),
            ("/e-soutien", page([.noc])),
            ("/back-office", page([.support, .billing, .admin])),
            ("/back-office/tickets/\(d.complaint)", page([.support, .billing, .admin])),
            ("/back-office/clients/\(d.marie)", page([.support, .billing, .admin])),
            ("/espace-client/factures/\(d.marieInvoice)", page([.marie])),
            ("/espace-client/factures/\(d.marieInvoice)/facturx.xml", page([.marie])),
            ("/espace-client/factures/\(d.marieInvoice)/detail", page([.marie])),
            ("/espace-client/factures/\(d.saidInvoice)/detail", page([]).merging([.marie: 404]) { $1 }),
            ("/espace-client/factures/\(d.saidInvoice)", page([]).merging([.marie: 404]) { $1 }),
            ("/espace-client/contrats/\(d.marieContract)/resiliation", page([.marie])),
            ("/espace-client/contrats/\(d.companyContract)/resiliation", page([]).merging([.marie: 404]) { $1 }),
            ("/espace-entreprise/contrats/\(d.companyContract)/resiliation", page([.claire])),
            ("/espace-entreprise/contrats/\(d.marieContract)/resiliation", page([]).merging([.claire: 404]) { $1 }),
            ("/espace-entreprise/factures/\(d.marieInvoice)", page([]).merging([.claire: 404]) { $1 }),
            ("/e-soutien/tickets/\(d.complaint)", page([]).merging([.noc: 404]) { $1 }),
            ("/espace-client/tickets/\(d.complaint)", page([.marie])),
            ("/espace-entreprise/tickets/\(d.complaint)", page([]).merging([.claire: 404]) { $1 }),
            ("/espace-client/donnees.json", page([.marie])),
            ("/api/v1/customers", staffAPI([.support, .billing, .admin])),
            ("/api/v1/customers/\(d.marie)", staffAPI([.support, .billing, .admin])),
            ("/api/v1/contracts", staffAPI([.support, .billing, .admin])),
            ("/api/v1/contracts/\(d.marieContract)/obligations", staffAPI([.support, .billing, .admin])),
            ("/api/v1/obligations", staffAPI([.support, .billing, .admin])),
            ("/api/v1/sda", staffAPI([.support, .billing, .admin])),
            ("/api/v1/customers/\(d.marie)/invoices", staffAPI([.billing, .admin])),
            ("/api/v1/invoices/\(d.marieInvoice)", staffAPI([.billing, .admin])),
            ("/api/v1/bill-runs", staffAPI([.billing, .admin])),
            ("/api/v1/customers/\(d.marie)/consumption", staffAPI([.support, .billing, .admin])),
            ("/api/v1/usage/alerts", staffAPI([.support, .billing, .admin])),
            ("/tmf-api/troubleTicket/v4/troubleTicket", staffAPI([.support, .billing, .admin])),
            ("/api/v1/mail/outbox", staffAPI([.admin])),
            ("/api/v1/users", staffAPI([.admin])),
            ("/api/v1/audit-log", staffAPI([.admin])),
            // e-soutien's API answers operators' access keys only: a browser session is not one.
            ("/api/v1/e-soutien/tickets", Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, 401) })),
            // Public: reference facts and the published catalog.
            ("/api/v1/territories", Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, 200) })),
            ("/tmf-api/productCatalogManagement/v5/productOffering", Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, 200) })),
        ]
    }

    @Test func everyRoleGetsOnlyWhatIsItsOwn() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, _ in
            let d = try await Self.demo(client)
            var sessions: [Who: PortalSession] = [:]
            for w in Who.allCases where w != .anonymous { sessions[w] = try await PortalSession.open(client, w.rawValue) }
            var leaks: [String] = []
            for (uri, answers) in Self.expected(d) {
                for w in Who.allCases {
                    let headers: HTTPFields = sessions[w].map { [.cookie: $0.cookie] } ?? [:]
                    let status = try await client.execute(uri: uri, method: .get, headers: headers).status.code
                    if status != answers[w] { leaks.append("\(w.rawValue) GET \(uri): \(status), expected \(answers[w] ?? 0)") }
                }
            }
            #expect(leaks == [])
        }
    }

    @Test func aBrowserSessionChangesNothingThroughTheAPI() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let admin = try await PortalSession.open(client, "admin")
            // Writes through the API need a token: the cookie a page could send along is not enough.
            let r = try await client.execute(uri: "/api/v1/customers", method: .post, headers: [.cookie: admin.cookie, .contentType: "application/json"],
                                             body: ByteBuffer(string: #"{"name":"X","kind":"consumer","territory":"GP"}"#))
            #expect(r.status == .unauthorized)
            #expect(try await store.streams(withPrefix: "customer:").count == 4)
        }
    }

    @Test func tokensAreScopedAndHashedAtRest() async throws {
        try await TestApp.run(demo: true, asAdmin: false) { client, store in
            let admin: HTTPFields = [.authorization: "Bearer \(TestApp.adminToken)", .contentType: "application/json"]
            struct Issued: Decodable { let token: String }
            let issued = try await client.execute(uri: "/api/v1/api-tokens", method: .post, headers: admin,
                                                  body: ByteBuffer(string: #"{"name":"erp","role":"billingAgent","scopes":["billing"]}"#))
            #expect(issued.status == .created)
            let token = try issued.json(Issued.self).token
            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await client.execute(uri: "/api/v1/bill-runs", method: .get, headers: bearer).status == .ok)
            // A billing agent may read customers, but this token was limited to billing.
            #expect(try await client.execute(uri: "/api/v1/customers", method: .get, headers: bearer).status == .forbidden)
            // Scopes beyond the role are refused at issue.
            let beyond = try await client.execute(uri: "/api/v1/api-tokens", method: .post, headers: admin,
                                                  body: ByteBuffer(string: #"{"name":"x","role":"supportAgent","scopes":["billing"]}"#))
            #expect(beyond.status == .badRequest)
            // Only the token's SHA-256 names its stream; the token itself is stored nowhere.
            let streams = try await store.streams(withPrefix: "api-token:")
            #expect(streams.count == 2 && !streams.contains { $0.contains(token) })
            for s in streams { #expect(try await store.events(stream: s, after: 0).allSatisfy { !$0.payload.contains(token) }) }
            #expect(try await client.execute(uri: "/api/v1/bill-runs", method: .get, headers: [.authorization: "Bearer gt_forged"]).status == .unauthorized)
        }
    }
}
