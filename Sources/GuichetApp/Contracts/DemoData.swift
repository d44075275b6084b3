import GuichetCore
import GuichetData
import GuichetStore

/// `guichet serve --demo`: sample customers of each contract family, created once, so that a
/// newcomer sees contracts with engagement dates and termination quotes on first run.
public enum DemoData {
    public static func seed(_ service: ContractService, at now: Instant) async throws {
        guard try await service.customers(StateQuery(limit: 1)).total == 0 else { return }
        func d(_ s: String) -> LocalDate { try! LocalDate(iso: s) }
        let marie = try await service.createCustomer(name: "Marie Démo (sample)", kind: .consumer, territoryID: "GP",
                                                     details: PartyDetails(address: Address(line1: "12 rue Frébault", postcode: "97110", city: "Pointe-à-Pitre",
                                                                                            territory: "GP")), at: now)
        let livebox = try await service.order(.init(customer: marie.id, offering: "livebox-essentiel-fibre", orderedOn: d("2026-01-20"), distanceSale: true,
                                                    subscriptionDocumentsOn: d("2026-01-27")), at: now)
        _ = try await service.apply(.activate, to: livebox.id, on: d("2026-02-01"), at: now)
        let said = try await service.createCustomer(name: "Saïd Démo (sample)", kind: .consumer, territoryID: "YT", at: now)
        let mobile = try await service.order(.init(customer: said.id, offering: "mayotte-forfait-24-mois", orderedOn: d("2026-03-02"),
                                                   distanceSale: false, chosenActivationDate: d("2026-03-05"),
                                                   presentedDocuments: PresentedDocuments(identity: .residentCard, bankDetails: true)), at: now)
        _ = try await service.apply(.activate, to: mobile.id, on: d("2026-03-05"), at: now)
        let hq = Address(line1: "1 rue de l'Exemple (sample)", postcode: "75001", city: "Paris", territory: "FR")
        let company = try await service.createCustomer(
            name: "Atelier Démo SARL (sample)", kind: .business, territoryID: "FR",
            details: PartyDetails(address: hq, contacts: [Contact(name: "Claire Démo", email: "claire@example.org", role: "administrator")],
                                  sites: [Site(id: "site-paris", name: "Paris", address: hq)],
                                  users: (1...7).map { NamedUser(id: "u\($0)", name: "Utilisateur \($0) (sample)", site: "site-paris") }),
            at: now)
        let wte = try await service.order(.init(customer: company.id, offering: "wte-pack-calling", engagementMonths: 36, quantity: 7,
                                                orderedOn: d("2026-01-05")), at: now)
        _ = try await service.apply(.activate, to: wte.id, on: d("2026-02-02"), at: now)
    }
}

extension DemoData {
    /// Lines for the sample contracts and a few sample calls, so that the consumption view has something to show.
    public static func seedUsage(_ usage: UsageService, _ contracts: ContractService, at now: Instant) async throws {
        guard try await usage.lines.lines(StateQuery(limit: 1)).total == 0 else { return }
        var csv = [CDRFormat.csvHeader]
        for c in try await contracts.allContracts() {
            switch c.offeringID {
            case "livebox-essentiel-fibre":
                _ = try await usage.lines.assign(number: "+590590271234", contractID: c.id, site: nil, at: now)
                csv += ["demo-lb-1,+590590271234,voice,+213210000000,2026-11-03T10:00:00-04:00,125,",
                        "demo-lb-2,+590590271234,voice,+33145000000,2026-11-04T18:30:00-04:00,1800,",
                        "demo-lb-3,+590590271234,voice,112,2026-11-05T08:00:00-04:00,60,"]
            case "mayotte-forfait-24-mois":
                _ = try await usage.lines.assign(number: "+262639001234", contractID: c.id, site: nil, at: now)
                csv += ["demo-yt-1,+262639001234,voice,0639005678,2026-11-02T09:00:00+03:00,240,",
                        "demo-yt-2,+262639001234,sms,0639005678,2026-11-02T09:05:00+03:00,1,",
                        "demo-yt-3,+262639001234,voice,+33612345678,2026-11-06T12:00:00+03:00,600,mobile"]
            case "wte-pack-calling":
                for u in 1...7 {
                    let number = "+33145000\(String(format: "%03d", u))"
                    _ = try await usage.lines.assign(number: number, contractID: c.id, site: "site-paris", at: now)
                    csv.append("demo-wte-\(u),\(number),voice,+33612345678,2026-11-0\(u)T14:00:00+01:00,\(u * 900),")
                }
            default: break
            }
        }
        _ = try await usage.importBody(Array(csv.joined(separator: "\n").utf8), format: .csv, name: "demo (sample calls)", at: now)
    }
}

extension DemoData {
    /// The invoices of last month, so that the demo has bills, pages and Factur-X to show (a
    /// restart finds them issued and issues nothing).
    public static func seedInvoices(_ billing: BillingService, at now: Instant) async throws {
        let (year, month, _) = now.utcDate.components
        let last = try BillingPeriod(year: month == 1 ? year - 1 : year, month: month == 1 ? 12 : month - 1)
        _ = try await billing.run(period: last, at: now)
    }
}

extension DemoData {
    /// A wholesale operator subscribed to e-SAV with an open ticket waiting for its answer, and a
    /// complaint from the Livebox customer, so that the support views have something to show.
    package static func seedSupport(_ support: SupportService, at now: Instant) async throws {
        guard try await support.store.streams(withPrefix: "ticket:").isEmpty else { return }
        let contracts = support.contracts
        let op = try await contracts.createCustomer(
            name: "Opérateur Démo (sample)", kind: .wholesale, territoryID: "FR",
            details: PartyDetails(contacts: [Contact(name: "NOC Démo", email: "noc@operateur-demo.example", role: "noc")]), at: now)
        let day = now.utcDate
        let esav = try await contracts.order(.init(customer: op.id, offering: EService.eSAV.offeringID, orderedOn: day.adding(days: -30)), at: now)
        _ = try await contracts.apply(.activate, to: esav.id, on: day.adding(days: -29), at: now)
        let t = try await support.file(TicketFiling(family: .eSoutien, owner: op.id, subject: "Ticket SAV sans réponse (sample)",
                                                    description: "Le ticket e-SAV 123 n'évolue plus depuis 48 h.", contactEmail: "noc@operateur-demo.example",
                                                    channel: .portal, territory: "FR", eService: .eSAV, eSoutienKind: .dysfonctionnement), at: now, actor: "demo")
        try await support.act(t.reference, TicketEvent(.infoRequested, at: now, actor: "demo", text: "Quel est le numéro de l'accès concerné ?"))
        if let marie = try await contracts.customers(StateQuery(equal: ["territory": "GP", "kind": "consumer"], limit: 1)).customers.first {
            _ = try await support.file(TicketFiling(family: .complaint, owner: marie.id, subject: "Facture de février (sample)",
                                                    description: "Le premier mois me semble facturé en entier.", contactEmail: "marie@example.org",
                                                    channel: .portal, territory: "GP", complaintLevel: .customerService), at: now, actor: "demo")
        }
    }
}
