import Foundation
import GuichetCore
import GuichetMail
import GuichetStore
import Hummingbird
import HummingbirdTesting
import Testing

/// e-soutien (002) over HTTP: entitlement per subscribed e-service, operators isolated from each
/// other, the provider's questions and the operator's e-mailed answer, "RETOUR SUR TICKET OUVERT",
/// the fallback mailbox and maintenance notices; the e-mails each step queues in the outbox.
@Suite struct SupportRoutesTests {
    struct Ticket: Decodable { let id: String; let status: String; let eService: String?; let sla: [Clock]; let note: [Note] }
    struct Clock: Decodable { let target: String; let state: String }
    struct Note: Decodable { let kind: String; let text: String }
    struct Key: Decodable { let key: String }
    struct Entry: Decodable { struct Mail: Decodable { let to: [String]; let subject: String; let body: String }; let mail: Mail }

    static func post(_ c: any TestClientProtocol, _ uri: String, _ body: String, key: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await c.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func get(_ c: any TestClientProtocol, _ uri: String, key: String? = nil) async throws -> TestResponse {
        try await c.execute(uri: uri, method: .get, headers: key.map { [.authorization: "Bearer \($0)"] } ?? [:])
    }

    /// A wholesale operator subscribed to `eServices` (active contracts), and its access key.
    static func operatorWith(_ c: any TestClientProtocol, _ name: String, _ eServices: [String]) async throws -> (id: String, key: String) {
        let id = try await BillingRoutesTests.create(c, "/api/v1/customers",
            #"{"name":"\#(name)","kind":"wholesale","territory":"FR","contacts":[{"name":"NOC","email":"noc@\#(name.lowercased()).example"}]}"#)
        for e in eServices {
            let ctr = try await BillingRoutesTests.create(c, "/api/v1/contracts", #"{"customer":"\#(id)","offering":"e-service-\#(e)","orderedOn":"2026-11-01"}"#)
            #expect(try await post(c, "/api/v1/contracts/\(ctr)/transitions", #"{"action":"activate","on":"2026-11-02"}"#).status == .ok)
        }
        let key = try await post(c, "/api/v1/operators/\(id)/access-keys", "{}")
        #expect(key.status == .created)
        return (id, try key.json(Key.self).key)
    }

    static func file(_ c: any TestClientProtocol, key: String, eService: String) async throws -> TestResponse {
        try await post(c, "/api/v1/e-soutien/tickets",
                       #"{"eService":"\#(eService)","kind":"dysfonctionnement","subject":"Commande bloquée","description":"Erreur 500","contactEmail":"noc@alpha.example"}"#, key: key)
    }

    static func outbox(_ c: any TestClientProtocol) async throws -> [Entry] {
        try (try await get(c, "/api/v1/mail/outbox")).json([Entry].self)
    }

    @Test func operatorsFileOnlyForSubscribedEServicesAndSeeOnlyTheirTickets() async throws {
        try await TestApp.run { client, store in
            let alpha = try await Self.operatorWith(client, "Alpha", ["e-sav"])
            let beta = try await Self.operatorWith(client, "Beta", ["fci"])
            // 002 §1.a: subscribed to e-SAV only, Alpha cannot file for FCI.
            let refused = try await Self.file(client, key: alpha.key, eService: "fci")
            #expect(refused.status == .forbidden)
            #expect(try refused.json(TMFErrorBody.self).reason.contains("has not subscribed to the e-service FCI"))
            let filed = try await Self.file(client, key: alpha.key, eService: "e-sav")
            #expect(filed.status == .created)
            let ticket = try filed.json(Ticket.self)
            #expect(ticket.id.hasPrefix("ES-2026-") && ticket.status == "acknowledged")
            // The audit log names the operator whose key filed it, not an anonymous caller.
            let filing = try #require(try await store.auditEntries(limit: 20).entries.first { $0.changes?.contains { $0.contains("ticket:\(ticket.id)#") } == true })
            #expect(filing.actor == "wholesaleOperator:key:\(alpha.id)" && filing.path == "/api/v1/e-soutien/tickets", "\(filing.actor)")
            // The acknowledgement with the reference is queued at once (002 §1.a).
            let ack = try #require(try await Self.outbox(client).first)
            #expect(ack.mail.to == ["noc@alpha.example"] && ack.mail.subject.contains("[\(ticket.id)]") && ack.mail.body.contains(ticket.id))
            // Beta can neither read nor add to Alpha's ticket, nor list it; without a key, nothing.
            #expect(try await Self.get(client, "/api/v1/e-soutien/tickets/\(ticket.id)", key: beta.key).status == .notFound)
            #expect(try await Self.post(client, "/api/v1/e-soutien/tickets/\(ticket.id)/complements", #"{"text":"x"}"#, key: beta.key).status == .notFound)
            #expect(try (try await Self.get(client, "/api/v1/e-soutien/tickets", key: beta.key)).json([Ticket].self).isEmpty)
            #expect(try (try await Self.get(client, "/api/v1/e-soutien/tickets", key: alpha.key)).json([Ticket].self).map(\.id) == [ticket.id])
            #expect(try await Self.get(client, "/api/v1/e-soutien/tickets").status == .unauthorized)
            #expect(try await Self.get(client, "/api/v1/e-soutien/tickets", key: "gk_forged").status == .unauthorized)
        }
    }

    @Test func questionsWaitForTheOperatorsEmailedAnswerThenResolution() async throws {
        try await TestApp.run { client, _ in
            let alpha = try await Self.operatorWith(client, "Alpha", ["e-sav"])
            let ref = try (try await Self.file(client, key: alpha.key, eService: "e-sav")).json(Ticket.self).id
            #expect(try await Self.post(client, "/api/v1/tickets/\(ref)/events", #"{"kind":"started"}"#).status == .ok)
            let asked = try await Self.post(client, "/api/v1/tickets/\(ref)/events", #"{"kind":"infoRequested","text":"Quel numéro de commande ?"}"#)
            #expect(try asked.json(Ticket.self).status == "pending")
            #expect(try await Self.outbox(client).first?.mail.body.contains("Quel numéro de commande ?") == true)
            // Resolving while waiting is refused.
            #expect(try await Self.post(client, "/api/v1/tickets/\(ref)/events", #"{"kind":"resolved","text":"x"}"#).status == .unprocessableContent)
            // The operator replies by e-mail, keeping the reference in the subject (002 §1.a).
            let raw = "From: NOC <noc@alpha.example>\r\nTo: e-soutien@guichet.example\r\nSubject: =?UTF-8?B?\(Data("RE: [\(ref)] Demande d'informations complémentaires".utf8).base64EncodedString())?=\r\nMessage-ID: <r1@alpha.example>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCommande CMD-42, d=C3=A9j=C3=A0 relanc=C3=A9e.\r\n"
            let received = try await client.execute(uri: "/api/v1/mail/inbound", method: .post, body: ByteBuffer(string: raw))
            #expect(received.text.contains("answered"))
            // The same message delivered again is recognised.
            #expect(try await client.execute(uri: "/api/v1/mail/inbound", method: .post, body: ByteBuffer(string: raw)).text.contains("duplicate"))
            let t = try (try await Self.get(client, "/api/v1/e-soutien/tickets/\(ref)", key: alpha.key)).json(Ticket.self)
            #expect(t.status == "inProgress")
            #expect(t.note.contains { $0.kind == "reporterAnswered" && $0.text == "Commande CMD-42, déjà relancée." })
            // RETOUR SUR TICKET OUVERT: a status request is answered by e-mail.
            #expect(try await Self.post(client, "/api/v1/e-soutien/tickets/\(ref)/status-requests", "{}", key: alpha.key).status == .ok)
            #expect(try await Self.outbox(client).first?.mail.subject.contains("État d'avancement") == true)
            let resolved = try await Self.post(client, "/api/v1/tickets/\(ref)/events", #"{"kind":"resolved","text":"Commande débloquée"}"#)
            #expect(try resolved.json(Ticket.self).sla.map(\.state) == ["met", "met"])
            #expect(try await Self.outbox(client).first?.mail.subject.contains("Compte-rendu de résolution") == true)
            // Closed: no more complements (002 §1.b).
            #expect(try await Self.post(client, "/api/v1/tickets/\(ref)/events", #"{"kind":"closed"}"#).status == .ok)
            #expect(try await Self.post(client, "/api/v1/e-soutien/tickets/\(ref)/complements", #"{"text":"encore"}"#, key: alpha.key).status == .unprocessableContent)
        }
    }

    @Test func fallbackMailboxOnlyWhileESoutienIsDown() async throws {
        try await TestApp.run { client, _ in
            _ = try await Self.operatorWith(client, "Alpha", ["fci"])
            func send(_ id: String) async throws -> String {
                let raw = "From: noc@alpha.example\r\nTo: hotline.eservice@orange.com\r\nSubject: URGENT FCI indisponible\r\nMessage-ID: <\(id)@alpha.example>\r\n\r\nPlus aucune commande FCI ne passe.\r\n"
                return try await client.execute(uri: "/api/v1/mail/inbound", method: .post, body: ByteBuffer(string: raw)).text
            }
            // e-soutien works: refused, and the reason is sent back (002 §5).
            #expect(try await send("m1").contains("working normally"))
            #expect(try await Self.outbox(client).first?.mail.body.contains("working normally") == true)
            let outage = try await Self.post(client, "/api/v1/e-soutien/outages", #"{"note":"portail indisponible"}"#)
            #expect(outage.status == .created)
            let accepted = try await send("m2")
            #expect(accepted.contains("filed"))
            let tickets = try (try await Self.get(client, "/tmf-api/troubleTicket/v4/troubleTicket?ticketType=eSoutien")).json([Ticket].self)
            #expect(tickets.count == 1 && tickets.first?.eService == "fci")
        }
    }

    @Test func maintenanceNoticeToEveryOperatorInAdvance() async throws {
        try await TestApp.run { client, _ in
            _ = try await Self.operatorWith(client, "Alpha", ["fci"])
            _ = try await Self.operatorWith(client, "Beta", ["e-sav", "eligibilite-ftte"])
            let declared = try await Self.post(client, "/api/v1/maintenance-windows",
                                               #"{"start":"2026-11-28T21:00:00Z","end":"2026-11-29T01:30:00Z","description":"Mise à jour du portail"}"#)
            #expect(declared.status == .created)
            let mails = try await Self.outbox(client)
            #expect(Set(mails.flatMap(\.mail.to)) == ["noc@alpha.example", "noc@beta.example"])
            #expect(mails.allSatisfy { $0.mail.body.contains("du 28/11/2026 à 22:00 au 29/11/2026 à 02:30 (heure de Paris), durée prévisionnelle 4 h 30 min") })
            // A window already started cannot be announced in advance (002 §4).
            #expect(try await Self.post(client, "/api/v1/maintenance-windows", #"{"start":"2026-11-21T09:00:00Z","end":"2026-11-21T11:00:00Z","description":"x"}"#).status == .badRequest)
        }
    }

    /// 004 §12: WTE incident, customer-domain diagnosis closes it with notice; complaints escalate
    /// by level on the same grounds (001 CG 21).
    @Test func supportCentreAndComplaintLevels() async throws {
        try await TestApp.run { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Atelier","kind":"business","territory":"FR"}"#)
            let incident = try await Self.post(client, "/tmf-api/troubleTicket/v4/troubleTicket",
                #"{"ticketType":"supportCentre","relatedPartyId":"\#(cus)","name":"Plus de tonalité","description":"Site A","contactEmail":"it@atelier.example","serviceNumber":"0145000000","siteContactPhone":"0600000000","channel":"phone"}"#)
            #expect(incident.status == .created)
            let sc = try incident.json(Ticket.self)
            #expect(sc.id.hasPrefix("SC-"))
            let closed = try await Self.post(client, "/api/v1/tickets/\(sc.id)/events", #"{"kind":"diagnosed","domain":"customer","text":"Switch du client éteint"}"#)
            #expect(try closed.json(Ticket.self).status == "closed")
            #expect(try await Self.outbox(client).first?.mail.subject.contains("domaine de responsabilité") == true)

            let consumer = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"MQ"}"#)
            func complaint(_ level: Int, _ subject: String, appeal: String? = nil) async throws -> TestResponse {
                try await Self.post(client, "/tmf-api/troubleTicket/v4/troubleTicket",
                    #"{"ticketType":"complaint","relatedPartyId":"\#(consumer)","name":"\#(subject)","description":"d","contactEmail":"lea@example.fr","complaintLevel":\#(level)\#(appeal.map { #","appealOf":"\#($0)""# } ?? "")}"#)
            }
            let l1 = try (try await complaint(1, "Facture de mai")).json(Ticket.self)
            #expect(try await complaint(2, "Facture de mai", appeal: l1.id).status == .unprocessableContent)
            _ = try await Self.post(client, "/api/v1/tickets/\(l1.id)/events", #"{"kind":"resolved","text":"Avoir refusé"}"#)
            #expect(try await complaint(2, "Autre chose", appeal: l1.id).status == .badRequest)
            #expect(try await complaint(2, "Facture de mai", appeal: l1.id).status == .created)
        }
    }

    /// Customers write to the support address: a report becomes an after-sales ticket, a
    /// "réclamation" a level 1 complaint; read from the inbound maildir like a mail server delivers it.
    @Test func customersFileByEmailThroughTheMaildir() async throws {
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: maildir.appendingPathComponent("new"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: maildir) }
        @Sendable func deliver(_ name: String, from: String, subject: String) throws {
            let raw = "From: \(from)\r\nTo: Support <support@guichet.example>\r\nSubject: \(subject)\r\nMessage-ID: <\(name)@client.example>\r\n\r\nBonjour, plus d'internet depuis hier.\r\n"
            try Data(raw.utf8).write(to: maildir.appendingPathComponent("new").appendingPathComponent(name))
        }
        try await TestApp.run(inboundMaildir: maildir.path) { client, _ in
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers",
                #"{"name":"Léa","kind":"consumer","territory":"GF","contacts":[{"name":"Léa","email":"lea@example.fr"}]}"#)
            try deliver("1", from: "Léa <lea@example.fr>", subject: "Panne internet")
            try deliver("2", from: "lea@example.fr", subject: "Réclamation facture")
            try deliver("3", from: "inconnu@example.org", subject: "Panne")
            let fetched = try await Self.post(client, "/api/v1/mail/maildir/fetch", "{}")
            #expect(fetched.status == .ok)
            #expect(fetched.text.components(separatedBy: "filed").count - 1 == 2 && fetched.text.contains("refused"))
            let tickets = try (try await Self.get(client, "/tmf-api/troubleTicket/v4/troubleTicket?relatedParty.id=\(cus)")).json([Ticket].self)
            #expect(tickets.map { $0.id.prefix(3) }.sorted() == ["REC", "SAV"])
            // Read once: the messages moved to cur/.
            #expect(try Maildir(path: maildir.path).newMessages().isEmpty)
            #expect(try await Self.post(client, "/api/v1/mail/maildir/fetch", "{}").text.contains(#""processed":[]"#))
        }
    }
}
