import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// What a portal page answers instead of itself: the sign-in page, a refusal, or a form's error.
enum PortalError: HTTPResponseError {
    case signIn(next: String)
    case forbidden
    case notFound(String)
    case invalid(String)

    var status: HTTPResponse.Status {
        switch self {
        case .signIn: .seeOther
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .invalid: .badRequest
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .signIn(let next):
            let target = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "/"
            return PortalPage.redirect("/connexion?suite=\(target)")
        case .forbidden: return PortalPage.refusal(.forbidden, "Accès refusé : cette page n'est pas ouverte à votre profil.")
        case .notFound(let what): return PortalPage.refusal(.notFound, "Introuvable : \(what).")
        case .invalid(let why): return PortalPage.refusal(.badRequest, why)
        }
    }
}

/// Runs a portal action, turning the domain's refusals into a page that says what is wrong.
func portalMapped<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let e as PortalError {
        throw e
    } catch let e as AccessError {
        throw PortalError.invalid(e.description)
    } catch let e as TMFError {
        throw e.status == .notFound ? PortalError.notFound(e.reason) : PortalError.invalid(e.reason)
    } catch let e as SupportError {
        switch e {
        case .notFound: throw PortalError.notFound(e.description)
        case .forbidden: throw PortalError.forbidden
        default: throw PortalError.invalid(e.description)
        }
    } catch let e as ContractError {
        throw PortalError.invalid(e.description)
    } catch let e as BillingError {
        throw PortalError.invalid(e.description)
    } catch let e as PrivacyError {
        throw PortalError.notFound(e.description)
    } catch let e as ContractServiceError {
        throw PortalError.notFound(e.description)
    }
}
