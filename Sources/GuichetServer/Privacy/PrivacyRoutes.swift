import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// Personal data through the API: export and rectification (area customers), erasure and the
/// retention sweep (area administration).
struct PrivacyRoutes {
    let service: PrivacyService
    let now: @Sendable () -> Instant

    struct Sweep: Decodable { let on: LocalDate? }
    struct Erase: Decodable { let reason: String }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("/api/v1")
        api.get("/customers/:id/personal-data") { request, context -> Response in
            try TMFListing.one(try await mapped { try await service.export(try context.parameters.require("id")) }, request: request)
        }
        api.post("/customers/:id/rectification") { request, context -> Response in
            let body = try await request.decode(as: PrivacyService.Rectification.self, context: context)
            return try TMFListing.one(try await mapped { try await service.rectify(try context.parameters.require("id"), body, at: now()) }, request: request)
        }
        api.post("/customers/:id/erasure") { request, context -> Response in
            let body = try await request.decode(as: Erase.self, context: context)
            guard !body.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw TMFError.badParameter("reason", "say why (the request's date and reference)") }
            return try TMFListing.one(try await mapped { try await service.erase(try context.parameters.require("id"), reason: body.reason, at: now()) },
                                      request: request)
        }
        // 001 Annexe 6: a request received by post or e-mail, with the copy of an identity document it must come with.
        api.post("/customers/:id/personal-data-requests") { request, context -> Response in
            struct Filed: Decodable { let kind: PersonalDataRequest.Kind; let receivedOn: LocalDate; let text: String?; let identityDocument: Bool? }
            let body = try await request.decode(as: Filed.self, context: context)
            guard body.identityDocument == true else {
                throw TMFError.badParameter("identityDocument", "a request comes with a copy of an identity document (001 Annexe 6): say it did (true)")
            }
            var response = try TMFListing.one(try await mapped {
                try await service.file(body.kind, customerID: try context.parameters.require("id"), on: body.receivedOn, text: body.text,
                                       identifiedBy: .identityDocument, at: now())
            }, request: request)
            response.status = .created
            return response
        }
        api.get("/customers/:id/personal-data-requests") { request, context -> Response in
            try TMFListing(request).response(try await service.requests(customerID: try context.parameters.require("id")))
        }
        api.post("/customers/:id/personal-data-requests/:request/answer") { request, context -> Response in
            struct Answer: Decodable { let on: LocalDate; let answer: String }
            let body = try await request.decode(as: Answer.self, context: context)
            return try TMFListing.one(try await mapped {
                try await service.answer(try context.parameters.require("request"), customerID: try context.parameters.require("id"), on: body.on,
                                         answer: body.answer, at: now())
            }, request: request)
        }
        api.post("/personal-data/retention-sweep") { request, context -> Response in
            let body = try await request.decode(as: Sweep.self, context: context)
            let day = try RetentionDay.check(body.on, today: now().utcDate)
            return try TMFListing(request).response(try await mapped { try await service.sweep(on: day, at: now()) })
        }
    }

    func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as PrivacyError {
            throw TMFError.notFound(e.description.replacingOccurrences(of: "no ", with: ""))
        } catch let e as ContractError {
            throw TMFError(.unprocessableContent, code: "notAllowed", reason: e.description)
        }
    }
}

/// The day a retention limit is applied for: today by default, or an earlier day replayed — never a
/// day to come, which would erase data whose limit is not reached.
enum RetentionDay {
    static func check(_ asked: LocalDate?, today: LocalDate) throws -> LocalDate {
        guard let asked else { return today }
        guard asked <= today else {
            throw TMFError.badParameter("on", "\(asked) is after today (\(today)): a retention limit is applied once reached, never ahead")
        }
        return asked
    }
}
