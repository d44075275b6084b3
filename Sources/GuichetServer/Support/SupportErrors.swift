import GuichetApp
import GuichetCore
import GuichetMail
import Hummingbird

/// Support refusals in the TMF error shape: 404 unknown (or another operator's), 403 not
/// entitled, 422 not allowed now, 400 bad input.
func supportMapped<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let e as SupportError {
        switch e {
        case .invalid: throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
        case .notAllowed: throw TMFError(.unprocessableContent, code: "notAllowed", reason: e.description)
        case .forbidden: throw TMFError(.forbidden, code: "forbidden", reason: e.description)
        case .notFound: throw TMFError.notFound(e.description.replacingOccurrences(of: " not found", with: ""))
        }
    } catch let e as CatalogError {
        throw TMFError(.unprocessableContent, code: "priceMissing", reason: e.description)
    } catch let e as BillingError {
        throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
    } catch let e as InboundMail.ParseError {
        throw TMFError(.badRequest, code: "invalidParameter", reason: e.description)
    }
}
