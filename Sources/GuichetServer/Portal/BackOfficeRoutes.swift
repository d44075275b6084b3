import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import Hummingbird

/// The operator's back office: customers and contracts, the catalog, bill runs, ticket queues with
/// their SLA timers, usage alerts and the audit log. Each section shows only to the staff roles
/// whose grants cover its area (support agents see no bill run, billing agents change no ticket).
struct BackOfficeRoutes {
    let spaces: Spaces
    let store: any Store
    let porting: PortingService
    let accounts: AccountService
    let keys: OperatorKeys
    static let base = "/back-office"
    static let staff: Set<Role> = [.supportAgent, .billingAgent, .operatorAdmin]
    /// Customers a page of the back office shows.
    static let pageSize = 50
    static let obligationKind: [Obligation.Kind: String] = [
        .terminate: "Résiliation à sa date d'effet", .callback: "Rappel d'assistance à distance (72 h)", .feasibilityAnswer: "Réponse de faisabilité Mac (4 h)",
        .revise: "Révision annuelle du prix (indices Syntec et INSEE)", .equipmentReturn: "Mise en demeure de restituer les équipements",
        .equipmentFees: "Frais de non-restitution des équipements", .appointmentDeadline: "Rendez-vous technicien non fixé sous trois mois",
        .renew: "Reconduction tacite pour 12 mois", .depositDue: "Dépôt de garantie à verser le jour de la demande",
        .depositRefund: "Remboursement du dépôt de garantie", .misuseSuspension: "Suspension après mise en demeure pour usage abusif",
        .suspendedTermination: "Résiliation après suspension et mise en demeure restée sans effet",
        .misuseTermination: "Résiliation 15 jours après la suspension pour détournement d'usage",
        .documentsReminder: "Relance des pièces justificatives d'une souscription à distance",
        .documentsTermination: "Suspension puis résiliation faute de pièces justificatives",
        .offerChange: "Changement d'offre à la date choisie",
        .decoderDepositRefund: "Remboursement du dépôt de garantie du décodeur",
        .optionEnd: "Fin de l'option TV d'Orange sur TV connectée (24 mois)",
        .paymentSchedule: "Échéancier annuel du forfait bloqué",
        .activationFailureDeadline: "Échec de mise en service non résolu : le client peut résilier",
        .activationFailureRefund: "Remboursement des sommes versées après résiliation pour échec de mise en service",
        .advanceSetOff: "Avance sur consommation déduite des factures, puis remboursée",
        .merchantRenewal: "Reconduction d'un abonnement auprès d'un tiers marchand",
    ]
    static let runStatus: [RunStatus: String] = [.running: "en cours", .finished: "terminée", .interrupted: "interrompue (à relancer)"]

