import GuichetApp
import GuichetCore
import GuichetData
import Hummingbird

/// `POST /api/v1/imports/{customers|contracts|lines}?format=csv|jsonl`: the migration import of
/// `guichet import`, on a request body; the report lists every rejected row with its line and field.
struct ImportRoutes {
    let importer: BaseImport
    let now: @Sendable () -> Instant

    func register(on router: Router<AppRequestContext>) {
        router.group("/api/v1").post("/imports/:kind") { request, context -> Response in
            let text = try context.parameters.require("kind")
            guard let kind = BaseImport.Kind(rawValue: text) else {
                throw TMFError.badParameter("kind", "'\(text)' is not one of \(BaseImport.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let format = try request.uri.queryParameters.get("format").map { text in
                guard let f = CDRFormat(rawValue: text) else { throw TMFError.badParameter("format", "'\(text)' is not csv or jsonl") }
                return f
            } ?? .csv
            let body = try await request.body.collect(upTo: 512 << 20)
            do {
                return try TMFListing.one(try await importer.importBody(kind, Array(buffer: body), format: format, at: now()), request: request)
            } catch let e as BaseImportFileError {
                throw TMFError(.badRequest, code: "invalidFile", reason: e.description)
            }
        }
    }
}
