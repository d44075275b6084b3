import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird
import Logging

/// Bill runs, TMF678 bills and billing rates, invoice documents (HTML, Factur-X), credit notes,
/// recorded charges, licences, payments and balances.
struct BillingRoutes {
    let service: BillingService
    let now: @Sendable () -> Instant
    let logger: Logger

    struct RunRequest: Decodable { let period: String; let issueDate: LocalDate?; let dryRun: Bool? }
    struct CreditRequest: Decodable { let lines: [Int]?; let reason: String; let on: LocalDate?; let key: String }
    struct LicenceRequest: Decodable { let user: String; let site: String?; let on: LocalDate; let removed: Bool? }
    struct SentRequest: Decodable { let note: String? }
    struct DunningRequest: Decodable { let on: LocalDate? }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("/api/v1")
        api.post("/bill-runs") { request, context -> Response in
            let body = try await request.decode(as: RunRequest.self, context: context)
            let period = try Self.period(body.period)
            if body.dryRun == true {
                return try TMFListing.one(try await mapped { try await service.run(period: period, issueDate: body.issueDate, dryRun: true, at: now()) },
                                          request: request)
            }
            // The run goes on after the response; GET /bill-runs/{id} follows it.
            let id = BillingService.newRunID()
            // Recorded before the response, so that following it never finds nothing.
            try await service.store.saveBillRun(BillRun(id: id, period: period.description, issueDate: body.issueDate ?? period.next, startedAt: now()))
            Self.start(service, period: period, issueDate: body.issueDate, runID: id, at: now(), logger: logger)
            var response = try TMFListing.one(["id": id, "href": "/api/v1/bill-runs/\(id)", "period": period.description], request: request)
            response.status = .accepted
            return response
        }
        api.get("/bill-runs") { request, _ in
            let listing = try TMFListing(request)
            let page = try await service.store.billRuns(latestFirst: false, offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.runs, total: page.total)
        }
        api.get("/bill-runs/:id") { request, context -> Response in
            let id = try context.parameters.require("id")
            guard let run = try await service.store.billRun(id: id) else { throw TMFError.notFound("bill run '\(id)'") }
            return try TMFListing.one(run, request: request)
        }

        let tmf = router.group(RouterPath(TMF678Bill.base))
        tmf.get("/customerBill") { request, _ -> Response in
            let q = request.uri.queryParameters
            guard let customer = q.get("relatedParty.id") ?? q.get("customerId") else {
                throw TMFError.badParameter("relatedParty.id", "the customer whose bills to list is required")
            }
            return try TMFListing(request).response(try await mapped { try await service.invoices(customerID: customer) }.map(TMF678Bill.init))
        }
        tmf.get("/customerBill/:id") { request, context -> Response in
            try TMFListing.one(TMF678Bill(try await view(context)), request: request)
        }
        tmf.get("/appliedCustomerBillingRate") { request, _ -> Response in
            guard let id = request.uri.queryParameters.get("bill.id") else { throw TMFError.badParameter("bill.id", "the bill whose rates to list is required") }
            guard let v = try await service.invoice(id) else { throw TMFError.notFound("customerBill '\(id)'") }
            return try TMFListing(request).response(TMF678Rate.rates(v.invoice))
        }

