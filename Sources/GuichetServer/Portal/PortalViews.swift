import GuichetApp
import GuichetCore

/// Domain values as the portal shows them: French labels, euros, dates as dd/mm/yyyy.
enum PortalViews {
    static func date(_ d: LocalDate?) -> String {
        guard let d else { return "—" }
        let c = d.components
        return String(format: "%02d/%02d/%04d", c.day, c.month, c.year)
    }

    static func euros(_ m: Money) -> String { InvoiceHTML.euros(m) }

    static func contract(_ c: Contract, offering: String?) -> [String: Any] {
        ["id": c.id, "offering": offering ?? c.offeringID, "state": c.state.rawValue, "quantity": c.quantity,
         "engagementEnd": c.engagementMonths == 0 ? "sans engagement" : date(c.engagementEnd), "activatedOn": date(c.activatedOn), "engagementMonths": c.engagementMonths]
    }

    static func invoice(_ v: BillingService.InvoiceView, base: String) -> [String: Any] {
        let i = v.invoice
        return ["id": i.id, "number": i.number, "period": i.period?.description ?? "—", "issued": date(i.issueDate), "total": euros(i.totals.includingTax),
                "remaining": euros(v.remaining), "state": v.state.rawValue, "href": "\(base)/factures/\(i.id)"]
    }

    /// A rated record as the detailed invoice lists it: local time, number, destination, duration, amount ("inclus" at 0).
    static func call(_ r: RatedUsage, zone: ZoneRules?) -> [String: Any] {
        let at = zone.map { $0.local(r.start) }
        let quantity = r.kind == .voice ? "\(r.quantity / 60) min \(r.quantity % 60 < 10 ? "0" : "")\(r.quantity % 60) s" : "\(r.quantity)"
        return ["at": at.map { "\(date($0.date)) \(String($0.iso.suffix(8)))" } ?? r.start.description, "line": r.line, "called": r.called,
                "destination": r.destinationName, "quantity": quantity, "amount": r.included ? "inclus" : euros(r.amount)]
    }

    static let ticketStatus: [TicketStatus: String] = [
        .acknowledged: "Enregistré", .inProgress: "En cours de traitement", .pending: "En attente de votre réponse",
        .resolved: "Résolu", .closed: "Clos",
    ]

    /// - Parameter staff: the operator's side reads "waiting for the reporter" where the reporter reads "your answer".
    static func ticket(_ t: Ticket, sla: [SLAClock], zone: ZoneRules?, base: String, staff: Bool = false) -> [String: Any] {
        let filed = zone.map { $0.local(t.filedAt).description } ?? t.filedAt.description
        let status = staff && t.status == .pending ? "En attente du demandeur" : ticketStatus[t.status] ?? t.status.rawValue
        return ["reference": t.reference, "subject": t.filing.subject, "status": status,
                "open": t.status.isOpen, "pending": t.status == .pending, "filed": filed, "family": t.filing.family.rawValue,
                "owner": t.filing.owner, "href": "\(base)/tickets/\(t.reference)",
                "sla": sla.map { c in ["target": c.target.rawValue, "state": c.state.rawValue, "due": c.dueAtLocal ?? "—",
                                       "late": c.state == .breached] as [String: Any] }]
    }

    /// A horizontal bar chart, in SVG, of each line's minutes (included and beyond) and of each
    /// site's pool: readable without script, with a text alternative.
    static func consumptionChart(_ s: ConsumptionSummary) -> String {
        var bars: [(label: String, used: Int, limit: Int?)] = s.sites.map { ("Site \($0.site) (forfait mutualisé)", $0.pooledSeconds / 60, $0.allowanceSeconds / 60) }
        bars += s.lines.map { ("Ligne \($0.line)", $0.voiceSeconds / 60, nil) }
        guard !bars.isEmpty else { return "" }
        let scale = max(1, bars.map { max($0.used, $0.limit ?? 0) }.max() ?? 1)
        let rowHeight = 34, width = 320, labelWidth = 0
        var svg = "<svg role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 \(width + 120) \(bars.count * rowHeight + 10)\" width=\"100%\" class=\"chart\">"
        svg += "<title id=\"chart-title\">Minutes consommées ce mois-ci</title>"
        for (i, b) in bars.enumerated() {
            let y = i * rowHeight + 4
            let w = max(1, b.used * width / scale)
            svg += "<text x=\"0\" y=\"\(y + 10)\" font-size=\"11\">\(Markup.escape(b.label))</text>"
            if let limit = b.limit {
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 14)\" width=\"\(limit * width / scale)\" height=\"12\" fill=\"#e3e7ee\" stroke=\"#3b4a63\"/>"
            }
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 14)\" width=\"\(w)\" height=\"12\" fill=\"#1f5fa8\"/>"
            let text = b.limit.map { "\(b.used) / \($0) min" } ?? "\(b.used) min"
            svg += "<text x=\"\(min(w, width) + 6)\" y=\"\(y + 24)\" font-size=\"11\">\(text)</text>"
        }
        return svg + "</svg>"
    }

    static func consumption(_ s: ConsumptionSummary) -> [String: Any] {
        ["period": s.period, "hasSites": !s.sites.isEmpty, "outOfBundle": euros(s.outOfBundle), "chart": consumptionChart(s),
         "lines": s.lines.map { l in
             ["line": l.line, "site": l.site ?? "—", "calls": l.calls, "minutes": l.voiceSeconds / 60, "included": l.includedSeconds / 60,
              "messages": l.messages, "outOfBundle": euros(l.outOfBundle)] as [String: Any]
         },
         // 003 CS-FB 3: « le Client a en outre la faculté de consulter à tout moment le solde de son compte prépayé ».
         "hasCredits": s.lines.contains { $0.credit != nil },
         "credits": s.lines.compactMap { l in
             l.credit.map { ["line": l.line, "monthly": euros($0.monthlyLeft), "carried": euros($0.carriedLeft), "recharge": euros($0.rechargeLeft),
                             "balance": euros($0.balance)] }
         },
         "sites": s.sites.map { t in
             ["site": t.site, "users": t.users, "allowance": t.allowanceSeconds / 60, "used": t.pooledSeconds / 60,
              "remaining": max(0, t.remainingSeconds) / 60, "overage": euros(t.overageAmount), "source": t.source] as [String: Any]
         }]
    }
}
