import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import Hummingbird

/// The price index values that revise running Workplace contracts (004 §15.1): recorded from the operator's CSV,
/// listed as held.
struct PriceIndexRoutes {
    let service: ContractService
    let now: @Sendable () -> Instant

    struct Value: Encodable {
        let series: String, published: LocalDate, value: String
        init(_ v: IndexValue) { series = v.series; published = v.published; value = v.text }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/api/v1/catalogs/indices") { _, _ -> Response in
            try Self.json(.ok, try await service.priceIndexValues().map(Value.init))
        }
        router.post("/api/v1/catalogs/indices") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024 * 1024)
            let name = request.headers[.init("X-File-Name")!] ?? "indices.csv"
            do {
                let result = try await service.recordIndices(csv: String(buffer: body), file: name, at: now())
                return try Self.json(result.replayed ? .ok : .created, result)
            } catch let error as CatalogFileError {
                throw TMFError(.badRequest, code: "invalidIndexFile", reason: error.description)
            }
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
