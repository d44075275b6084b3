import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetStore
import Hummingbird

/// TMF635 `usage`, file imports, quarantine, alerts, re-rating, consumption (#123#) and lines.
struct UsageRoutes {
    let service: UsageService
    let now: @Sendable () -> Instant

    struct NewLine: Decodable { let number: String; let contractId: String; let site: String? }
    struct Replay: Decodable { struct Fix: Decodable { let raw: String; let corrected: String }; let corrections: [Fix]? }
    struct Rerate: Decodable { let period: String }
    struct Purge: Decodable { let on: LocalDate? }

    func register(on router: Router<AppRequestContext>) {
        let tmf = "/tmf-api/usageManagement/v4/usage"
        router.post(RouterPath(tmf)) { request, context -> Response in
            let body = try await request.decode(as: TMF635Usage.self, context: context)
            let (stored, created) = try await mapped { try await service.post(try body.record(), at: now()) }
            var response = try TMFListing.one(try await views([stored])[0], request: request)
            response.status = created ? .created : .ok
            return response
        }
        router.get(RouterPath(tmf)) { request, _ -> Response in
            let q = request.uri.queryParameters
            guard let account = q.get("relatedParty.id") ?? q.get("customerId") else {
                throw TMFError.badParameter("relatedParty.id", "the customer (or billing account) whose usage to list is required")
            }
            let period = q.get("period") ?? RatingContext.period(now().utcDate)
            let records = try await mapped { try await service.records(account: account, period: period) }
            return try TMFListing(request).response(try await views(records))
        }
        router.get(RouterPath(tmf + "/:id")) { request, context -> Response in
            let id = try context.parameters.require("id")
            guard let r = try await service.record(id) else { throw TMFError.notFound("usage '\(id)'") }
            return try TMFListing.one(try await views([r])[0], request: request)
        }

        let api = router.group("/api/v1")
        api.post("/usage/imports") { request, _ -> Response in
            let format = try request.uri.queryParameters.get("format").map { text in
                guard let f = CDRFormat(rawValue: text) else { throw TMFError.badParameter("format", "'\(text)' is not csv or jsonl") }
                return f
            } ?? .csv
            let body = try await request.body.collect(upTo: 512 << 20)
            let result = try await mapped { try await service.importBody(Array(buffer: body), format: format, name: "api", at: now()) }
            var response = try TMFListing.one(result, request: request)
            response.status = .created
            return response
        }
        api.get("/usage/imports") { request, _ in
            let listing = try TMFListing(request)
            let page = try await service.imports(offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.imports, total: page.total)
        }
        api.get("/usage/quarantine") { request, _ in
            let listing = try TMFListing(request)
            let page = try await service.quarantined(openOnly: request.uri.queryParameters.get("status") != "all", offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.rows, total: page.total)
        }
        api.post("/usage/quarantine/replay") { request, _ -> Response in
            // The body is optional; when there is one it must be valid.
            let data = try await request.body.collect(upTo: 16 << 20)
            let body = data.readableBytes == 0 ? nil : try JSONDecoder().decode(Replay.self, from: Data(buffer: data))
            let fixes = Dictionary((body?.corrections ?? []).map { ($0.raw, $0.corrected) }, uniquingKeysWith: { _, b in b })
            return try TMFListing.one(try await service.replayQuarantine(corrections: fixes, at: now()), request: request)
        }
        api.get("/usage/alerts") { request, _ in
            let listing = try TMFListing(request)
            let page = try await service.alerts(customerID: request.uri.queryParameters.get("customerId"), offset: listing.offset, limit: listing.pageSize)
            return try listing.response(page: page.alerts, total: page.total)
        }
        api.post("/usage/rerate") { request, context -> Response in
            let body = try await request.decode(as: Rerate.self, context: context)
            return try TMFListing.one(try await mapped { try await service.rerate(period: body.period, at: now()) }, request: request)
        }
        // Also run daily by the retention job; `on` replays a given day.
        api.post("/usage/retention-purge") { request, context -> Response in
            let body = try await request.decode(as: Purge.self, context: context)
            let today = UsageService.retentionDay(now())
            let day = try RetentionDay.check(body.on, today: today)
            return try TMFListing.one(try await service.purgeTrafficData(on: day, at: now()), request: request)
        }
        api.get("/customers/:id/consumption") { request, context -> Response in
            let id = try context.parameters.require("id")
            let period = request.uri.queryParameters.get("period") ?? RatingContext.period(now().utcDate)
            return try TMFListing.one(try await mapped { try await service.summary(account: id, period: period) }, request: request)
        }
        // 003 CS-FB 3: credit bought for a capped plan (a voucher, the web, the 456), its new balance texted to the line.
        api.post("/contracts/:id/top-ups") { request, context -> Response in
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: UsageService.NewTopUp.self, context: context)
            let (receipt, created) = try await mapped { try await service.topUp(contractID: id, body, at: now()) }
            var response = try TMFListing.one(receipt, request: request)
            response.status = created ? .created : .ok
            return response
        }
        // 003 CS-FB 4: the statement of a capped plan's top-ups and communications, on the customer's request.
        api.post("/contracts/:id/capped-statement") { request, context -> Response in
            let id = try context.parameters.require("id")
            return try TMFListing.one(try await mapped { try await service.statement(contractID: id, at: now()) }, request: request)
        }
        api.post("/lines") { request, context -> Response in
            let body = try await request.decode(as: NewLine.self, context: context)
            let line = try await mapped { try await service.lines.assign(number: body.number, contractID: body.contractId, site: body.site, at: now()) }
            var response = try TMFListing.one(line, request: request)
            response.status = .created
            return response
        }
        api.get("/lines") { request, _ in
            let listing = try TMFListing(request)
            let page = try await service.lines.lines(listing.query(request, filters: LineDirectory.filters))
            return try listing.response(page: page.lines, total: page.total)
        }
        // 001 CG 8.2.2: the subscriber's directory choices for a number in service (Liste Rouge, partial opt-outs, another user).
        api.put("/lines/:number/directory") { request, context in
            let number = try context.parameters.require("number").removingPercentEncoding ?? ""
            let listing = try await request.decode(as: DirectoryListing.self, context: context)
            return try TMFListing.one(try await mapped { try await service.lines.list(number, listing, at: now()) }, request: request)
        }
        // 001 CG 8.2.2: the subscriber base as directory publishers receive it, a page of lines at a time.
        api.get("/directory") { request, _ in
            let listing = try TMFListing(request)
            let page = try await service.lines.directory(listing.query(request, filters: [:]))
            return try listing.response(page: page.entries, total: page.total)
        }
        api.get("/lines/:number") { request, context in
            // "+" may come percent-encoded (%2B), as clients write it in a path.
            let number = try context.parameters.require("number").removingPercentEncoding ?? ""
            guard let line = try await service.lines.line(number) else { throw TMFError.notFound("line '\(number)'") }
            return try TMFListing.one(line, request: request)
        }
    }

    /// TMF635 views; amounts are TTC unless their tariff group is priced HT (004).
    private func views(_ records: [StoredUsage]) async throws -> [TMF635Usage] {
        let exclusive = Set(await service.catalogs.current.tariffs.filter { !$0.taxIncluded }.map(\.id))
        return records.map { TMF635Usage($0, taxIncluded: !exclusive.contains($0.rated.destination)) }
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as UsageError {
            switch e {
            case .invalid: throw TMFError(.unprocessableContent, code: "invalidUsage", reason: e.description)
            case .conflict: throw TMFError(.conflict, code: "conflict", reason: e.description)
            case .notFound(let what): throw TMFError.notFound(what)
            case .badFile: throw TMFError(.badRequest, code: "invalidFile", reason: e.description)
            }
        } catch let e as ContractServiceError {
            throw TMFError(.notFound, code: "notFound", reason: e.description)
        } catch let e as ContractError {
            throw ContractRoutes.tmf(e)
        }
    }
}
