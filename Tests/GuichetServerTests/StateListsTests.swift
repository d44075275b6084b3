import Foundation
import GuichetApp
@testable import GuichetServer
import GuichetStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 22: lists read from the state tables, paged, filtered and counted in SQL; the migration import
/// over HTTP; the tables fold again from the streams to what was written live.
@Suite struct StateListsTests {
    struct Customer: Decodable { let id: String; let customerNumber: String; let name: String; let territoryID: String }
    struct Contract: Decodable { let id: String; let customerID: String; let state: String }
    struct Line: Decodable { let number: String; let contractID: String }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ body: String, type: String = "application/json") async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: type], body: ByteBuffer(string: body))
    }

    static func total(_ r: TestResponse) -> Int? { r.headers[HTTPField.Name("X-Total-Count")!].flatMap { Int($0) } }

    /// 12 customers (every third in Martinique), each with a contract, the even ones activated, each with a line.
    static func base(_ client: any TestClientProtocol) async throws -> [Customer] {
        var made: [Customer] = []
        for i in 1...12 {
            let territory = i % 3 == 0 ? "MQ" : "GP"
            let c = try await post(client, "/api/v1/customers", #"{"name":"Client \#(i) Dupont","kind":"consumer","territory":"\#(territory)"}"#).json(Customer.self)
            let k = try await post(client, "/api/v1/contracts", #"{"customer":"\#(c.id)","offering":"livebox-essentiel-fibre","orderedOn":"2026-11-0\#(i % 9 + 1)","presentedDocuments":{"identity":"nationalIdCard","bankDetails":true}}"#)
                .json(Contract.self)
            if i % 2 == 0 { #expect(try await post(client, "/api/v1/contracts/\(k.id)/transitions", #"{"action":"activate","on":"2026-11-20"}"#).status == .ok) }
            #expect(try await post(client, "/api/v1/lines", #"{"number":"0590 27 00 \#(String(format: "%02d", i))","contractId":"\#(k.id)"}"#).status == .created)
            made.append(c)
        }
        return made
    }

    @Test func listsArePagedFilteredAndCountedInSQL() async throws {
        try await TestApp.run { client, _ in
            let made = try await Self.base(client)
            #expect(made.map(\.customerNumber) == (1...12).map { String(format: "%09d", $0) })
            let page = try await client.execute(uri: "/api/v1/customers?offset=5&limit=4", method: .get)
            #expect(Self.total(page) == 12 && page.headers[HTTPField.Name("X-Result-Count")!] == "4")
            #expect(try page.json([Customer].self).map(\.customerNumber) == ["000000006", "000000007", "000000008", "000000009"])
            let martinique = try await client.execute(uri: "/api/v1/customers?territory=MQ&limit=2", method: .get)
            #expect(try Self.total(martinique) == 4 && (martinique.json([Customer].self)).map(\.customerNumber) == ["000000003", "000000006"])
            let search = try await client.execute(uri: "/api/v1/customers?q=client%2011%20dup", method: .get)
            #expect(try search.json([Customer].self).map(\.id) == [made[10].id])
            // Two characters: no index answers, so the request is refused and names its parameter (D-SCALE-4).
            let short = try await client.execute(uri: "/api/v1/customers?q=du", method: .get)
            #expect(short.status == .badRequest && short.text.contains("q: a search takes at least 3 characters"))
            // No limit: a page of 100 at most, never the whole table (D-SCALE-1); above 1 000, 1 000.
            #expect(Self.total(try await client.execute(uri: "/api/v1/customers", method: .get)) == 12)

            let active = try await client.execute(uri: "/api/v1/contracts?state=active&limit=3", method: .get)
            #expect(try Self.total(active) == 6 && (active.json([Contract].self)).allSatisfy { $0.state == "active" })
            let theirs = try await client.execute(uri: "/api/v1/contracts?customerId=\(made[4].id)", method: .get).json([Contract].self)
            #expect(theirs.count == 1 && theirs[0].customerID == made[4].id)
            let pending = try await client.execute(uri: "/tmf-api/productInventory/v5/product?status=pendingActive&limit=1", method: .get)
            #expect(Self.total(pending) == 6 && pending.headers[HTTPField.Name("X-Result-Count")!] == "1")
            #expect(Self.total(try await client.execute(uri: "/tmf-api/productInventory/v5/product?status=cancelled", method: .get)) == 0)

            let lines = try await client.execute(uri: "/api/v1/lines?customerId=\(made[2].id)", method: .get)
            #expect(try Self.total(lines) == 1 && (lines.json([Line].self)).map(\.number) == ["+590590270003"])
            #expect(try await client.execute(uri: "/api/v1/lines/%2B590590270003", method: .get).json(Line.self).number == "+590590270003")
            #expect(try await client.execute(uri: "/api/v1/lines/%2B590590279999", method: .get).status == .notFound)

            let audit = try await client.execute(uri: "/api/v1/audit-log?limit=2&offset=1", method: .get)
            #expect(audit.headers[HTTPField.Name("X-Result-Count")!] == "2" && (Self.total(audit) ?? 0) >= 36)
        }
    }

    @Test func theImportRouteReportsEveryRowAndStoresOnce() async throws {
        try await TestApp.run { client, store in
            let csv = """
                externalId,name,kind,territory,email
                A-1,"Martin, Paul",consumer,RE,paul@example.org
                A-2,,consumer,RE,
                A-3,Zoé,business,GF,

                """
            let first = try await Self.post(client, "/api/v1/imports/customers?format=csv", csv, type: "text/csv")
            #expect(first.status == .ok)
            struct Report: Decodable { struct E: Decodable { let line: Int; let field: String }; let imported: Int; let alreadyPresent: Int; let errors: [E] }
            let r = try first.json(Report.self)
            #expect(r.imported == 2 && r.alreadyPresent == 0 && r.errors.map(\.line) == [3] && r.errors.map(\.field) == ["name"])
            let again = try await Self.post(client, "/api/v1/imports/customers?format=csv", csv, type: "text/csv").json(Report.self)
            #expect(again.imported == 0 && again.alreadyPresent == 2)
            #expect(try await store.statePage(.customers, StateQuery()).total == 2)
            let paul = try await client.execute(uri: "/api/v1/customers?externalId=A-1", method: .get).json([Customer].self)
            #expect(paul.map(\.name) == ["Martin, Paul"])

            let unknown = try await Self.post(client, "/api/v1/imports/customers", "externalId,nom\nA-9,x\n", type: "text/csv")
            #expect(unknown.status == .badRequest && unknown.text.contains("'nom' is not a field of this file"))
            #expect(try await Self.post(client, "/api/v1/imports/invoices", csv, type: "text/csv").status == .badRequest)
            let jsonl = #"{"externalId":"A-4","name":"Ali","kind":"consumer","territory":"YT","email":["x"]}"# + "\n"
            let bad = try await Self.post(client, "/api/v1/imports/customers?format=jsonl", jsonl, type: "application/x-ndjson").json(Report.self)
            #expect(bad.imported == 0 && bad.errors.map(\.field) == ["email"])
        }
    }

    /// Every kind of change the services make, then the rebuild: each table is what the live writes left.
    @Test func aRebuildAfterAScenarioEqualsTheLiveTables() async throws {
        try await TestApp.run(demo: true) { client, store in
            let made = try await Self.base(client)
            let marie = made[0]
            _ = try await Self.post(client, "/api/v1/customers/\(made[1].id)/rectification", #"{"name":"Client 2 Rectifié"}"#)
            let theirs = try await client.execute(uri: "/api/v1/contracts?customerId=\(marie.id)", method: .get).json([Contract].self)
            #expect(try await Self.post(client, "/api/v1/contracts/\(theirs[0].id)/transitions", #"{"action":"cancel","on":"2026-11-20"}"#).status == .ok)
            // A termination requested on another's contract: its obligation, scheduled (issue 23).
            let other = try await client.execute(uri: "/api/v1/contracts?customerId=\(made[1].id)", method: .get).json([Contract].self)
            #expect(try await Self.post(client, "/api/v1/contracts/\(other[0].id)/transitions", #"{"action":"requestTermination","on":"2026-11-20"}"#).status == .ok)
            // Her ticket, filed and then taken up: its row follows each step.
            struct Ticket: Decodable { let id: String; let status: String }
            let filed = try await Self.post(client, "/tmf-api/troubleTicket/v4/troubleTicket",
                #"{"ticketType":"afterSales","relatedPartyId":"\#(marie.id)","name":"Box muette","description":"Plus de voyant","contactEmail":"marie.efface@example.fr"}"#)
                .json(Ticket.self)
            #expect(try await Self.post(client, "/api/v1/tickets/\(filed.id)/events", #"{"kind":"started"}"#).status == .ok)
            let mine = try await client.execute(uri: "/tmf-api/troubleTicket/v4/troubleTicket?relatedParty.id=\(marie.id)&status=inProgress&q=efface", method: .get)
            #expect(try Self.total(mine) == 1 && mine.json([Ticket].self).map(\.id) == [filed.id])
            // Her account, her remote-assistance request (taken up), a port-in under way, an operator's key, a token used once.
            let account = #"{"login":"marie.efface","name":"Marie Efface","email":"marie.efface@example.fr","role":"customer","tenant":"\#(marie.id)","password":"un-long-mot-de-passe"}"#
            #expect(try await Self.post(client, "/api/v1/users", account).status == .created)
            struct Assistance: Decodable { struct R: Decodable { let id: String }; let request: R }
            let assistance = try await Self.post(client, "/api/v1/remote-assistance",
                #"{"customerNumber":"\#(marie.customerNumber)","lastName":"Efface","firstName":"Marie","email":"marie.efface@example.fr","os":"windows","lines":[{"forfait":"forfait-f01","quantity":1}]}"#)
            #expect(assistance.status == .created, "\(assistance.text)")
            let assistanceID = try assistance.json(Assistance.self).request.id
            struct Porting: Decodable { struct P: Decodable { let id: String }; let porting: P }
            let porting = try await Self.post(client, "/api/v1/porting-requests", #"{"number":"0696 10 01 52","rio":"02P131780R0W","requestedOn":"2026-05-22"}"#)
            #expect(try await Self.post(client, "/api/v1/porting-requests/\(try porting.json(Porting.self).porting.id)/transitions",
                                        #"{"action":"accept","on":"2026-05-23"}"#).status == .ok)
            let op = try #require(try await client.execute(uri: "/api/v1/customers?kind=wholesale&limit=1", method: .get).json([Customer].self).first)
            #expect(try await Self.post(client, "/api/v1/operators/\(op.id)/access-keys", "{}").status == .created)
            struct Token: Decodable { let token: String }
            let token = try await Self.post(client, "/api/v1/api-tokens", #"{"name":"crm","role":"supportAgent"}"#).json(Token.self).token
            #expect(try await client.execute(uri: "/api/v1/customers?limit=1", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .ok)
            // SDA numbers (004 §2.4.1, §4.4): a range in stock, one allocated then returned into quarantine, a kept number
            // that leaves the inventory when returned.
            for (path, body) in [("ranges", #"{"first":"05 62 07 04 10","count":3}"#),
                                 ("allocations", #"{"number":"+33562070410","customer":"\#(marie.id)","site":"tls","on":"2026-01-05"}"#),
                                 ("releases", #"{"number":"+33562070410","on":"2026-03-01"}"#),
                                 ("kept", #"{"number":"0590 27 12 34","customer":"\#(marie.id)","site":"gustavia"}"#),
                                 ("releases", #"{"number":"+590590271234","on":"2026-03-02"}"#)] {
                #expect(try await Self.post(client, "/api/v1/sda/\(path)", body).status == .noContent, "\(path)")
            }
            // The demo's Marie asks for her data to be erased from her space: an open request, due in a month.
            let demoMarie = try await PortalSession.open(client, "marie")
            #expect(try await demoMarie.post(client, "/espace-client/donnees/effacement", [:]).status == .seeOther)
            // 001 CG 10.1: she asks for paper invoices too; November's is a letter to post.
            #expect(try await demoMarie.post(client, "/espace-client/factures/papier", ["paper": "on"]).status == .seeOther)
            _ = try await BillingRoutesTests.runBills(client, "2026-11")
            let request = try #require(try await store.stateRows(.privacyRequests).first)
            #expect(request.values["status"] == "open" && request.values["due_on"] != nil)
            let erased = try await Self.post(client, "/api/v1/customers/\(marie.id)/erasure", #"{"reason":"request of 2026-11-21"}"#)
            #expect(erased.status == .ok, "\(erased.text)")
            // The erased customer's row holds nothing of her either, nor does her ticket's.
            let row = try #require(try await store.stateRow(.customers, key: marie.id))
            #expect(!row.body.contains("Client 1 ") && !row.search.contains("client 1 "))
            let ticket = try #require(try await store.stateRow(.tickets, key: filed.id))
            #expect(!ticket.body.contains("marie.efface") && !ticket.search.contains("marie.efface") && ticket.values["status"] == "inProgress")
            for (table, key) in [(StateTable.assistanceRequests, assistanceID), (.users, "marie.efface")] {
                let row = try #require(try await store.stateRow(table, key: key))
                #expect(!row.body.contains("marie.efface@") && !row.search.contains("marie.efface@"), "\(table.name)")
            }

            var live: [String: [StateRow]] = [:]
            for t in StateTable.all { live[t.name] = try await store.stateRows(t) }
            #expect(live.values.allSatisfy { !$0.isEmpty })
            let rebuilt = try await StateTables.rebuild(store)
            #expect(rebuilt.map(\.rows) == StateTable.all.map { live[$0.name]!.count })
            for t in StateTable.all {
                #expect(StateTables.differing(live[t.name]!, try await store.stateRows(t)) == 0, "\(t.name)")
            }
            // The next customer number follows the largest, as before the rebuild.
            let next = try await Self.post(client, "/api/v1/customers", #"{"name":"Après","kind":"consumer","territory":"GP"}"#).json(Customer.self)
            #expect(next.customerNumber == String(format: "%09d", live["customers"]!.count + 1))
        }
    }

    /// Accounts, tokens and the audit log are lists of their tables: paged, filtered and counted in SQL.
    @Test func accountsTokensAndTheAuditLogArePagedAndFilteredInSQL() async throws {
        try await TestApp.run(demo: true) { client, _ in
            struct User: Decodable { let login: String; let role: String; let tenant: String? }
            let all = try await client.execute(uri: "/api/v1/users?limit=2", method: .get)
            let total = try #require(Self.total(all))
            #expect(total >= 6 && all.headers[HTTPField.Name("X-Result-Count")!] == "2")
            let logins = try all.json([User].self).map(\.login)
            #expect(logins == logins.sorted())
            let customers = try await client.execute(uri: "/api/v1/users?role=customer", method: .get).json([User].self)
            #expect(!customers.isEmpty && customers.allSatisfy { $0.role == "customer" && $0.tenant != nil })
            let found = try await client.execute(uri: "/api/v1/users?q=agent.sup", method: .get).json([User].self)
            #expect(found.map(\.login) == ["agent.support"])
            #expect(try await client.execute(uri: "/api/v1/users?q=ag", method: .get).status == .badRequest)

            struct Token: Decodable { let id: String; let issuedBy: String }
            let bootstrap = try await client.execute(uri: "/api/v1/api-tokens?issuedBy=configuration", method: .get).json([Token].self)
            #expect(bootstrap.count == 1 && bootstrap[0].issuedBy == "configuration")
            #expect(Self.total(try await client.execute(uri: "/api/v1/api-tokens?issuedBy=nobody", method: .get)) == 0)

            // The audit log by actor and by stream: the customer made by this request, and no one else's change.
            struct Customer: Decodable { let id: String }
            let made = try await Self.post(client, "/api/v1/customers", #"{"name":"Audit Dupont","kind":"consumer","territory":"GP"}"#).json(Customer.self)
            struct Entry: Decodable { let actor: String; let changes: [String]? }
            let theirs = try await client.execute(uri: "/api/v1/audit-log?resource=customer:\(made.id)", method: .get)
            #expect(Self.total(theirs) == 1)
            let entry = try #require(try theirs.json([Entry].self).first)
            let byActor = try await client.execute(uri: "/api/v1/audit-log?actor=\(entry.actor)&limit=1", method: .get)
            #expect(try byActor.json([Entry].self).first?.changes == entry.changes && (Self.total(byActor) ?? 0) >= 1)
            let none = try await client.execute(uri: "/api/v1/audit-log?actor=\(entry.actor)&until=2000-01-01T00:00:00Z", method: .get)
            #expect(Self.total(none) == 0)
            let bad = try await client.execute(uri: "/api/v1/audit-log?since=hier", method: .get)
            #expect(bad.status == .badRequest && bad.text.contains("since"))
        }
    }

    /// The back office lists the port-in requests under way, a page of them: a completed one leaves the list.
    @Test func theBackOfficeListsThePortingRequestsUnderWay() async throws {
        try await TestApp.run(demo: true) { client, _ in
            struct Porting: Decodable { struct P: Decodable { let id: String }; let porting: P }
            let first = try await Self.post(client, "/api/v1/porting-requests", #"{"number":"0696 10 01 52","rio":"02P131780R0W","requestedOn":"2026-05-22"}"#)
                .json(Porting.self).porting.id
            for (action, on) in [("accept", "2026-05-23"), ("complete", "2026-05-28")] {
                #expect(try await Self.post(client, "/api/v1/porting-requests/\(first)/transitions", #"{"action":"\#(action)","on":"\#(on)"}"#).status == .ok)
            }
            #expect(try await client.execute(uri: "/api/v1/porting-requests/\(first)", method: .get).text.contains(#""state":"ported""#))
            let support = try await PortalSession.open(client, "agent.support")
            #expect(try await support.get(client, "/back-office").text.contains("Aucune demande en cours."))
            #expect(try await Self.post(client, "/api/v1/porting-requests", #"{"number":"0696 10 01 52","rio":"02P131780R0W","requestedOn":"2026-06-02"}"#).status == .created)
            let page = try await support.get(client, "/back-office").text
            #expect(page.contains("1 demande(s)") && page.contains("02/06/2026") && !page.contains("22/05/2026"))
        }
    }

    /// An operator's e-soutien page lists its open tickets a page at a time, and all of them on request.
    @Test func theESoutienPageListsTheOpenTicketsAPageAtATime() async throws {
        try await TestApp.run(demo: true) { client, _ in
            let noc = try await PortalSession.open(client, "noc")
            var references: [String] = []
            for subject in ["Accès coupé", "Débit lent"] {
                let filed = try await noc.post(client, "/e-soutien/tickets", ["eService": "e-sav", "kind": "dysfonctionnement", "subject": subject,
                                                                              "description": "Depuis 08:00.", "email": "noc@operateur-demo.example"])
                let location = try #require(filed.headers[.location])
                references.append(String(location.split(separator: "/").last!.split(separator: "?").first!))
            }
            for kind in [#"{"kind":"started"}"#, #"{"kind":"resolved","text":"Rétabli"}"#, #"{"kind":"closed"}"#] {
                #expect(try await Self.post(client, "/api/v1/tickets/\(references[0])/events", kind).status == .ok)
            }
            // Beside the demo's own open ticket: the one still open, not the closed one, unless all are asked for.
            let open = try await noc.get(client, "/e-soutien").text
            #expect(open.contains("2 signalisation(s)") && open.contains("Débit lent") && !open.contains("Accès coupé"))
            let all = try await noc.get(client, "/e-soutien?toutes=1").text
            #expect(all.contains("3 signalisation(s)") && all.contains("Accès coupé") && !all.contains("Page suivante"))
        }
    }

    @Test func theBackOfficeSearchesAndPagesItsCustomers() async throws {
        try await TestApp.run(demo: true) { client, _ in
            _ = try await Self.base(client)
            let admin = try await PortalSession.open(client, "admin")
            let found = try await admin.get(client, "/back-office?q=sa%C3%AFd").text
            #expect(found.contains("Saïd Démo") && !found.contains("Marie Démo") && found.contains("1 client(s) pour « saïd »"))
            let short = try await admin.get(client, "/back-office?q=sa").text
            #expect(short.contains("Une recherche demande au moins 3 caractères.") && short.contains("Marie Démo"))
            let total = try #require(Self.total(try await client.execute(uri: "/api/v1/customers?limit=1", method: .get)))
            let all = try await admin.get(client, "/back-office").text
            #expect(total > 12 && all.contains("\(total) client(s)") && !all.contains("Page suivante"))
        }
    }
}