        api.get("/invoices/:id") { request, context -> Response in try TMFListing.one(try await view(context), request: request) }
        api.get("/invoices/:id/html") { _, context -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: service.html(try await view(context)))))
        }
        api.get("/invoices/:id/facturx.xml") { _, context -> Response in
            let xml = try await mapped { try await service.facturX(try await view(context)) }
            return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: xml)))
        }
        api.post("/invoices/:id/credit-notes") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: CreditRequest.self, context: context)
            let note = try await mapped {
                try await service.creditNote(invoiceID: id, lines: body.lines, reason: body.reason, on: body.on ?? now().utcDate, key: body.key, at: now())
            }
            var response = try TMFListing.one(note, request: request)
            response.status = .created
            return response
        }
        api.post("/invoices/:id/sent") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: SentRequest.self, context: context)
            return try TMFListing.one(try await mapped { try await service.markSent(invoiceID: id, note: body.note, at: now()) }, request: request)
        }
        api.post("/dunning/run") { request, context -> Response in
            let body = try await request.decode(as: DunningRequest.self, context: context)
            return try TMFListing(request).response(try await mapped { try await service.runDunning(on: body.on ?? now().utcDate, at: now()) })
        }
        api.get("/invoices/:id/dunning") { request, context -> Response in
            let id = try context.parameters.require("id")
            let day = try request.uri.queryParameters.get("on").map { try TMFError.date("on", $0) } ?? now().utcDate
            return try TMFListing.one(try await mapped { try await service.dunning(invoiceID: id, on: day) }, request: request)
        }
        api.get("/customers/:id/invoices") { request, context -> Response in
            let id = try context.parameters.require("id")
            return try TMFListing(request).response(try await mapped { try await service.invoices(customerID: id) })
        }
        api.post("/customers/:id/charges") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: BillingService.ChargeRequest.self, context: context)
            var response = try TMFListing.one(try await mapped { try await service.recordCharge(customerID: id, body, at: now()) }, request: request)
            response.status = .created
            return response
        }
        api.get("/customers/:id/charges") { request, context -> Response in
            try TMFListing(request).response(try await service.charges(customerID: try context.parameters.require("id")))
        }
        api.post("/customers/:id/payments") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: BillingService.PaymentRequest.self, context: context)
            let (payment, created) = try await mapped { try await service.recordPayment(customerID: id, body, at: now()) }
            var response = try TMFListing.one(payment, request: request)
            response.status = created ? .created : .ok
            return response
        }
        api.get("/customers/:id/balance") { request, context -> Response in
            try TMFListing.one(try await mapped { try await service.balance(customerID: try context.parameters.require("id")) }, request: request)
        }
        // 001 CG 3, 003 CG 9: a deposit asked, paid, its proof received, asked back (D-RUN-20); the scheduler does the rest.
        api.post("/contracts/:id/deposit") { request, context in
            let id = try context.parameters.require("id")
            struct Step: Decodable { let step: SecurityDeposit.Step; let on: LocalDate; let reason: SecurityDeposit.Case?; let amount: Money? }
            let body = try await request.decode(as: Step.self, context: context)
            return try await mapped {
                ContractRoutes.JSONBody(value: try await service.recordDeposit(contractID: id, body.step, on: body.on, reason: body.reason, amount: body.amount, at: now()))
            }
        }
        // 001 CG 10.4, 003 CG 8: an advance on consumption asked on an alert, paid, refused, or the service suspended meanwhile (D-BILL-16).
        api.post("/contracts/:id/consumption-advance") { request, context in
            let id = try context.parameters.require("id")
            struct Step: Decodable { let step: BillingService.AdvanceAction; let on: LocalDate; let amount: Money?; let alert: String? }
            let body = try await request.decode(as: Step.self, context: context)
            return try await mapped {
                ContractRoutes.JSONBody(value: try await service.recordAdvance(contractID: id, body.step, on: body.on, amount: body.amount, alert: body.alert, at: now()))
            }
        }
        // 001 Annexe 5, 003 CS paiement (D-BILL-17): merchants paid on the invoice — a purchase, a subscription and its
        // termination, the solution turned off or on (the subscriber's deactivation, Orange's withdrawal for a breach).
        api.post("/contracts/:id/third-party-purchases") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: BillingService.ThirdPartyPurchase.self, context: context)
            let (charge, created) = try await mapped { try await service.recordThirdPartyPurchase(contractID: id, body, at: now()) }
            var response = try TMFListing.one(charge, request: request)
            response.status = created ? .created : .ok
            return response
        }
        api.post("/contracts/:id/merchant-subscriptions") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: BillingService.NewMerchantSubscription.self, context: context)
            return try await mapped { ContractRoutes.JSONBody(value: try await service.startMerchantSubscription(contractID: id, body, at: now())) }
        }
        api.post("/contracts/:id/merchant-subscriptions/:subscription/cancel") { _, context in
            let id = try context.parameters.require("id")
            let subscription = try context.parameters.require("subscription")
            return try await mapped { ContractRoutes.JSONBody(value: try await service.cancelMerchantSubscription(contractID: id, id: subscription, at: now())) }
        }
        api.post("/contracts/:id/payment-solution") { request, context in
            let id = try context.parameters.require("id")
            struct Step: Decodable { let step: Contract.PaymentSolutionStep }
            let body = try await request.decode(as: Step.self, context: context)
            return try await mapped { ContractRoutes.JSONBody(value: try await service.paymentSolution(contractID: id, body.step, at: now())) }
        }
        // 001 Annexe 2: an option asked today (its activation fee billed), or stopped today (D-CTR-18).
        api.post("/contracts/:id/options") { request, context in
            let id = try context.parameters.require("id")
            struct Asked: Decodable { let option: ContractOption.Kind; let compatibleTV: Bool? }
            let body = try await request.decode(as: Asked.self, context: context)
            return try await mapped {
                ContractRoutes.JSONBody(value: try await service.requestOption(contractID: id, body.option, compatibleTV: body.compatibleTV ?? false, at: now()))
            }
        }
        api.post("/contracts/:id/options/:option/stop") { _, context in
            let id = try context.parameters.require("id")
            let option = try context.parameters.require("option")
            return try await mapped {
                guard let kind = ContractOption.Kind(rawValue: option) else {
                    throw TMFError.badParameter("option", "'\(option)' is not one of \(ContractOption.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return ContractRoutes.JSONBody(value: try await service.contracts.stopOption(id, kind, at: now()))
            }
        }
        api.post("/contracts/:id/licences") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: LicenceRequest.self, context: context)
            let licences = try await mapped {
                try await service.changeLicence(contractID: id, user: body.user, site: body.site, on: body.on, removed: body.removed ?? false, at: now())
            }
            var response = try TMFListing(request).response(licences)
            response.status = .created
            return response
        }
    }

    /// Detached from the request: the run outlives the response; a run that stops on an error says so in the log (it is
    /// left unfinished: running it again completes it).
    static func start(_ service: BillingService, period: BillingPeriod, issueDate: LocalDate?, runID: String, at now: Instant, logger: Logger) {
        Task {
            do { _ = try await service.run(period: period, issueDate: issueDate, runID: runID, at: now) } catch {
                logger.error("bill run stopped", metadata: ["run": "\(runID)", "period": "\(period)", "error": "\(error)"])
            }
        }
    }

    private func view(_ context: AppRequestContext) async throws -> BillingService.InvoiceView {
        let id = try context.parameters.require("id")
        guard let v = try await service.invoice(id) else { throw TMFError.notFound("invoice '\(id)'") }
        return v
    }

    /// Domain refusals in the TMF error shape: 404 unknown, 422 not allowed now, 400 bad input.
    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let e as BillingError {
            switch e {
            case .invalid(let field, _) where field == "invoice" || field == "customer":
                throw TMFError(.notFound, code: "notFound", reason: e.description)
            case .invalid: throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
            case .illegalTransition, .overCredit: throw TMFError(.unprocessableContent, code: "notAllowed", reason: e.description)
            }
        } catch let e as ContractServiceError {
            throw TMFError(.notFound, code: "notFound", reason: e.description)
        } catch let e as ContractError {
            throw ContractRoutes.tmf(e)
        } catch let e as CatalogError {
            throw TMFError(.unprocessableContent, code: "priceMissing", reason: e.description)
        } catch StoreError.idempotencyConflict {
            throw TMFError(.conflict, code: "conflict", reason: "the contract changed meanwhile; read it again")
        }
    }

    static func period(_ text: String) throws -> BillingPeriod {
        do { return try BillingPeriod(text) } catch { throw TMFError(.badRequest, code: "invalidParameter", reason: error.description) }
    }
}
