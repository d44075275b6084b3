import Foundation
import GuichetCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PortingRoutesTests {
    @Test func aMobilePortInWithItsDates() async throws {
        try await TestApp.run { client, _ in
            // RIO test vector for 0696100152 (reference-numbering §5.5), a Martinique mobile.
            let created = try await ContractRoutesTests.post(client, "/api/v1/porting-requests",
                                                             #"{"number":"0696 10 01 52","rio":"02P131780R0W","requestedOn":"2026-05-22","desiredDate":"2026-06-30"}"#)
            #expect(created.status == .created)
            struct View: Decodable { struct P: Decodable { let id: String; let temporaryNumberFrom: String?
                struct D: Decodable { let date: String }; let committedPortingDate: D? }; let porting: P }
            let v = try created.json(View.self)
            #expect(v.porting.committedPortingDate?.date == "2026-06-30")
            #expect(v.porting.temporaryNumberFrom == "2026-06-06")   // 003 CG 19.2: from the 15th day
            let done = try await ContractRoutesTests.post(client, "/api/v1/porting-requests/\(v.porting.id)/transitions", #"{"action":"complete","on":"2026-06-30"}"#)
            #expect(done.status.code == 422)   // not accepted yet
            let accepted = try await ContractRoutesTests.post(client, "/api/v1/porting-requests/\(v.porting.id)/transitions", #"{"action":"accept","on":"2026-05-23"}"#)
            #expect(accepted.status == .ok)
            try await client.execute(uri: "/api/v1/porting-requests/\(v.porting.id)", method: .get) { response in
                #expect(response.text.contains(#""state":"accepted""#))
            }
        }
    }

    @Test func aWrongRIOIsRefused() async throws {
        try await TestApp.run { client, _ in
            let r = try await ContractRoutesTests.post(client, "/api/v1/porting-requests", #"{"number":"0696100152","rio":"02P131780R0X","requestedOn":"2026-05-22"}"#)
            #expect(r.status == .badRequest)
            let error = try r.json(TMFErrorBody.self)
            #expect(error.reason == "RIO '02P131780R0X': its key does not match 0696100152 (RIO incorrect)")
        }
    }

    /// 001 Annexe 3 art. 2.4 (D-NUM-9): « […] se rétracte avant que le numéro soit effectivement porté, la rétractation vaut
    /// annulation de la Portabilité, sous réserve de confirmation de cette possibilité par l'Opérateur donneur. À défaut, […]
    /// le Portage se poursuivra. Le numéro sera alors placé en quarantaine chez Orange. » Both Liveboxes, sold at a distance
    /// on Thursday 21 May with a port-in each, are withdrawn on the 27th: the donor confirming, one porting is cancelled on
    /// the 28th, past the next working day the cancellation otherwise ends on; the other goes on, its number in quarantine.
    @Test func aWithdrawalCancelsThePendingPortInOrQuarantinesItsNumber() async throws {
        try await TestApp.run(clock: TestClock(try Instant(iso: "2026-05-28T12:00:00-04:00"))) { client, _ in
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            struct View: Decodable {
                struct P: Decodable { struct R: Decodable { let state: String }; let id: String; let request: R; let contractWithdrawnOn: String?; let quarantinedFrom: String? }
                let porting: P
            }
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"GP"}"#)
            func livebox() async throws -> String {
                try await BillingRoutesTests.create(client, "/api/v1/contracts",
                    #"{"customer":"\#(cus)","offering":"livebox-essentiel-fibre","orderedOn":"2026-05-21","distanceSale":true,"subscriptionDocumentsOn":"2026-05-21"}"#)
            }
            func porting(_ number: String, for contract: String) async throws -> String {
                let rio = "01F654321" + (try RIO.key(prefix: "01F654321", nationalNumber: number))
                let made = try await post("/api/v1/porting-requests", #"{"number":"\#(number)","rio":"\#(rio)","requestedOn":"2026-05-21","contract":"\#(contract)"}"#)
                let id = try made.json(View.self).porting.id
                #expect(try await post("/api/v1/porting-requests/\(id)/transitions", #"{"action":"accept","on":"2026-05-22"}"#).status == .ok)
                return id
            }
            func transition(_ id: String, _ action: String) async throws -> TestResponse {
                try await post("/api/v1/porting-requests/\(id)/transitions", #"{"action":"\#(action)","on":"2026-05-28"}"#)
            }
            let (cancelled, ported, running) = (try await livebox(), try await livebox(), try await livebox())
            let mobile = try await post("/api/v1/porting-requests", #"{"number":"0696100152","rio":"02P131780R0W","requestedOn":"2026-05-22","contract":"\#(running)"}"#)
            #expect(mobile.status == .badRequest && mobile.text.contains("takes a mobile number"), "\(mobile.text)")
            let (a, b, c) = (try await porting("0590821234", for: cancelled), try await porting("0590821235", for: ported), try await porting("0590821236", for: running))
            for contract in [cancelled, ported] {
                #expect(try await post("/api/v1/contracts/\(contract)/transitions", #"{"action":"withdraw","on":"2026-05-27"}"#).status == .ok)
            }
            #expect(try await transition(a, "cancel").status == .ok)
            let late = try await transition(c, "cancel")
            #expect(late.status == .unprocessableContent && late.text.contains("until 2026-05-22 (001 Annexe 3 art. 2.4)"), "\(late.text)")
            let done = try await transition(b, "complete")
            #expect(try done.json(View.self).porting.quarantinedFrom == "2026-05-28", "\(done.text)")
            let read = try await client.execute(uri: "/api/v1/porting-requests/\(a)", method: .get).json(View.self).porting
            #expect(read.request.state == "cancelled" && read.contractWithdrawnOn == "2026-05-27" && read.quarantinedFrom == nil)
        }
    }

    /// Issue 23, 001 Annexe 3 art. 4 "sur demande": a Guadeloupe number (0590 82) ported into a Livebox Essentiel Fibre (54.90) on 1 June,
    /// 4 days after the committed 28 May (3 jours ouvrables after the acceptance on Friday 22 May: Saturday 23, Tuesday 26,
    /// Thursday 28 — Whit Monday and 27 May, abolition day, are holidays in
    /// Guadeloupe): 4 × 54.90/5 = 43.92; a number lost: 24 × 54.90 = 1317.60; each credited once on the next invoice.
    @Test func portingCompensationsClaimedAreCreditedOnce() async throws {
        try await TestApp.run { client, _ in
            func post(_ uri: String, _ body: String) async throws -> TestResponse { try await ContractRoutesTests.post(client, uri, body) }
            struct Owner: Decodable { let customerID: String }
            struct Charge: Decodable { let label: String; let unitPrice: String; let on: String; let category: String; let source: String }
            struct View: Decodable {
                struct P: Decodable { struct C: Decodable { let kind: String; let amount: String; let refused: String? }; let id: String; let claims: [C]? }
                let porting: P
            }
            let ctr = try await ContractRoutesTests.liveboxContract(client)
            let owner = try await client.execute(uri: "/api/v1/contracts/\(ctr)", method: .get).json(Owner.self).customerID
            func porting(_ number: String) async throws -> String {
                let rio = "01F654321" + (try RIO.key(prefix: "01F654321", nationalNumber: number))
                return try await post("/api/v1/porting-requests", #"{"number":"\#(number)","rio":"\#(rio)","requestedOn":"2026-05-21"}"#).json(View.self).porting.id
            }
            let late = try await porting("0590821234")
            for (action, day) in [("accept", "2026-05-22"), ("complete", "2026-06-01")] {
                #expect(try await post("/api/v1/porting-requests/\(late)/transitions", #"{"action":"\#(action)","on":"\#(day)"}"#).status == .ok)
            }
            let claimed = try await post("/api/v1/porting-requests/\(late)/compensation-claims", #"{"kind":"delay","contract":"\#(ctr)","claimedOn":"2026-06-02"}"#)
            #expect(claimed.status == .created, "\(claimed.text)")
            #expect(try claimed.json(View.self).porting.claims?.map { "\($0.kind) \($0.amount)" } == ["delay 43.92"])
            let twice = try await post("/api/v1/porting-requests/\(late)/compensation-claims", #"{"kind":"delay","contract":"\#(ctr)","claimedOn":"2026-06-03"}"#)
            #expect(twice.status == .badRequest && twice.text.contains("claimed already"), "\(twice.text)")

            let lost = try await porting("0590821235")
            #expect(try await post("/api/v1/porting-requests/\(lost)/transitions", #"{"action":"reject","on":"2026-05-22"}"#).status == .ok)
            #expect(try await post("/api/v1/porting-requests/\(lost)/compensation-claims", #"{"kind":"lostNumber","contract":"\#(ctr)","claimedOn":"2026-06-05"}"#).status == .created)
            // A delay the customer asked for is excluded (art. 4): recorded, nothing credited.
            let asked = try await porting("0590821236")
            for (action, day) in [("accept", "2026-05-22"), ("complete", "2026-06-10")] {
                #expect(try await post("/api/v1/porting-requests/\(asked)/transitions", #"{"action":"\#(action)","on":"\#(day)"}"#).status == .ok)
            }
            let refused = try await post("/api/v1/porting-requests/\(asked)/compensation-claims",
                                         #"{"kind":"delay","contract":"\#(ctr)","claimedOn":"2026-06-11","refused":"souhait explicite du client"}"#)
            #expect(try refused.json(View.self).porting.claims?.map { "\($0.kind) \($0.amount) \($0.refused ?? "")" } == ["delay 0.00 souhait explicite du client"])

            let credits = try await client.execute(uri: "/api/v1/customers/\(owner)/charges", method: .get).json([Charge].self).filter { $0.category == "credit" }
            #expect(credits.map { "\($0.on) \($0.label) \($0.unitPrice)" }
                    == ["2026-06-02 Indemnité pour retard de portabilité -43.92", "2026-06-05 Indemnité pour perte du numéro porté -1317.60"])
            #expect(credits.allSatisfy { $0.source.hasPrefix("001 Annexe 3 art. 4 (porting ") })
            // A number is claimed for the contract it was ported into: a mobile's is not a Livebox's.
            let mobile = try await post("/api/v1/porting-requests", #"{"number":"0696100152","rio":"02P131780R0W","requestedOn":"2026-05-22"}"#).json(View.self).porting.id
            #expect(try await post("/api/v1/porting-requests/\(mobile)/compensation-claims", #"{"kind":"delay","contract":"\#(ctr)","claimedOn":"2026-06-02"}"#).status == .badRequest)
        }
    }
}