    func register(on router: Router<AppRequestContext>) {
        let b = Self.base
        router.get(RouterPath(stringLiteral: b)) { request, context -> Response in
            let p = try context.require(Self.staff, path: b)
            let now = spaces.now()
            var data: [String: Any] = [:]
            data["message"] = Spaces.message(request)
            if p.may(.read, .customers) {
                let names = await spaces.offeringNames()
                // One page of customers (a search of names, numbers and references), with their contracts: two queries, whatever the base's size.
                var search = request.uri.queryParameters.get("q").flatMap { $0.isEmpty ? nil : $0 }
                if let s = search, s.unicodeScalars.count < StateQuery.shortestSearch {
                    data["message"] = "Une recherche demande au moins \(StateQuery.shortestSearch) caractères."
                    search = nil
                }
                let number = max(1, Int(request.uri.queryParameters.get("page") ?? "") ?? 1)
                let found = try await spaces.contracts.customers(StateQuery(search: search, offset: (number - 1) * Self.pageSize, limit: Self.pageSize))
                let customers = found.customers
                let byID = Dictionary(customers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
                data["customers"] = customers.map { ["id": $0.id, "number": $0.customerNumber, "name": $0.name, "kind": $0.kind.rawValue, "territory": $0.territoryID] }
                var theirs = StateQuery()
                theirs.oneOf = ["customer_id": customers.map(\.id)]
                data["contracts"] = try await spaces.contracts.contracts(theirs).contracts.map { k -> [String: Any] in
                    var row = PortalViews.contract(k, offering: names[k.offeringID]); row["customer"] = byID[k.customerID] ?? k.customerID; return row
                }
                data["hasCustomers"] = found.total > 0 || search != nil
                data["customerCount"] = found.total
                if let search { data["search"] = search }
                let query = search.map { "&q=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""
                if number > 1 { data["previousPage"] = "\(b)?page=\(number - 1)\(query)#clients" }
                if number * Self.pageSize < found.total { data["nextPage"] = "\(b)?page=\(number + 1)\(query)#clients" }
                data["page"] = number
                // The open data-subject requests of the 50 most urgent customers, from their state table (D-SCALE-6).
                let open = try await spaces.privacy.openRequests(customers: Self.pageSize)
                data["privacyCustomers"] = open.customers
                data["hasPrivacyRequests"] = open.customers > 0
                data["privacyRequests"] = open.requests.map {
                    ["customer": byID[$0.customerID] ?? $0.customerID, "customerID": $0.customerID, "kind": Spaces.rightName[$0.kind] ?? $0.kind.rawValue,
                     "received": PortalViews.date($0.receivedOn), "due": PortalViews.date($0.dueOn), "late": $0.dueOn < now.utcDate,
                     "source": $0.dueExplanation.source] as [String: Any]
                }
                // The requests under way, oldest first, one page: the finished ones stay in their history.
                var underWay = StateQuery(limit: Self.pageSize)
                underWay.oneOf = ["state": PortingRepository.open.map(\.rawValue)]
                let underWayFound = try await porting.requests(underWay)
                let ports = underWayFound.requests.compactMap { try? porting.view($0) }
                data["portingCount"] = underWayFound.total
                data["porting"] = ports.map { v in
                    ["number": v.request.number, "line": v.request.line.rawValue, "state": v.request.state.rawValue, "territory": v.territory,
                     "requested": PortalViews.date(v.request.requestedOn), "committed": PortalViews.date(v.committedPortingDate?.date),
                     "source": v.committedPortingDate?.explanation.source ?? ""] as [String: Any]
                }
                data["hasPorting"] = !ports.isEmpty
                // What falls due in the coming week, and what is overdue (issue 23), due first: one page.
                let today = now.utcDate
                let due = try await spaces.contracts.obligations(state: .pending, until: today.adding(days: 7), limit: Self.pageSize)
                data["obligationCount"] = due.total
                data["hasObligations"] = due.total > 0
                data["obligations"] = due.items.map { o in
                    ["when": o.dueOn < today ? "en retard" : o.dueOn == today ? "aujourd'hui" : "cette semaine", "late": o.dueOn < today,
                     "due": PortalViews.date(o.dueOn), "kind": Self.obligationKind[o.kind] ?? o.kind.rawValue, "resource": o.resource,
                     "source": o.explanation.source] as [String: Any]
                }
                data["catalog"] = names.sorted { $0.key < $1.key }.map { ["id": $0.key, "name": $0.value] }
            }
            if p.may(.read, .support) {
                // The open tickets, oldest first, a page at a time (`tickets=`): one query, whatever the history's size.
                let page = max(1, Int(request.uri.queryParameters.get("tickets") ?? "") ?? 1)
                var query = SupportService.open
                query.offset = (page - 1) * Self.pageSize
                query.limit = Self.pageSize
                let open = try await spaces.support.tickets(query)
                data["queue"] = open.tickets.map { PortalViews.ticket($0, sla: (try? spaces.support.sla($0, at: now)) ?? [], zone: nil, base: b, staff: true) }
                data["hasQueue"] = open.total > 0
                data["queueCount"] = open.total
                data["queuePage"] = page
                if page > 1 { data["previousTickets"] = "\(b)?tickets=\(page - 1)#file" }
                if page * Self.pageSize < open.total { data["nextTickets"] = "\(b)?tickets=\(page + 1)#file" }
            }
            if p.may(.read, .usage) {
                let alerts = try await spaces.usage.alerts(customerID: nil, latestFirst: true, limit: 50).alerts.map {
                    ["rule": $0.alert.rule, "line": $0.alert.line, "message": $0.alert.message, "source": $0.alert.source, "raised": $0.raisedAt.description]
                }
                data["alerts"] = alerts
                data["hasAlerts"] = !alerts.isEmpty
            }
            if p.may(.read, .billing) {
                data["billRuns"] = try await spaces.billing.store.billRuns(latestFirst: true, offset: 0, limit: 12).runs.map {
                    ["id": $0.id, "period": $0.period, "issued": $0.issued, "accounts": $0.accounts, "status": (Self.runStatus[$0.status] ?? "") + ($0.failures.isEmpty ? "" : " — \($0.failures.count) compte(s) non facturé(s)")] as [String: Any]
                }
                data["mayRunBills"] = p.may(.write, .billing)
                // Letters to post (001 CG 10.1 paper invoices, notices to customers without an e-mail address), oldest first: one page.
                let letters = try await LetterRepository(store: store).letters(status: .pending, limit: Self.pageSize)
                data["letterCount"] = letters.total
                data["hasLetters"] = letters.total > 0
                data["letters"] = letters.items.map { l in
                    ["id": l.id, "queued": PortalViews.date(l.queuedOn), "name": l.name, "subject": l.subject, "reference": l.reference,
                     "address": l.address.map { [$0.line1, $0.line2, "\($0.postcode) \($0.city)"].compactMap { $0 }.joined(separator: ", ") } ?? "adresse à trouver",
                     "invoice": l.invoiceID as Any] as [String: Any]
                }
                let (y, m, _) = now.utcDate.components
                data["lastPeriod"] = String(format: "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1)
            }
            if p.may(.read, .administration) {
                let entries = try await store.auditEntries(limit: 50).entries.map {
                    ["at": $0.at.description, "actor": $0.actor, "method": $0.method, "path": $0.path, "what": $0.what ?? "",
                     "before": $0.before ?? [], "changes": $0.changes ?? []] as [String: Any]
                }
                data["audit"] = entries
                data["hasAudit"] = !entries.isEmpty
                let tokens = try await accounts.latestTokens(Self.pageSize).map { t -> [String: Any] in
                    var row: [String: Any] = ["id": t.id, "name": t.name, "role": t.role.label,
                                              "scopes": t.scopes.map { $0.map(\.rawValue).sorted().joined(separator: ", ") } ?? "tout le rôle",
                                              "issued": t.issuedAt.description, "expires": t.expiresAt?.description ?? "jamais",
                                              "lastUsed": t.lastUsedAt?.description ?? "jamais"]
                    if let r = t.revokedAt { row["revoked"] = r.description }
                    return row
                }
                data["tokens"] = tokens
                data["hasTokens"] = !tokens.isEmpty
            }
            return spaces.pages.render("backoffice", title: "Back office", context, data)
        }
        registerTickets(on: router)
        registerCustomers(on: router)
        // F6: an administrator revokes a machine's token from here too.
        router.post(RouterPath(stringLiteral: "\(b)/jetons/revocation")) { request, context -> Response in
            _ = try context.require(.write, .administration, path: b)
            let id = try await FormFields.read(request).require("id", label: "Jeton")
            do { try await accounts.revokeToken(id, at: spaces.now()) } catch AccessError.notFound { throw PortalError.notFound("jeton") }
            return PortalPage.redirect("\(b)?fait=jeton")
        }
        router.post(RouterPath(stringLiteral: "\(b)/courriers")) { request, context -> Response in
            _ = try context.require(.write, .billing, path: b)
            let id = try await FormFields.read(request).require("id", label: "Courrier")
            _ = try await portalMapped { try await LetterRepository(store: store).posted(id, on: spaces.now().utcDate, at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=courrier#courriers")
        }
        router.post(RouterPath(stringLiteral: "\(b)/facturation")) { request, context -> Response in
            _ = try context.require(.write, .billing, path: b)
            let form = try await FormFields.read(request)
            let text = try form.require("period", label: "Période")
            guard let period = try? BillingPeriod(text) else { throw PortalError.invalid("Période : « \(text) » n'est pas un mois AAAA-MM") }
            _ = try await portalMapped { try await spaces.billing.run(period: period, at: spaces.now()) }
            return PortalPage.redirect("\(b)?fait=facturation")
        }
    }
}
