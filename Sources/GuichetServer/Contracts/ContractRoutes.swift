import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// `/api/v1/customers` and `/api/v1/contracts`: orders, state changes, termination quotes and
/// deadlines, every amount and date with its explanation.
struct ContractRoutes {
    let service: ContractService
    let now: @Sendable () -> Instant

    struct NewCustomer: Decodable {
        let name: String; let kind: ContractService.PartyKind; let territory: String
        let address: Address?; let contacts: [Contact]?; let sites: [Site]?; let users: [NamedUser]?
    }
    struct NewTransition: Decodable {
        /// A termination request's terms; it is received on `on`.
        struct Terms: Decodable {
            let requestedEffectiveOn: LocalDate?; let reason: LegitimateReason?; let documentsReceivedOn: LocalDate?; let portOut: Bool?; let movedOn: LocalDate?
            let justification: String?
        }
        let action: ContractAction; let on: LocalDate; let note: String?; let compensationExcluded: String?; let termination: Terms?
        /// 003 CG 15: a suspension on public-order grounds, its fees not due.
        let ground: SuspensionGround?

        var request: TerminationRequest? {
            termination.map { TerminationRequest(receivedOn: on, requestedEffectiveOn: $0.requestedEffectiveOn, reason: $0.reason,
                                                 documentsReceivedOn: $0.documentsReceivedOn, portOut: $0.portOut ?? false, movedOn: $0.movedOn,
                                                 justification: $0.justification) }
        }
    }
    struct Created<T: Encodable & Sendable>: ResponseGenerator {
        let value: T
        func response(from request: Request, context: some RequestContext) throws -> Response {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
        }
    }
    struct JSONBody<T: Encodable & Sendable>: ResponseEncodable {
        let value: T
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("/api/v1")
        api.post("/customers") { request, context in
            let body = try await request.decode(as: NewCustomer.self, context: context)
            return try await mapped { Created(value: try await service.createCustomer(
                name: body.name, kind: body.kind, territoryID: body.territory,
                details: PartyDetails(address: body.address, contacts: body.contacts ?? [], sites: body.sites ?? [], users: body.users ?? []), at: now())) }
        }
        api.get("/customers/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let c = try await service.customer(id) else { throw TMFError.notFound("customer '\(id)'") }
            return JSONBody(value: c)
        }
        // 001 CG 17: the customer is not at the address given: asked by e-mail to update it.
        api.post("/customers/:id/address-update-request") { _, context in
            let id = try context.parameters.require("id")
            return try await mapped { JSONBody(value: ["sent": try await service.askAddressUpdate(id, at: now())]) }
        }
        // 001 CG 10.1: paper invoices asked (posted from the day given) or given up.
        api.put("/customers/:id/paper-invoices") { request, context in
            let id = try context.parameters.require("id")
            struct Paper: Decodable { let paper: Bool; let on: LocalDate }
            let body = try await request.decode(as: Paper.self, context: context)
            return try await mapped { JSONBody(value: try await service.paperInvoices(id, body.paper, on: body.on, at: now())) }
        }
        // Letters for staff to post (paper invoices, notices to customers without an e-mail address), queued first.
        api.get("/letters") { request, _ -> Response in
            let listing = try TMFListing(request)
            let status = try request.uri.queryParameters.get("status").map { text in
                guard let s = Letter.Status(rawValue: text) else { throw TMFError.badParameter("status", "'\(text)' is not pending or posted") }
                return s
            }
            let page = try await LetterRepository(store: service.store).letters(status: status, offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.items, total: page.total)
        }
        api.post("/letters/:id/posted") { request, context in
            let id = try context.parameters.require("id")
            struct Posted: Decodable { let on: LocalDate }
            let body = try await request.decode(as: Posted.self, context: context)
            return try await mapped { JSONBody(value: try await LetterRepository(store: service.store).posted(id, on: body.on, at: now())) }
        }
        // 001 CG 10.3, 003 CG 10: a third-party payer designated (receiving the invoices' notices), or their commitment ended.
        api.put("/customers/:id/payer") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: ContractService.PayerDesignation.self, context: context)
            return try await mapped { JSONBody(value: try await service.designatePayer(id, body, at: now())) }
        }
        api.post("/customers/:id/payer/end") { request, context in
            let id = try context.parameters.require("id")
            struct Ended: Decodable { let on: LocalDate }
            let body = try await request.decode(as: Ended.self, context: context)
            return try await mapped { JSONBody(value: try await service.endPayer(id, on: body.on, at: now())) }
        }
        api.post("/contracts") { request, context in
            let order = try await request.decode(as: ContractService.Order.self, context: context)
            return try await mapped { Created(value: try await service.order(order, at: now())) }
        }
        api.get("/customers") { request, _ in
            let listing = try TMFListing(request)
            let page = try await service.customers(listing.query(request, filters: Self.customerFilters))
            return try listing.response(page: page.customers, total: page.total)
        }
        api.get("/contracts") { request, _ in
            let listing = try TMFListing(request)
            var query = listing.query(request, filters: Self.contractFilters)
            // Contracts with something due on or before a day (issue 23).
            if let by = request.uri.queryParameters.get("nextActionBy") { query.atMost["next_action_on"] = try TMFError.date("nextActionBy", by).description }
            let page = try await service.contracts(query)
            return try listing.response(page: page.contracts, total: page.total)
        }
        api.get("/contracts/:id") { _, context in
            let id = try context.parameters.require("id")
            return try await mapped { () async throws -> JSONBody<Contract> in
                guard let c = try await service.contract(id) else { throw ContractServiceError.notFound(id) }
                return JSONBody(value: c)
            }
        }
        api.post("/contracts/:id/transitions") { request, context in
            let id = try context.parameters.require("id")
            let t = try await request.decode(as: NewTransition.self, context: context)
            return try await mapped { JSONBody(value: try await service.apply(t.action, to: id, on: t.on, note: t.note,
                                                                                compensationExcluded: t.compensationExcluded, termination: t.request, ground: t.ground,
                                                                                at: now())) }
        }
        // 001 CG 5.2: a step of a Livebox's installation visit (needed, booked, cancelled, absent, held), at the instant it happened.
        api.post("/contracts/:id/appointments") { request, context in
            let id = try context.parameters.require("id")
            struct Step: Decodable { let step: TechnicianAppointment.Step; let slot: Instant?; let at: Instant?; let legitimateReason: String? }
            let body = try await request.decode(as: Step.self, context: context)
            let at = now()
            return try await mapped { JSONBody(value: try await service.appointment(id, body.step, slot: body.slot, legitimateReason: body.legitimateReason,
                                                                                     occurred: body.at ?? at, at: at)) }
        }
        // 001 CG 5.2: the customer's claim for a visit Orange missed during a porting or change of provider.
        api.post("/contracts/:id/appointment-compensation") { request, context in
            let id = try context.parameters.require("id")
            struct Claim: Decodable { let until: LocalDate; let claimedOn: LocalDate?; let refused: String? }
            let body = try await request.decode(as: Claim.self, context: context)
            let at = now()
            return try await mapped {
                JSONBody(value: try await service.claimMissedVisit(id, until: body.until, claimedOn: body.claimedOn ?? at.utcDate, refused: body.refused, at: at))
            }
        }
        // 001 CG 9.1, 9.2, 13: the customer's claim for a month under the quality commitments, or an interruption restored late.
        api.post("/contracts/:id/quality-compensation") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: QualityClaim.self, context: context)
            return try await mapped { JSONBody(value: try await service.claimQualityCompensation(id, try body.claim(), refused: body.refused, at: now())) }
        }
        // 001 CG 17, 004 §7.2: a formal notice for misuse presented on a day (the suspension follows), or the customer's compliance.
        api.post("/contracts/:id/misuse") { request, context in
            let id = try context.parameters.require("id")
            struct Step: Decodable { let step: ContractRepository.MisuseStep.Step; let on: LocalDate; let heldMailNoticeDepositedOn: LocalDate?; let reason: String? }
            let body = try await request.decode(as: Step.self, context: context)
            return try await mapped {
                JSONBody(value: try await service.misuse(id, body.step, on: body.on, heldMailNoticeDepositedOn: body.heldMailNoticeDepositedOn,
                                                         reason: body.reason, at: now()))
            }
        }
        // 001 CG 2, 003 CG 4: a distance sale's subscription documents received on a day (the reminder or termination pending cancelled).
        api.post("/contracts/:id/subscription-documents") { request, context in
            let id = try context.parameters.require("id")
            struct Received: Decodable { let receivedOn: LocalDate }
            let body = try await request.decode(as: Received.self, context: context)
            return try await mapped { JSONBody(value: try await service.subscriptionDocumentsReceived(id, on: body.receivedOn, at: now())) }
        }
        // 003 CG 11.4: a change of an offering's price, notified to its running contracts a month before it takes effect.
        api.post("/price-changes") { request, context in
            let body = try await request.decode(as: ContractService.NewPriceChange.self, context: context)
            return try await mapped { JSONBody(value: try await service.announcePriceChange(body, at: now())) }
        }
        // 003 CG 5: a failed activation reported, the delay the customer accepts, its resolution, or the customer's termination.
        api.post("/contracts/:id/activation-failure") { request, context in
            let id = try context.parameters.require("id")
            struct Step: Decodable { let step: ActivationFailure.Step; let on: LocalDate?; let until: LocalDate? }
            let body = try await request.decode(as: Step.self, context: context)
            return try await mapped { JSONBody(value: try await service.activationFailure(id, body.step, on: body.on, until: body.until, at: now())) }
        }
        // 003 CG 20: a theft declared to an advisor with its police report: the SIM card in opposition, the refunds on the invoice.
        api.post("/contracts/:id/theft") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: ContractService.TheftDeclaration.self, context: context)
            return try await mapped { JSONBody(value: try await service.declareTheft(id, body, at: now())) }
        }
        // 001 CG 7.1: the line's connection or the equipment's plug-in, which puts a fibre Livebox into service.
        api.post("/contracts/:id/connection") { request, context in
            let id = try context.parameters.require("id")
            struct Reported: Decodable { let step: ContractService.ConnectionStep; let on: LocalDate }
            let body = try await request.decode(as: Reported.self, context: context)
            return try await mapped { JSONBody(value: try await service.recordConnection(id, body.step, on: body.on, at: now())) }
        }
        // 001 CG 6.3: the deposit paid for the decoder, paid back after its return whole or kept against its charge.
        api.post("/contracts/:id/decoder-deposit") { request, context in
            let id = try context.parameters.require("id")
            struct Paid: Decodable { let paidOn: LocalDate; let amount: Money }
            let body = try await request.decode(as: Paid.self, context: context)
            return try await mapped { JSONBody(value: try await service.decoderDepositPaid(id, amount: body.amount, on: body.paidOn, at: now())) }
        }
        // 001 CG 6.3: the lent equipment received back on a day, with the items that came back damaged or incomplete.
        api.post("/contracts/:id/equipment-return") { request, context in
            let id = try context.parameters.require("id")
            struct Returned: Decodable { let on: LocalDate; let faulty: [FaultyItem]? }
            let body = try await request.decode(as: Returned.self, context: context)
            return try await mapped { JSONBody(value: try await service.equipmentReturned(id, on: body.on, faulty: body.faulty ?? [], at: now())) }
        }
        // Issue 23: what is due on which day, by which article, and what became of it.
        api.get("/contracts/:id/obligations") { request, context in
            let id = try context.parameters.require("id")
            return try TMFListing(request).response(try await mapped { try await service.obligations(of: id) })
        }
        // ?on=DATE (request received) [&effective=DATE] [&reason=R] [&documentsReceivedOn=DATE]
        api.get("/contracts/:id/termination-quote") { request, context in
            let id = try context.parameters.require("id")
            let q = request.uri.queryParameters
            let reason = try q.get("reason").map { text -> LegitimateReason in
                guard let r = LegitimateReason(rawValue: text) else {
                    throw TMFError.badParameter("reason", "'\(text)' is not one of \(LegitimateReason.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return r
            }
            let r = TerminationRequest(receivedOn: try date(q.get("on"), "on") ?? now().utcDate, requestedEffectiveOn: try date(q.get("effective"), "effective"),
                                       reason: reason, documentsReceivedOn: try date(q.get("documentsReceivedOn"), "documentsReceivedOn"),
                                       portOut: q.get("portOut") == "true", movedOn: try date(q.get("movedOn"), "movedOn"), justification: q.get("justification"))
            return try await mapped { JSONBody(value: QuoteView(try await service.terminationQuote(id, request: r))) }
        }
        // 001 CG 12, 18.1: what a move to `home` on `on`, asked on `requestedOn`, leaves the customer.
        api.get("/contracts/:id/moving") { request, context in
            let id = try context.parameters.require("id")
            let q = request.uri.queryParameters
            guard let text = q.get("home"), let home = Contract.NewHome(rawValue: text) else {
                throw TMFError.badParameter("home", "one of \(Contract.NewHome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let on = try date(q.get("on"), "on") ?? now().utcDate
            return try await mapped { JSONBody(value: try await service.moving(id, on: on, requestedOn: try date(q.get("requestedOn"), "requestedOn") ?? on, to: home)) }
        }
        // 001 CG 12, 003 CG 6: a change of offer made (its day come) or asked for its day, the engagement kept (D-CTR-15).
        api.post("/contracts/:id/offer-changes") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: ContractService.OfferChangeRequest.self, context: context)
            return try await mapped { JSONBody(value: try await service.changeOffer(id, body, at: now())) }
        }
        // 003 CG 6, CS-FB 6: the day a change of offer asked on `requestedOn` applies (`timing`: immediately, nextBillingDay or a date).
        api.get("/contracts/:id/offer-change") { request, context in
            let id = try context.parameters.require("id")
            let q = request.uri.queryParameters
            let requested = try date(q.get("requestedOn"), "requestedOn") ?? now().utcDate
            let timing: Contract.OfferChangeTiming
            switch q.get("timing") ?? "immediately" {
            case "immediately": timing = .immediately
            case "nextBillingDay": timing = .nextBillingDay
            case let text: timing = .on(try TMFError.date("timing", text))
            }
            guard let months = Int(q.get("toEngagementMonths") ?? "0"), months >= 0 else {
                throw TMFError.badParameter("toEngagementMonths", "a number of months, 0 for none")
            }
            return try await mapped { JSONBody(value: try await service.offerChange(id, requestedOn: requested, timing: timing, toEngagementMonths: months)) }
        }
        api.get("/contracts/:id/deadlines") { request, context in
            let id = try context.parameters.require("id")
            let day = try date(request.uri.queryParameters.get("on"), "on") ?? now().utcDate
            return try await mapped { JSONBody(value: try await service.deadlines(id, on: day)) }
        }
    }

    /// The lists' query parameters and the columns they filter (with `q`, a search of names, numbers and references).
    static let customerFilters = ["territory": "territory", "kind": "kind", "customerNumber": "customer_number", "externalId": "external_id"]
    static let contractFilters = ["customerId": "customer_id", "state": "state", "family": "family", "offering": "offering",
                                  "territory": "territory", "externalId": "external_id", "engagementEnd": "engagement_end"]

    private func date(_ text: String?, _ name: String) throws -> LocalDate? {
        guard let text else { return nil }
        return try TMFError.date(name, text)
    }

    /// A contract's refusal: 422 not allowed now, 400 bad input.
    static func tmf(_ e: ContractError) -> TMFError {
        switch e {
        case .illegalTransition, .notActivated, .outsideWithdrawalPeriod: TMFError(.unprocessableContent, code: "illegalTransition", reason: e.description)
        case .invalid, .unknownReason: TMFError(.badRequest, code: "invalidParameter", reason: e.description)
        }
    }

    /// Domain refusals in the TMF error shape: 404 unknown, 422 not allowed now, 409 concurrent change, 400 bad input.
    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let e as ContractServiceError {
            throw TMFError(.notFound, code: "notFound", reason: e.description)
        } catch let e as ContractError {
            throw Self.tmf(e)
        } catch let e as CatalogError {
            throw TMFError(.unprocessableContent, code: "priceMissing", reason: e.description)
        } catch StoreError.idempotencyConflict {
            throw TMFError(.conflict, code: "conflict", reason: "the contract changed meanwhile; read it again")
        }
    }
}

/// A quote with its total, for clients that do not add up the lines.
struct QuoteView: Encodable, Sendable {
    let quote: TerminationQuote
    init(_ q: TerminationQuote) { quote = q }
    enum CodingKeys: String, CodingKey { case contractID, requestReceivedOn, effectiveOn, reason, lines, effectiveDateExplanation, total }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(quote.contractID, forKey: .contractID)
        try c.encode(quote.requestReceivedOn, forKey: .requestReceivedOn)
        try c.encode(quote.effectiveOn, forKey: .effectiveOn)
        try c.encodeIfPresent(quote.reason, forKey: .reason)
        try c.encode(quote.lines, forKey: .lines)
        try c.encode(quote.effectiveDateExplanation, forKey: .effectiveDateExplanation)
        try c.encode(quote.total, forKey: .total)
    }
}
