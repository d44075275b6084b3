import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// An error in the TM Forum shape `{code, reason, message, status}` (TMF630): `reason` names
/// what is wrong, `message` says more, `status` is the HTTP status as a string.
public struct TMFError: HTTPResponseError, Encodable {
    public let code: String
    public let reason: String
    public let message: String?
    public let httpStatus: HTTPResponse.Status

    public var status: HTTPResponse.Status { httpStatus }

    public init(_ status: HTTPResponse.Status, code: String, reason: String, message: String? = nil) {
        self.httpStatus = status; self.code = code; self.reason = reason; self.message = message
    }

    public static func badParameter(_ name: String, _ problem: String) -> TMFError {
        TMFError(.badRequest, code: "invalidParameter", reason: "\(name): \(problem)")
    }

    /// A `YYYY-MM-DD` query parameter, or a 400 naming it.
    static func date(_ name: String, _ text: String) throws -> LocalDate {
        do { return try LocalDate(iso: text) } catch { throw badParameter(name, error.description) }
    }

    public static func notFound(_ what: String) -> TMFError {
        TMFError(.notFound, code: "notFound", reason: "\(what) not found")
    }

    private enum CodingKeys: String, CodingKey { case code, reason, message, status, type = "@type" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encode(String(httpStatus.code), forKey: .status)
        try c.encode("Error", forKey: .type)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(self)
        return Response(status: httpStatus, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error that escapes a route (the router's own 404 and 405, decoding errors,
/// unexpected failures) into a `TMFError`, so that no client ever sees another shape — nor the
/// names of Guichet's own types, which stay in the server's log.
struct TMFErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let alarm: StorageAlarm
    let now: @Sendable () -> Instant

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as TMFError {
            throw error
        } catch let error as PortalError {
            throw error
        } catch let error as any HTTPResponseError {
            let reason = switch error.status {
            case .notFound: "no resource at \(request.uri.path)"
            case .methodNotAllowed: "method \(request.method) is not allowed on \(request.uri.path)"
            default: (error as? HTTPError)?.body ?? error.status.reasonPhrase
            }
            throw TMFError(error.status, code: Self.code(error.status), reason: reason)
        } catch let error as DecodingError {
            throw TMFError(.badRequest, code: "invalidBody", reason: "request body: \(error.plain)")
        } catch StoreError.invalid(let field, let reason) {
            // A query the store refuses (a search too short to be indexed): the client's to correct.
            throw TMFError(.badRequest, code: "invalidQuery", reason: "\(field): \(reason)")
        } catch where StoreError.isStorageFull(error) {
            alarm.raise(at: now())
            context.logger.critical("database storage full", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw TMFError(.init(code: 507, reasonPhrase: "Insufficient Storage"), code: "storageFull",
                           reason: "the database's storage is full: nothing of this request was stored; try again once space is freed")
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw TMFError(.internalServerError, code: "internalError", reason: "internal error", message: "see the server log")
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "notFound"
        case .methodNotAllowed: "methodNotAllowed"
        case .badRequest: "badRequest"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .conflict: "conflict"
        default: "error\(status.code)"
        }
    }
}

extension DecodingError {
    /// What is wrong with a body, by field path, without the decoder's type names.
    var plain: String {
        func path(_ c: Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "the body" : "'\(p)'"
        }
        switch self {
        case .keyNotFound(let key, let c):
            let at = c.codingPath.isEmpty ? "" : " in \(path(c))"
            return "field '\(key.stringValue)' is missing\(at)"
        case .valueNotFound(_, let c): return "\(path(c)) must not be null"
        case .typeMismatch(_, let c): return "\(path(c)) has the wrong type"
        case .dataCorrupted(let c):
            // At the top, it is the text itself that does not parse (Linux gives no underlying error).
            if c.codingPath.isEmpty || c.underlyingError != nil { return "\(path(c)) is not valid JSON" }
            // Foundation's words for an unknown enum value name the Swift type: say it plainly.
            if c.debugDescription.hasPrefix("Cannot initialize") { return "\(path(c)) is not one of the accepted values" }
            return "\(path(c)): \(c.debugDescription)"
        @unknown default: return "the body cannot be read"
        }
    }
}
