import GuichetCore
import HTTPTypes
import Hummingbird

/// Deprecated input met while serving a request (a former territory id, `TerritoryID`) is accepted and said in the
/// answer: one `Warning: 299` header per notice (RFC 7234 §5.5) and `Deprecation: true`, for the client's logs.
struct DeprecationMiddleware<Context: RequestContext>: RouterMiddleware {
    static var deprecation: HTTPField.Name { HTTPField.Name("Deprecation")! }
    static var warning: HTTPField.Name { HTTPField.Name("Warning")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let notes = DeprecationNotes()
        var response = try await DeprecationNotes.$current.withValue(notes) { try await next(request, context) }
        let all = notes.all
        guard !all.isEmpty else { return response }
        for n in all { response.headers.append(HTTPField(name: Self.warning, value: "299 - \"\(n)\"")) }
        response.headers[Self.deprecation] = "true"
        return response
    }
}
