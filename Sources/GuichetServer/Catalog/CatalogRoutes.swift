import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import Hummingbird

/// TMF620 productCatalogManagement (read) and Guichet's catalog import and tariff look-up.
struct CatalogRoutes {
    let registry: CatalogRegistry
    let now: @Sendable () -> Instant

    func register(on router: Router<AppRequestContext>) {
        let tmf = router.group(RouterPath(stringLiteral: TMF620.base))
        tmf.get("/productOffering") { request, _ in
            let set = await registry.current
            let (status, day) = try filters(request)
            let items = set.offerings.filter { o in status.map { o.status.rawValue == $0 } ?? true }
                .filter { o in day.map { o.validity.contains($0) } ?? true }
            return try TMFListing(request).response(items.map { TMF620.offering($0, in: set, on: day ?? today) })
        }
        tmf.get("/productOffering/:id") { request, context in
            let set = await registry.current
            let id = try context.parameters.require("id")
            guard let o = set.offering(id) else { throw TMFError.notFound("productOffering '\(id)'") }
            return try TMFListing.one(TMF620.offering(o, in: set, on: try filters(request).1 ?? today), request: request)
        }
        tmf.get("/productOfferingPrice") { request, _ in
            let set = await registry.current
            let (_, day) = try filters(request)
            let prices = day.map { set.prices.prices(on: $0) } ?? set.allPriceVersions
            return try TMFListing(request).response(prices.map { TMF620.price($0, in: set) })
        }
        tmf.get("/productOfferingPrice/:id") { request, context in
            let set = await registry.current
            let id = try context.parameters.require("id")
            // A version id ("price@2024-01-01") or a price id, answered with the version in force.
            let day = try filters(request).1 ?? today
            let found = set.allPriceVersions.first { $0.version == id } ?? set.prices.price(id, on: day)
            guard let p = found else { throw TMFError.notFound("productOfferingPrice '\(id)'") }
            return try TMFListing.one(TMF620.price(p, in: set), request: request)
        }
        tmf.get("/productSpecification") { request, _ in
            try TMFListing(request).response(await registry.current.specifications.map(TMF620.specification))
        }
        tmf.get("/productSpecification/:id") { request, context in
            let id = try context.parameters.require("id")
            guard let s = await registry.current.specifications.first(where: { $0.id == id }) else {
                throw TMFError.notFound("productSpecification '\(id)'")
            }
            return try TMFListing.one(TMF620.specification(s), request: request)
        }
        tmf.get("/catalog") { request, _ in
            try TMFListing(request).response(await registry.current.documents.map(TMF620.catalog))
        }
        tmf.get("/catalog/:id") { request, context in
            let id = try context.parameters.require("id")
            guard let d = await registry.current.documents.first(where: { $0.info.id == id }) else { throw TMFError.notFound("catalog '\(id)'") }
            return try TMFListing.one(TMF620.catalog(d), request: request)
        }
        tmf.get("/category") { request, _ in
            let set = await registry.current
            return try TMFListing(request).response(set.categories.map { TMF620.category($0, in: set) })
        }
        tmf.get("/category/:id") { request, context in
            let set = await registry.current
            let id = try context.parameters.require("id")
            guard let name = set.categories.first(where: { TMF620.categoryID($0) == id }) else { throw TMFError.notFound("category '\(id)'") }
            return try TMFListing.one(TMF620.category(name, in: set), request: request)
        }

        router.post("/api/v1/catalogs/imports") { request, context -> Response in
            let body = try await request.body.collect(upTo: 10 * 1024 * 1024)
            let name = request.headers[.init("X-File-Name")!] ?? "import.yaml"
            do {
                let result = try await registry.importCatalog(content: String(buffer: body), file: name, at: now())
                return Response(status: result.replayed ? .ok : .created, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(result))))
            } catch let error as CatalogFileError {
                throw TMFError(.badRequest, code: "invalidCatalog", reason: error.description)
            } catch let error as CatalogLoadError {
                throw TMFError(.badRequest, code: "invalidCatalog", reason: error.errors.first ?? "invalid catalog",
                               message: error.errors.joined(separator: "\n"))
            }
        }
        // e.g. ?catalog=livebox-antilles-guyane&number=21321234567&lineType=fixed&date=2026-05-01
        router.get("/api/v1/tariffs/lookup") { request, _ in
            let q = request.uri.queryParameters
            let number = (q.get("number") ?? "").filter { $0 != "+" && $0 != " " }
            guard !number.isEmpty, number.allSatisfy(\.isNumber) else { throw TMFError.badParameter("number", "an E.164 number in digits is required") }
            guard let lineType = TariffGroup.LineType(rawValue: q.get("lineType") ?? "") else {
                throw TMFError.badParameter("lineType", "'\(q.get("lineType") ?? "")' is not fixed or mobile")
            }
            let set = await registry.current
            let catalog = q.get("catalog") ?? ""
            guard set.documents.contains(where: { $0.info.id == catalog }) else {
                throw TMFError.badParameter("catalog", "'\(catalog)' is not a catalog id (each catalog prices its own offerings' calls)")
            }
            guard let (group, destination) = await registry.ratingIndex.tariff(for: number, lineType: lineType, on: try filters(request).1 ?? today, catalog: catalog) else {
                throw TMFError.notFound("tariff for +\(number) (\(lineType.rawValue))")
            }
            return TariffView(group: group, destination: destination)
        }
    }

    private var today: LocalDate { now().utcDate }

    /// `lifecycleStatus` and `validOn` (YYYY-MM-DD; alias `date`).
    private func filters(_ request: Request) throws -> (String?, LocalDate?) {
        let q = request.uri.queryParameters
        let status = q.get("lifecycleStatus")
        if let status, LifecycleStatus(rawValue: status) == nil {
            throw TMFError.badParameter("lifecycleStatus", "'\(status)' is not one of \(LifecycleStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let text = q.get("validOn") ?? q.get("date") else { return (status, nil) }
        return (status, try TMFError.date("validOn", text))
    }
}

struct TariffView: ResponseEncodable {
    struct Rate: Encodable { let zone: String; let connection: String; let perMinute: String }
    let tariff: String, name: String, destination: String, lineType: String, source: String
    let includedIn: [String]
    let rates: [Rate]
    let resolution: String?

    init(group: TariffGroup, destination: TariffGroup.Destination) {
        tariff = group.id; name = group.name; self.destination = destination.name; lineType = group.lineType.rawValue
        source = group.source; includedIn = group.includedIn; resolution = group.resolution
        rates = group.rates.keys.sorted().map { Rate(zone: $0, connection: group.rates[$0]!.connection.description, perMinute: group.rates[$0]!.perMinute.description) }
    }
}
