import Foundation
import GuichetApp
import Hummingbird

/// Serves the OpenAPI 3.1 document kept in the repository (Resources/openapi.json, checked
/// in CI by openapi-spec-validator).
struct OpenAPIRoute {
    func register(on router: Router<AppRequestContext>) throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw TMFError(.internalServerError, code: "missingResource", reason: "openapi.json is missing from the bundle")
        }
        let document = ByteBuffer(bytes: try Data(contentsOf: url))
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
