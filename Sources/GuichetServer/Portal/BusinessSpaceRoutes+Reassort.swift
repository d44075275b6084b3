import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// 004 §4.4 Digital Selfcare réassort, beyond orders: administrators (who bind the company, 004 §1
/// "Administrateurs"), sites, and the return of rented equipment and SDA numbers.
extension BusinessSpaceRoutes {
    func registerReassort(on router: Router<AppRequestContext>) {
        let b = Self.base
        // A new administrator gets no password from anyone: the e-mail's link lets them choose one.
        router.post(RouterPath(stringLiteral: "\(b)/administrateurs")) { request, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            let form = try await FormFields.read(request)
            let login = try form.require("login", label: "Identifiant").lowercased()
            let user = AccountService.User(login: login, name: try form.require("name", label: "Nom"), email: try form.require("email", label: "E-mail"),
                                           role: .businessAdmin, tenant: p.tenant)
            _ = try await portalMapped { try await accounts.createUser(user, password: AccountService.secret(), at: spaces.now()) }
            try await accounts.requestReset(login: login, at: spaces.now())
            return PortalPage.redirect("\(b)?fait=administrateur")
        }
        router.post(RouterPath(stringLiteral: "\(b)/administrateurs/retrait")) { request, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            let login = try await FormFields.read(request).require("login", label: "Identifiant")
            let admins = try await accounts.users(tenant: p.tenant ?? "", role: .businessAdmin, activeOnly: true)
            guard admins.contains(where: { $0.login == login }) else { throw PortalError.notFound("administrateur") }
            guard login != p.id else { throw PortalError.invalid("Vous ne pouvez pas retirer votre propre accès : demandez-le à un autre administrateur.") }
            try await accounts.disable(login, at: spaces.now())
            return PortalPage.redirect("\(b)?fait=retrait")
        }
        router.post(RouterPath(stringLiteral: "\(b)/sites")) { request, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            let form = try await FormFields.read(request)
            let c = try await spaces.customer(p.tenant ?? "")
            let name = try form.require("name", label: "Nom du site")
            let id = "site-" + name.lowercased().folding(options: .diacriticInsensitive, locale: nil)
                .map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            let address = Address(line1: try form.require("line1", label: "Adresse"), postcode: try form.require("postcode", label: "Code postal"),
                                  city: try form.require("city", label: "Ville"), territory: c.territoryID)
            _ = try await portalMapped { try await spaces.contracts.addSite(c.id, Site(id: id, name: name, address: address), at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=site")
        }
        // 004 §9.2 TER-5: rented equipment goes back through the operator's pick-up process; the rental runs
        // until the operator records the return (back office), not from the request.
        router.post(RouterPath(stringLiteral: "\(b)/materiel/restitution")) { request, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            let id = try await FormFields.read(request).require("contract", label: "Matériel")
            guard let line = try await spaces.equipment(of: p.tenant ?? "").first(where: { $0.id == id }) else { throw PortalError.notFound("matériel") }
            guard line.isRental, line.state == .active else {
                throw PortalError.invalid("Seul du matériel loué et reçu se restitue ; le matériel acheté reste au client.")
            }
            let c = try await spaces.customer(p.tenant ?? "")
            _ = try await portalMapped {
                try await spaces.contracts.apply(.requestTermination, to: id, on: spaces.today(c, spaces.now()),
                                                 note: "restitution demandée par \(p.id) (004 §9.2)", at: spaces.now())
            }
            return PortalPage.redirect("\(b)?fait=restitution-materiel")
        }
        router.post(RouterPath(stringLiteral: "\(b)/sda/restitution")) { request, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            let number = try await FormFields.read(request).require("number", label: "Numéro")
            guard try await sda.entry(number)?.customer == p.tenant else { throw PortalError.notFound("numéro SDA") }
            let c = try await spaces.customer(p.tenant ?? "")
            _ = try await portalMapped {
                do { try await sda.perform(.release(number: number, on: spaces.today(c, spaces.now())), at: spaces.now()) } catch let e as NumberingError {
                    throw PortalError.invalid(e.description)
                }
            }
            return PortalPage.redirect("\(b)?fait=restitution")
        }
    }
}
