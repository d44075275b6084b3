import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// The Espace Client Entreprise of Workplace Together Essentials (004 §4.3–4.4): the company's
/// sites, users and packs, its numbers and dial plan, réassort orders, incidents and invoices.
struct BusinessSpaceRoutes {
    let spaces: Spaces
    let accounts: AccountService
    let sda: SDAService
    static let base = "/espace-entreprise"
    /// The company's SDA numbers shown on its page, in number order; a larger company is told how many it has in all.
    static let sdaShown = 500

    func register(on router: Router<AppRequestContext>) {
        let b = Self.base
        router.get(RouterPath(stringLiteral: b)) { request, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            let c = try await spaces.customer(p.tenant ?? "")
            var data = try await spaces.overview(c.id, base: b, now: spaces.now())
            let (entries, problems) = c.details.dialPlan(.proposed)
            let names = await spaces.offeringNames()
            data["sites"] = c.details.sites.map { s in
                ["id": s.id, "name": s.name, "users": c.details.users.filter { $0.site == s.id }.count] as [String: Any]
            }
            data["users"] = c.details.users.map { u in ["id": u.id, "name": u.name, "site": u.site] }
            data["dialPlan"] = entries.map { ["user": $0.user, "site": $0.site, "number": $0.internalNumber] }
            data["dialPlanProblems"] = problems.map(\.description)
            data["offerings"] = names.filter { $0.key.hasPrefix("wte-") }.sorted { $0.key < $1.key }.map { ["id": $0.key, "name": $0.value] }
            data["admins"] = try await accounts.users(tenant: c.id, role: .businessAdmin, activeOnly: true).map {
                ["login": $0.login, "name": $0.name, "email": $0.email, "me": $0.login == p.id] as [String: Any]
            }
            let numbers = try await sda.page(customer: c.id, limit: Self.sdaShown)
            data["sda"] = numbers.items.map { ["number": $0.e164, "site": $0.site ?? "—", "user": $0.user ?? "—"] }
            if numbers.total > numbers.items.count { data["sdaShown"] = ["shown": numbers.items.count, "total": numbers.total] }
            data["equipment"] = try await spaces.equipment(of: c.id).map { PortalViews.equipment($0, name: names[$0.offeringID]) }
            data["message"] = Spaces.message(request)
            return spaces.pages.render("business", title: "Espace Client Entreprise", context, data)
        }
        spaces.registerShared(on: router, base: b, roles: [.businessAdmin])
        // 004 §4.4 réassort: services and packs ordered from the space become contracts of the company.
        router.post(RouterPath(stringLiteral: "\(b)/commandes")) { request, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            let form = try await FormFields.read(request)
            let c = try await spaces.customer(p.tenant ?? "")
            let offering = try form.require("offering", label: "Service")
            guard offering.hasPrefix("wte-") else { throw PortalError.invalid("Service : seuls les services Workplace Together Essentials se commandent ici (004 §4.4)") }
            guard let quantity = Int(try form.require("quantity", label: "Quantité")), (1...500).contains(quantity) else {
                throw PortalError.invalid("Quantité : un nombre entier de 1 à 500")
            }
            // A réassort joins the running order (004 §4.4): packs take its term (36 or 60 months, 004 §9.1); equipment and
            // services, which the catalog sells without one (004 §15), keep none.
            let running = try await spaces.contracts.contracts(of: c.id).first { $0.family.terms.packs && !$0.state.isFinal }
            let item = await spaces.catalogs.current.offerings.first { $0.id == offering }
            let offered = item?.engagementMonths ?? []
            let term = running.map(\.engagementMonths).flatMap { offered.contains($0) ? $0 : nil }
            // Equipment is rented or bought (004 §2.5); the choice means nothing for packs and services.
            let mode: EquipmentMode? = item?.isEquipment == true ? (form["mode"] == "achat" ? .purchase : .rental) : nil
            // Every order is billed (004 §4.4): a service the catalog has no price for yet cannot be ordered (D-CAT-6).
            if item?.isOneOffService == true, await spaces.catalogs.current.prices.prices(on: spaces.today(c, spaces.now()))
                .contains(where: { $0.offering == offering && $0.kind == .oneTime && $0.amount == nil }) {
                throw PortalError.invalid("Service : son prix n'est pas encore fixé au catalogue ; il ne peut pas être commandé en ligne pour l'instant.")
            }
            _ = try await portalMapped {
                try await spaces.contracts.order(.init(customer: c.id, offering: offering, engagementMonths: term, quantity: quantity,
                                                       orderedOn: spaces.today(c, spaces.now()), equipment: mode), at: spaces.now())
            }
            return PortalPage.redirect("\(b)?fait=commande")
        }
        registerReassort(on: router)
        router.get(RouterPath(stringLiteral: "\(b)/donnees.json")) { _, context -> Response in
            let p = try context.require([.businessAdmin], path: b)
            return try await spaces.personalDataExport(p.tenant ?? "")
        }
    }
}
