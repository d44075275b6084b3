import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// Sign-in, sign-out and password reset by e-mail. The forms before sign-in carry the token of
/// the `guichet_csrf` cookie (double submit); after, the session's.
struct SignInRoutes {
    let accounts: AccountService
    let pages: PortalPage
    let throttle: SignInThrottle
    let demoUsers: [DemoUsers.Account]
    let now: @Sendable () -> Instant

    static func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/login") { _, _ in PortalPage.redirect("/connexion") }
        router.get("/connexion") { request, context -> Response in
            if let p = context.principal { return PortalPage.redirect(PortalPage.home(p.role)) }
            return signInPage(request, context, status: .ok, error: nil)
        }
        router.post("/connexion") { request, context -> Response in
            let form = try await FormFields.read(request)
            let login = form["login"] ?? ""
            let address = context.clientAddress ?? "local", at = now()
            switch throttle.admit(login: login, address: address, at: at) {
            case .go: break
            case .tooManyFromAddress:
                return signInPage(request, context, status: .tooManyRequests, error: "Trop de tentatives depuis cette adresse : patientez une minute.")
            case .wait(let until):
                // Known or unknown login alike: the delay tells nothing of which exist (F5, F9).
                var page = signInPage(request, context, status: .tooManyRequests, login: login,
                                      error: "Trop d'essais pour cet identifiant : patientez \(until.seconds - at.seconds) s avant de réessayer.")
                page.headers[.retryAfter] = "\(until.seconds - at.seconds)"
                return page
            }
            do {
                let (token, session) = try await accounts.logIn(login, password: form["password"] ?? "", at: at)
                throttle.record(login: login, address: address, succeeded: true, at: at)
                var response = PortalPage.redirect(Self.safeNext(form["suite"]) ?? PortalPage.home(session.principal.role))
                response.setCookie(Self.cookie(AccessMiddleware.sessionCookie, token, maxAge: Int(AccountService.sessionSeconds)))
                return response
            } catch let e as AccessError {
                throttle.record(login: login, address: address, succeeded: false, at: at)
                return signInPage(request, context, status: .unauthorized, login: login, error: e.description)
            }
        }
        router.post("/deconnexion") { request, _ -> Response in
            if let token = request.cookies[AccessMiddleware.sessionCookie]?.value { try await accounts.logOut(token, at: now()) }
            var response = PortalPage.redirect("/connexion")
            response.setCookie(Self.cookie(AccessMiddleware.sessionCookie, "", maxAge: 0))
            return response
        }
        router.get("/mot-de-passe-oublie") { request, context -> Response in
            let (csrf, headers) = preSession(request)
            return pages.render("forgot", title: "Mot de passe oublié", context, ["csrf": csrf], headers: headers)
        }
        router.post("/mot-de-passe-oublie") { request, context -> Response in
            let form = try await FormFields.read(request)
            let login = form["login"] ?? ""
            // Over the hourly allowance the page answers the same and mails nothing (F10).
            if throttle.admitReset(login: login, address: context.clientAddress ?? "local", at: now()) {
                try await accounts.requestReset(login: login, at: now())
            }
            let (csrf, headers) = preSession(request)
            return pages.render("forgot", title: "Mot de passe oublié", context,
                                ["csrf": csrf, "sent": true], headers: headers)
        }
        router.get("/mot-de-passe/:token") { request, context -> Response in
            let token = try context.parameters.require("token")
            guard let login = try await accounts.resetLogin(token, at: now()) else { throw PortalError.invalid("Ce lien de réinitialisation est expiré ou déjà utilisé.") }
            let (csrf, headers) = preSession(request)
            return pages.render("reset", title: "Nouveau mot de passe", context, ["csrf": csrf, "login": login, "token": token], headers: headers)
        }
        router.post("/mot-de-passe/:token") { request, context -> Response in
            let token = try context.parameters.require("token")
            let form = try await FormFields.read(request)
            try await portalMapped { try await accounts.completeReset(token, password: form["password"] ?? "", at: now()) }
            return PortalPage.redirect("/connexion?reinitialise=1")
        }
    }

    func signInPage(_ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status, login: String = "", error: String?) -> Response {
        let (csrf, headers) = preSession(request)
        let q = request.uri.queryParameters
        var data: [String: Any] = ["csrf": csrf, "login": login, "suite": Self.safeNext(q.get("suite")) ?? "",
                                   "reset": q.get("reinitialise") != nil]
        if let error { data["error"] = error }
        if pages.demo { data["hasDemoUsers"] = !demoUsers.isEmpty; data["demoUsers"] = demoUsers.map { ["login": $0.login, "password": $0.password, "role": $0.role.label] } }
        return pages.render("login", title: "Connexion", context, status: status, data, headers: headers)
    }

    /// The pre-session CSRF token: the cookie's if the browser has one, else a new one set now.
    func preSession(_ request: Request) -> (String, HTTPFields) {
        if let v = request.cookies[AccessMiddleware.preSessionCookie]?.value, v.count == 64 { return (v, [:]) }
        let v = AccountService.secret()
        return (v, [.setCookie: Self.cookie(AccessMiddleware.preSessionCookie, v).description])
    }

    /// Only a path of this site: never another host (`//evil`, `https://…`, `/\\evil`), and only
    /// printable ASCII without backslash: browsers drop TAB and LF, so `/\t/evil` is `//evil` to them (F4).
    static func safeNext(_ s: String?) -> String? {
        guard let s, s.hasPrefix("/"), !s.dropFirst().hasPrefix("/"),
              s.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }),
              RequestTarget.path(String(s.prefix { $0 != "?" && $0 != "#" })) != nil else { return nil }
        return s
    }
}
