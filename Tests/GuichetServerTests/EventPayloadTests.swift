import Foundation
import GuichetApp
import GuichetCore
import GuichetData
@testable import GuichetServer
import GuichetStore
import Testing

/// Stored history is read back for ever: each event type's name and payload, as Guichet wrote them,
/// must still fold to the same state. A renamed type, member or case fails here before it strands a
/// database's history.
@Suite struct EventPayloadTests {
    static let at = try! Instant(iso: "2026-11-21T10:00:00Z")
    /// The repositories' folds read nothing: a store is only there to build them.
    static let store: any Store = try! SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("payloads-\(UUID()).sqlite").path)

    static func stored(_ stream: String, _ type: String, _ payload: String, _ n: Int64 = 1) -> StoredEvent {
        StoredEvent(sequence: n, stream: stream, type: type, payload: payload, recordedAt: at)
    }

    /// Every customer event holds the whole record (created, a site added, rectified, erased).
    static let customer = #"""
        {"billingAccount":"ba_b20fe30d75fb","customerNumber":"000000001","name":"Atelier Martin",
         "details":{"address":{"line1":"1 rue A","postcode":"97110","city":"Pointe-à-Pitre","territory":"GP"},
         "sites":[{"id":"site-pap","name":"PàP","address":{"line1":"1 rue A","postcode":"97110","city":"Pointe-à-Pitre","territory":"GP"}}],
         "contacts":[{"name":"Paul","email":"paul@example.org","role":"administrator"}],"users":[{"id":"u1","name":"Paul","site":"site-pap"}]},
         "id":"cus_b20fe30d75fb","territoryID":"GP","kind":"business","externalID":"C1",
         "payer":{"name":"Jean","email":"jean@example.fr","designatedOn":"2026-05-10","attestationOn":"2026-05-10","endedOn":"2026-06-20"}}
        """#

    @Test(arguments: ["customer-created", "customer-site-added", "customer-rectified", "customer-erased", "customer-payer-designated", "customer-payer-ended", "customer-paper-invoices"])
    func customerEventsFoldToTheirRecord(type: String) throws {
        #expect(CustomerRepository.EventType(rawValue: type) != nil)
        let row = try #require(try CustomerRepository.fold("customer:cus_b20fe30d75fb", [Self.stored("customer:cus_b20fe30d75fb", type, Self.customer)]))
        #expect(row.key == "cus_b20fe30d75fb")
        #expect(row.values == ["customer_number": "000000001", "external_id": "C1", "kind": "business", "territory": "GP", "billing_account": "ba_b20fe30d75fb"])
        #expect(row.search.contains("atelier martin") && row.search.contains("paul@example.org"))
        let c = try CustomerRepository.decode(row.body)
        #expect(c.details.sites.map(\.id) == ["site-pap"] && c.details.users.map(\.site) == ["site-pap"] && c.details.address?.postcode == "97110")
        // 001 CG 10.3: the payer designated last, with the end of their commitment.
        #expect(c.payer?.email == "jean@example.fr" && c.payer?.endedOn?.description == "2026-06-20")
    }

    @Test func aContractIsItsOrderThenItsTransitions() throws {
        #expect(ContractRepository.EventType.allCases.map(\.rawValue) == ["contract-ordered", "contract-transition", "contract-revised", "contract-equipment", "contract-appointment", "contract-renewed", "contract-deposit", "contract-misuse", "contract-documents", "contract-offer-change", "contract-decoder-deposit", "contract-option", "contract-advance", "contract-payment-solution", "contract-merchant-subscription", "contract-top-up", "contract-low-balance", "contract-theft", "contract-payment-schedule", "contract-statement", "contract-activation-failure", "contract-price-change"])
        let s = "contract:ctr_849d138d4cd3"
        let ordered = #"""
            {"history":[],"state":"pendingActivation","territoryID":"GP","orderedOn":"2025-01-10","offeringID":"livebox-essentiel-fibre",
             "monthlyFee":{"taxIncluded":true,"amount":"54.90","source":"001 Annexe 1","version":"livebox-essentiel-fibre-monthly@2024-01-01","on":"2025-01-10",
             "priceID":"livebox-essentiel-fibre-monthly"},"customerID":"cus_b20fe30d75fb","id":"ctr_849d138d4cd3","engagementMonths":12,"externalID":"K1",
             "distanceSale":false,"quantity":1,"family":"livebox"}
            """#
        let events = [Self.stored(s, "contract-ordered", ordered, 1),
                      Self.stored(s, "contract-transition", #"{"action":"activate","on":"2025-01-20","note":"migration import"}"#, 2),
                      Self.stored(s, "contract-transition", #"{"action":"suspend","on":"2025-06-01"}"#, 3)]
        let row = try #require(try ContractRepository.fold(s, events))
        // 001 « Votre durée d'engagement »: 12 months from the activation of 2025-01-20.
        #expect(row.values == ["external_id": "K1", "customer_id": "cus_b20fe30d75fb", "family": "livebox", "offering": "livebox-essentiel-fibre",
                               "territory": "GP", "state": "suspended", "ordered_on": "2025-01-10", "activated_on": "2025-01-20", "engagement_end": "2026-01-20"])
        let c = try ContractRepository.decode(row.body)
        #expect(c.monthlyFee?.amount == Money(units: 549_000) && c.history.map(\.action) == [.activate, .suspend] && c.history[0].note == "migration import")
    }

    /// 004 §15.1: a revision of a Workplace module's fee, with its next action day.
    @Test func aContractRevisionIsItsNewFeeFromItsDay() throws {
        let s = "contract:ctr_0000019a4c2f0001"
        let ordered = #"""
            {"history":[],"state":"pendingActivation","territoryID":"FR","orderedOn":"2025-03-15","offeringID":"wte-pack-calling",
             "monthlyFee":{"taxIncluded":false,"amount":"12.00","source":"004 §15","version":"wte-pack-calling-monthly@2024-01-01","on":"2025-03-15",
             "priceID":"wte-pack-calling-monthly"},"customerID":"cus_b20fe30d75fb","id":"ctr_0000019a4c2f0001","engagementMonths":36,
             "distanceSale":false,"quantity":2,"family":"workplace","nextActionOn":"2026-03-01"}
            """#
        let revised = #"""
            {"revision":{"on":"2026-03-01","amount":"11.91","explanation":{"rule":"P = P-1 × [½ × S / S-1 + ½ × Eqpt / Eqpt-1]","source":"004 §15.1",
             "inputs":{"P-1":"12.00"},"result":"P = 11.91","steps":[]}},"next":"2027-03-01"}
            """#
        let events = [Self.stored(s, "contract-ordered", ordered, 1),
                      Self.stored(s, "contract-transition", #"{"action":"activate","on":"2025-04-01","next":"2026-03-01"}"#, 2),
                      Self.stored(s, "contract-revised", revised, 3)]
        let row = try #require(try ContractRepository.fold(s, events))
        #expect(row.values["next_action_on"] == "2027-03-01" && row.values["state"] == "active")
        let c = try ContractRepository.decode(row.body)
        #expect(c.fee(on: try LocalDate(2026, 2, 28))?.amount == Money(units: 120_000))
        #expect(c.fee(on: try LocalDate(2026, 3, 1))?.amount == Money(units: 119_100) && c.revisions?.first?.explanation.inputs["P-1"] == "12.00")
    }

    /// A Livebox Essentiel Fibre as ordered on `day`, as Guichet stores it.
    static func liveboxOrdered(on day: String) -> String {
        #"""
        {"history":[],"state":"pendingActivation","territoryID":"GP","orderedOn":"\#(day)","offeringID":"livebox-essentiel-fibre",
         "monthlyFee":{"taxIncluded":true,"amount":"54.90","source":"001 Annexe 1","version":"livebox-essentiel-fibre-monthly@2024-01-01","on":"\#(day)",
         "priceID":"livebox-essentiel-fibre-monthly"},"customerID":"cus_b20fe30d75fb","id":"ctr_849d138d4cd3","engagementMonths":12,
         "distanceSale":false,"quantity":1,"family":"livebox"}
        """#
    }

    /// 001 CG 6.3: the equipment steps after a termination, the return recorded with the contract's next action day.
    @Test func aContractsEquipmentStepsFoldToItsReturn() throws {
        let s = "contract:ctr_849d138d4cd3"
        let events = [Self.stored(s, "contract-ordered", Self.liveboxOrdered(on: "2025-01-10"), 1),
                      Self.stored(s, "contract-transition", #"{"action":"activate","on":"2025-01-20"}"#, 2),
                      Self.stored(s, "contract-transition", #"{"action":"terminate","on":"2026-03-12","next":"2026-04-13"}"#, 3),
                      Self.stored(s, "contract-equipment", #"{"step":"notice","on":"2026-04-13","next":"2026-04-21"}"#, 4),
                      Self.stored(s, "contract-equipment", #"{"step":"returned","on":"2026-04-15"}"#, 5)]
        let row = try #require(try ContractRepository.fold(s, events))
        #expect(row.values["state"] == "terminated" && row.values["next_action_on"] == nil)
        #expect(try ContractRepository.decode(row.body).equipmentReturnedOn == (try LocalDate(iso: "2026-04-15")))
    }

    /// 001 CG 5.2: the installation visit's steps, the last one kept with its slot.
    @Test func aContractsVisitStepsFoldToTheLast() throws {
        let s = "contract:ctr_849d138d4cd3"
        let events = [Self.stored(s, "contract-ordered", Self.liveboxOrdered(on: "2026-01-20"), 1),
                      Self.stored(s, "contract-appointment", #"{"step":"needed","at":"2026-01-20T14:00:00Z","next":"2026-04-21"}"#, 2),
                      Self.stored(s, "contract-appointment",
                                  #"{"step":"booked","at":"2026-01-21T13:00:00Z","slot":"2026-02-09T14:00:00Z","slotOn":"2026-02-09"}"#, 3)]
        let row = try #require(try ContractRepository.fold(s, events))
        #expect(row.values["next_action_on"] == nil)
        let c = try ContractRepository.decode(row.body)
        #expect(c.appointment == TechnicianAppointment(slot: try Instant(iso: "2026-02-09T14:00:00Z"), last: .booked))
        // Orange missing it: the day it missed is the step's `slotOn` (D-RUN-21).
        let missed = events + [Self.stored(s, "contract-appointment", #"{"step":"missed","at":"2026-02-09T16:00:00Z","slotOn":"2026-02-09"}"#, 4)]
        let after = try ContractRepository.decode(try #require(try ContractRepository.fold(s, missed)).body)
        #expect(after.appointment?.last == .missed && after.appointment?.missedOn?.description == "2026-02-09" && after.appointment?.slot == nil)
    }

    /// 001 CG 2: a distance sale reminded for its subscription documents, then receiving them.
    @Test func aContractsDocumentsStepsFoldToTheirReceipt() throws {
        let s = "contract:ctr_849d138d4cd3"
        let ordered = Self.liveboxOrdered(on: "2026-01-20").replacingOccurrences(of: #""distanceSale":false"#, with: #""distanceSale":true"#)
        let events = [Self.stored(s, "contract-ordered", ordered, 1),
                      Self.stored(s, "contract-documents", #"{"step":"reminded","on":"2026-02-05","next":"2026-02-13"}"#, 2),
                      Self.stored(s, "contract-documents", #"{"step":"received","on":"2026-02-09"}"#, 3)]
        let row = try #require(try ContractRepository.fold(s, events))
        #expect(row.values["next_action_on"] == nil)
        #expect(try ContractRepository.decode(row.body).subscriptionDocumentsOn?.description == "2026-02-09")
        #expect(try ContractRepository.decode(try #require(try ContractRepository.fold(s, Array(events.prefix(2)))).body).subscriptionDocumentsOn == nil)
    }

    /// 001 CG 12: a change of offer asked for the move's day, then made, with its frozen fee.
    @Test func aContractsOfferChangeIsAskedThenMade() throws {
        let s = "contract:ctr_849d138d4cd3"
        let change = #"""
            {"on":"2026-03-25","from":"livebox-essentiel-fibre","to":"livebox-infini-fibre","explanation":{"rule":"moving","source":"001 CG 12","inputs":{},"result":"2026-03-25","steps":[]},
             "fee":{"taxIncluded":true,"amount":"64.90","source":"001 Annexe 2","version":"livebox-infini-fibre-monthly@2024-01-01","on":"2026-03-16","priceID":"livebox-infini-fibre-monthly"}}
            """#
        let asked = [Self.stored(s, "contract-ordered", Self.liveboxOrdered(on: "2026-01-20"), 1),
                     Self.stored(s, "contract-transition", #"{"action":"activate","on":"2026-02-01"}"#, 2),
                     Self.stored(s, "contract-offer-change", #"{"step":"asked","change":\#(change),"next":"2026-03-25"}"#, 3)]
        let pending = try ContractRepository.decode(try #require(try ContractRepository.fold(s, asked)).body)
        #expect(pending.offeringID == "livebox-essentiel-fibre" && pending.pendingOfferChange?.to == "livebox-infini-fibre")
        let row = try #require(try ContractRepository.fold(s, asked + [Self.stored(s, "contract-offer-change", #"{"step":"changed","change":\#(change)}"#, 4)]))
        #expect(row.values["offering"] == "livebox-infini-fibre" && row.values["next_action_on"] == nil)
        let c = try ContractRepository.decode(row.body)
        let before = try LocalDate(iso: "2026-03-24"), from = try LocalDate(iso: "2026-03-25")
        #expect(c.fee(on: before)?.amount == Money(units: 549_000) && c.fee(on: from)?.amount == Money(units: 649_000))
        #expect(c.offering(on: before) == "livebox-essentiel-fibre" && c.pendingOfferChange == nil)
        // 001 CG 7.1: the change asked, moved by the connection, then made on the plug-in's day.
        let moved = change.replacingOccurrences(of: #""on":"2026-03-25""#, with: #""on":"2026-04-19""#)
        let plugged = change.replacingOccurrences(of: #""on":"2026-03-25""#, with: #""on":"2026-03-24""#)
        let rescheduled = try ContractRepository.decode(try #require(try ContractRepository.fold(s, asked + [
            Self.stored(s, "contract-offer-change", #"{"step":"rescheduled","change":\#(moved),"next":"2026-04-19"}"#, 4)])).body)
        #expect(rescheduled.pendingOfferChange?.on.description == "2026-04-19")
        let made = try ContractRepository.decode(try #require(try ContractRepository.fold(s, asked + [
            Self.stored(s, "contract-offer-change", #"{"step":"rescheduled","change":\#(moved),"next":"2026-04-19"}"#, 4),
            Self.stored(s, "contract-offer-change", #"{"step":"changed","change":\#(plugged)}"#, 5)])).body)
        #expect(made.offerChanges?.map(\.on.description) == ["2026-03-24"] && made.pendingOfferChange == nil)
    }

    /// 001 CG 6.3: the decoder's deposit paid, then kept against the decoder's non-return charge (an equipment step), or
    /// paid back.
    @Test func aContractsDecoderDepositIsPaidThenKeptOrRefunded() throws {
        let s = "contract:ctr_849d138d4cd3"
        let paid = [Self.stored(s, "contract-ordered", Self.liveboxOrdered(on: "2026-01-20"), 1),
                    Self.stored(s, "contract-decoder-deposit", #"{"step":"paid","on":"2026-01-21","amount":"75.00"}"#, 2),
                    Self.stored(s, "contract-transition", #"{"action":"activate","on":"2026-02-01"}"#, 3),
                    Self.stored(s, "contract-transition", #"{"action":"terminate","on":"2026-03-12","next":"2026-04-13"}"#, 4)]
        let kept = try ContractRepository.decode(try #require(try ContractRepository.fold(s, paid + [
            Self.stored(s, "contract-equipment", #"{"step":"fees","on":"2026-04-21","decoderDepositKept":"75.00"}"#, 5)])).body)
        #expect(kept.decoderDeposit?.kept == Money(units: 750_000) && kept.decoderDeposit?.keptOn?.description == "2026-04-21")
        let refunded = try ContractRepository.decode(try #require(try ContractRepository.fold(s, paid + [
            Self.stored(s, "contract-equipment", #"{"step":"returned","on":"2026-04-02","next":"2026-04-02"}"#, 5),
            Self.stored(s, "contract-decoder-deposit", #"{"step":"refunded","on":"2026-04-02"}"#, 6)])).body)
        #expect(refunded.decoderDeposit?.refundedOn?.description == "2026-04-02" && refunded.decoderDeposit?.kept == nil)
    }

    /// A deposit's steps as stored (001 CG 3): asked with its reason and amount, paid, refunded with what came back.
    @Test func aContractsDepositIsItsSteps() throws {
        let s = "contract:ctr_849d138d4cd3"
        let events = [Self.stored(s, "contract-ordered", Self.liveboxOrdered(on: "2026-01-20"), 1),
                      Self.stored(s, "contract-deposit", #"{"step":"requested","on":"2026-01-21","reason":"noDirectDebit","amount":"150.00","next":"2026-01-21"}"#, 2),
                      Self.stored(s, "contract-deposit", #"{"step":"paid","on":"2026-01-21"}"#, 3),
                      Self.stored(s, "contract-deposit", #"{"step":"refunded","on":"2027-02-01","refunded":"120.00"}"#, 4)]
        let c = try ContractRepository.decode(try #require(try ContractRepository.fold(s, events)).body)
        #expect(c.deposit?.reason == .noDirectDebit && c.deposit?.paidOn?.description == "2026-01-21")
        #expect(c.deposit?.refunded == Money(units: 1_200_000) && c.deposit?.refundedOn?.description == "2027-02-01")
    }

    @Test func aLineIsItsAssignment() throws {
        #expect(LineDirectory.assigned == "line-assigned")
        let payload = #"{"number":"+590590271234","contractID":"ctr_849d138d4cd3","customerID":"cus_b20fe30d75fb","offeringID":"wte-pack-calling","territoryID":"GP","site":"site-pap"}"#
        let row = try #require(try LineDirectory.fold("line:+590590271234", [Self.stored("line:+590590271234", "line-assigned", payload)]))
        #expect(row.key == "+590590271234")
        #expect(row.values == ["customer_id": "cus_b20fe30d75fb", "contract_id": "ctr_849d138d4cd3", "offering": "wte-pack-calling", "territory": "GP", "site": "site-pap"])
        // Ended with its contract, then assigned again: each event holds the line as it stands, the last one wins.
        #expect(LineDirectory.ended == "line-ended")
        let ended = payload.dropLast() + #","endedOn":"2026-09-30","endedBecause":"contract terminated on 2026-09-30"}"#
        let again = #"{"number":"+590590271234","contractID":"ctr_0000000000aa","customerID":"cus_0000000000bb","offeringID":"livebox-essentiel-fibre","territoryID":"GP"}"#
        let s = "line:+590590271234"
        let endedRow = try #require(try LineDirectory.fold(s, [Self.stored(s, "line-assigned", payload, 1), Self.stored(s, "line-ended", String(ended), 2)]))
        #expect(try LineDirectory.decode(endedRow.body).endedOn == LocalDate(iso: "2026-09-30"))
        #expect(endedRow.values["contract_id"] == "ctr_849d138d4cd3")
        let events = [Self.stored(s, "line-assigned", payload, 1), Self.stored(s, "line-ended", String(ended), 2), Self.stored(s, "line-assigned", again, 3)]
        let reassigned = try #require(try LineDirectory.fold(s, events))
        #expect(reassigned.values["contract_id"] == "ctr_0000000000aa")
        #expect(try LineDirectory.decode(reassigned.body).endedOn == nil)
        // 001 CG 8.2.2: the directory choice recorded on the line, as it stands after it.
        #expect(LineDirectory.listed == "line-directory-listing")
        let listed = again.dropLast() + #","directory":{"unlisted":true,"hideAddress":false,"initialOnly":false,"noProspecting":false,"noReverseSearch":false}}"#
        let red = try #require(try LineDirectory.fold(s, events + [Self.stored(s, "line-directory-listing", String(listed), 4)]))
        #expect(try LineDirectory.decode(red.body).directory?.unlisted == true)
        // 001 CG 12: the line following its contract's new offer.
        #expect(LineDirectory.reoffered == "line-offering-changed")
        let infini = String(listed).replacingOccurrences(of: "livebox-essentiel-fibre", with: "livebox-infini-fibre")
        let followed = try #require(try LineDirectory.fold(s, events + [Self.stored(s, "line-offering-changed", infini, 4)]))
        #expect(followed.values["offering"] == "livebox-infini-fibre")
    }

    /// 001 CG 10.1: a letter queued, then posted, each event the whole letter.
    @Test func aLetterIsQueuedThenPosted() throws {
        #expect(LetterRepository.queuedType == "letter-queued" && LetterRepository.postedType == "letter-posted")
        let s = "letter:ltr_1"
        let queued = #"{"id":"ltr_1","customerID":"cus_b20fe30d75fb","name":"Paul","subject":"Votre facture","text":"Bonjour","reference":"invoice FA2026-000001","invoiceID":"inv_1","queuedOn":"2026-06-01"}"#
        let posted = queued.dropLast() + #","postedOn":"2026-06-02"}"#
        let row = try #require(try LetterRepository(store: Self.store).folded(s, [Self.stored(s, "letter-queued", queued, 1)]))
        #expect(row.values == ["customer_id": "cus_b20fe30d75fb", "status": "pending", "queued_on": "2026-06-01"])
        let after = try #require(try LetterRepository(store: Self.store).folded(s, [Self.stored(s, "letter-queued", queued, 1), Self.stored(s, "letter-posted", String(posted), 2)]))
        let letter = try LetterRepository.decode(after.body)
        #expect(after.values["status"] == "posted" && letter.postedOn?.description == "2026-06-02")
    }

    /// A ticket is its filing (the reference, the filing and its first event), then each step as given.
    @Test func aTicketIsItsFilingThenItsSteps() throws {
        let s = "ticket:SC-2026-4KQ7ZP"
        let filed = #"""
            {"id":"tkt_5e1f0c2a9b7d","reference":"SC-2026-4KQ7ZP","filing":{"family":"supportCentre","owner":"cus_b20fe30d75fb",
             "subject":"Plus de tonalité","description":"Site A","contactEmail":"it@atelier.example","channel":"phone","territory":"GP",
             "serviceNumber":"0590270000","siteContactPhone":"0690000000"},
             "event":{"kind":"filed","at":"2026-11-21T10:00:00Z","actor":"api","text":"Site A","channel":"phone"}}
            """#
        let events = [Self.stored(s, TicketRepository.filedType, filed, 1),
                      Self.stored(s, "ticket-started", #"{"kind":"started","at":"2026-11-21T10:20:00Z","actor":"staff","channel":"portal"}"#, 2),
                      Self.stored(s, "ticket-escalated", #"{"kind":"escalated","at":"2026-11-21T14:00:00Z","actor":"system","target":"resolution"}"#, 3)]
        #expect(TicketRepository.type(.started) == "ticket-started" && TicketRepository.filedType == "ticket-filed")
        let row = try #require(try TicketRepository.fold(s, events))
        #expect(row.key == "SC-2026-4KQ7ZP")
        #expect(row.values == ["owner": "cus_b20fe30d75fb", "family": "supportCentre", "status": "inProgress", "territory": "GP", "filed_at": "2026-11-21T10:00:00Z"])
        #expect(row.search.contains("plus de tonalité") && row.search.contains("0590270000") && row.search.contains("it@atelier.example"))
        let t = try TicketRepository.decode(row.body)
        #expect(t.events.map(\.kind) == [.filed, .started, .escalated] && t.escalations == [.resolution] && t.filing.siteContactPhone == "0690000000")
    }

    @Test func anAccountIsItsCreationThenItsPasswordChangesAndClosing() throws {
        let s = "user:chef"
        let created = #"{"user":{"login":"chef","name":"Chef Martin","email":"chef@example.org","role":"operatorAdmin"},"passwordHash":"$2b$04$old"}"#
        let events = [Self.stored(s, "user-created", created, 1), Self.stored(s, "login-failed", "", 2),
                      Self.stored(s, "password-changed", #"{"passwordHash":"$2b$04$new"}"#, 3), Self.stored(s, "login-succeeded", "", 4),
                      Self.stored(s, "user-disabled", "", 5)]
        let row = try #require(try UserRepository.fold(s, events))
        #expect(row.key == "chef" && row.values == ["role": "operatorAdmin", "status": "disabled"] && row.search.contains("chef@example.org"))
        let state = try UserRepository.decode(row.body)
        // F7: one password change, one generation; sign-in attempts change nothing.
        #expect(state.hash == "$2b$04$new" && state.generation == 1 && state.disabled && state.user.tenant == nil)
    }

    @Test func aTokenIsItsIssueThenItsUsesAndRevocation() throws {
        let id = String(repeating: "ab", count: 32), s = "api-token:" + id
        let issued = #"{"name":"crm","role":"supportAgent","tenant":null,"scopes":["support","customers"],"issuedBy":"chef","expiresAt":"2027-01-01T00:00:00Z"}"#
        let events = [Self.stored(s, "api-token-issued", issued, 1), Self.stored(s, "api-token-used", "", 2), Self.stored(s, "api-token-revoked", "", 3)]
        let repository = AccountService(store: Self.store).tokenRepository
        let row = try #require(try repository.fold(s, events))
        #expect(row.key == id && row.values == ["issued_by": "chef", "issued_at": "2026-11-21T10:00:00Z"])
        // The scopes in order whatever the set's: the row folds again byte for byte.
        #expect(row.body.contains(#""scopes":["customers","support"]"#))
        let t = try JSONDecoder().decode(AccountService.TokenInfo.self, from: Data(row.body.utf8))
        #expect(t.scopes == [.support, .customers] && t.lastUsedAt == Self.at && t.revokedAt == Self.at && t.expiresAt?.description == "2027-01-01T00:00:00Z")
    }

    @Test(arguments: [#"{"owner":"cus_op","expiresAt":"2027-01-01T00:00:00Z"}"#, "cus_op"])
    func anAccessKeyIsItsIssue(payload: String) throws {
        let id = String(repeating: "cd", count: 32), s = "access-key:" + id
        let row = try #require(try OperatorKeys.repository(Self.store).fold(s, [Self.stored(s, "access-key-issued", payload)]))
        #expect(row.key == id && row.values == ["owner": "cus_op", "issued_at": "2026-11-21T10:00:00Z"])
    }

    @Test func aPortInIsItsRequestThenItsActions() throws {
        let s = "porting:prt_1"
        let requested = #"{"id":"prt_1","territory":"MQ","number":"0696100152","rio":"02P131780R0W","line":"mobile","requestedOn":"2026-05-22","desiredDate":"2026-06-30"}"#
        let events = [Self.stored(s, PortingRepository.requestedType, requested, 1),
                      Self.stored(s, PortingRepository.type(.accept), #"{"action":"accept","on":"2026-05-23"}"#, 2)]
        #expect(PortingRepository.type(.complete) == "porting-complete")
        let repository = PortingRepository(store: Self.store, territories: try ReferenceData.territories())
        let row = try #require(try repository.folded(s, events))
        #expect(row.values == ["territory": "MQ", "number": "0696100152", "line": "mobile", "state": "accepted", "requested_on": "2026-05-22"])
        #expect(try PortingRepository.decode(row.body).request.acceptedOn?.description == "2026-05-23")
        // 001 Annexe 3 art. 2.4: asked for a contract withdrawn before the porting, which went on: the number in quarantine.
        #expect(PortingRepository.withdrawnType == "porting-contract-withdrawn")
        let forContract = requested.dropLast() + #","contractID":"ctr_849d138d4cd3"}"#
        let quarantined = try PortingRepository.decode(try #require(try repository.folded(s, [
            Self.stored(s, PortingRepository.requestedType, String(forContract), 1), Self.stored(s, PortingRepository.type(.accept), #"{"action":"accept","on":"2026-05-23"}"#, 2),
            Self.stored(s, PortingRepository.withdrawnType, #"{"on":"2026-05-27"}"#, 3),
            Self.stored(s, PortingRepository.type(.complete), #"{"action":"complete","on":"2026-05-28"}"#, 4)])).body)
        #expect(quarantined.contractID == "ctr_849d138d4cd3" && quarantined.contractWithdrawnOn?.description == "2026-05-27"
                && quarantined.quarantinedFrom?.description == "2026-05-28")
    }

    @Test func anAssistanceRequestIsItsRequestThenItsSteps() throws {
        let s = "assistance:ast_1"
        let requested = #"""
            {"id":"ast_1","identification":{"customerID":"cus_1","customerNumber":"000000001","lastName":"Hoarau","firstName":"Léa",
             "email":"lea@example.fr","professional":false},"os":"windows","lines":[{"forfait":"forfait-f01","quantity":1}],"at":"2026-11-21T10:00:00Z"}
            """#
        let events = [Self.stored(s, AssistanceRepository.requestedType, requested, 1),
                      Self.stored(s, AssistanceRepository.stepType, #"{"kind":"accepted","at":"2026-11-21T10:05:00Z"}"#, 2)]
        let support = try ReferenceData.support()
        let territory = try #require(try ReferenceData.territories()[support.remoteAssistance.territory])
        let repository = AssistanceRepository(store: Self.store, rules: support.remoteAssistance, calendar: WorkCalendar(territory: territory))
        let row = try #require(try repository.folded(s, events))
        #expect(row.values["customer_id"] == "cus_1" && row.values["requested_at"] == "2026-11-21T10:00:00Z" && row.search.contains("hoarau"))
        let r = try AssistanceRepository.decode(row.body)
        #expect(r.events.map(\.kind) == [.requested, .accepted] && row.values["status"] == r.status.rawValue && r.acceptedAt != nil)
    }

    /// The SDA inventory's operations as stored since its first version (Swift's enum coding): a range in stock, an
    /// allocation, a return into 40 days of quarantine (004 §4.4), a kept number brought then returned.
    @Test func theSDAInventoryIsItsOperations() throws {
        let s = "sda-inventory"
        let payloads = [#"{"addRange":{"first":"05 62 07 04 10","count":2}}"#,
                        #"{"allocate":{"number":"+33562070410","customer":"cus_a","site":"tls","user":"A","on":"2026-01-05"}}"#,
                        #"{"release":{"number":"+33562070410","on":"2026-03-01"}}"#,
                        #"{"importKept":{"number":"0590 27 12 34","customer":"cus_a","site":"gustavia"}}"#,
                        #"{"release":{"number":"+590590271234","on":"2026-03-02"}}"#]
        #expect(SDAService.operationType == "sda-operation")
        let sda = SDAService(store: Self.store, plan: try ReferenceData.numberingPlan())
        let rows = try sda.folded(s, payloads.enumerated().map { Self.stored(s, SDAService.operationType, $1, Int64($0 + 1)) })
        #expect(rows.map(\.key) == ["+33562070410", "+33562070411", "+590590271234"])
        #expect(rows.map(\.values) == [["status": "stock", "available_from": "2026-04-10"], ["status": "stock", "available_from": ""], ["status": "gone"]])
    }
}
