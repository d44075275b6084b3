import GuichetCore

/// The invoice as a page: one column on a phone, an A4 sheet when printed; every legal mention
/// of the document, amounts in French notation.
package enum InvoiceHTML {
    package static func render(_ v: BillingService.InvoiceView) -> String {
        let i = v.invoice
        let title = (i.kind == .invoice ? "Facture" : "Avoir") + " " + i.number
        let seller = i.seller
        let rows = i.lines.enumerated().map { n, l in
            "<tr><td>\(escape(l.label))\(l.from.map { f in l.to.map { t in f == t ? "<br><small>\(f.frenchDate)</small>" : "<br><small>du \(f.frenchDate) au \(t.frenchDate)</small>" } ?? "" } ?? "")</td>"
                + "<td class=n>\(l.quantity)</td><td class=n>\(euros(l.unitPrice))</td><td class=n>\(euros(l.amount)) \(l.taxIncluded ? "TTC" : "HT")</td>"
                + "<td class=n>\(euros(i.totals.netAmounts[n]))</td></tr>"
        }.joined(separator: "\n")
        let buyer = i.buyer
        let address = buyer.address.map { "\(escape($0.line1))<br>\($0.line2.map { escape($0) + "<br>" } ?? "")\(escape($0.postcode)) \(escape($0.city))" } ?? ""
        let sample = seller.sample ? "<p class=sample>Identité de l'émetteur : valeurs d'exemple (configuration).</p>" : ""
        return """
            <!doctype html><html lang=fr><head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1rem;max-width:50rem;color:#111}
            header,section{margin-bottom:1rem} .parties{display:flex;flex-wrap:wrap;gap:1rem} .parties>div{flex:1 1 15rem}
            table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}
            .n{text-align:right;white-space:nowrap} .totals td{font-weight:bold} .sample{color:#a00} small{color:#555}
            @media (max-width:40rem){td:nth-child(2),th:nth-child(2),td:nth-child(3),th:nth-child(3){display:none}}
            @media print{@page{size:A4;margin:15mm} body{margin:0;max-width:none} .sample{color:#000}}
            </style></head><body>
            <header><h1>\(escape(title))</h1>
            <p>Date : \(i.issueDate.frenchDate)\(i.period.map { " — période : \(BillingPeriodText.french($0))" } ?? "")\(i.corrects.map { " — rectifie la facture \(escape($0))" } ?? "")</p>
            <p>État : \(v.state.rawValue)</p></header>
            <section class=parties>
            <div><h2>Émetteur</h2><p>\(escape(seller.name))<br>\(escape(seller.legalForm))<br>\(escape(seller.address.line1))<br>\(escape(seller.address.postcode)) \(escape(seller.address.city))<br>
            SIREN \(escape(seller.siren)) — \(escape(seller.rcs))<br>TVA intracommunautaire \(escape(seller.vatID))</p>\(sample)</div>
            <div><h2>Client</h2><p>\(escape(buyer.name))<br>\(address)<br>N° client \(escape(buyer.customerNumber)) — compte \(escape(buyer.account))</p></div>
            </section>
            <section><table><thead><tr><th>Désignation</th><th class=n>Qté</th><th class=n>P.U.</th><th class=n>Montant</th><th class=n>HT</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></section>
            <section><table class=totals>
            <tr><td>Total HT</td><td class=n>\(euros(i.totals.excludingTax))</td></tr>
            <tr><td>TVA \(escape(i.totals.rate.description)) (zone \(escape(i.totals.zoneID)))</td><td class=n>\(euros(i.totals.tax))</td></tr>
            <tr><td>Total TTC</td><td class=n>\(euros(i.totals.includingTax))</td></tr>
            <tr><td>Déjà réglé</td><td class=n>\(euros(v.paid + v.credited))</td></tr>
            <tr><td>Reste à payer</td><td class=n>\(euros(v.remaining))</td></tr>
            </table></section>
            <section><ul>\(i.mentions.map { "<li>\(escape($0))</li>" }.joined())</ul></section>
            </body></html>
            """
    }

    /// "1 234,50 €".
    package static func euros(_ m: Money) -> String {
        let cents = m.rounded(to: .cent, .halfUp).units / 100
        let whole = String(cents.magnitude / 100)
        var grouped = ""
        for (n, ch) in whole.reversed().enumerated() {
            if n > 0 && n % 3 == 0 { grouped.insert("\u{202F}", at: grouped.startIndex) }
            grouped.insert(ch, at: grouped.startIndex)
        }
        let c = cents.magnitude % 100
        return "\(cents < 0 ? "-" : "")\(grouped),\(c < 10 ? "0" : "")\(c)\u{00A0}€"
    }

    package static func escape(_ s: String) -> String { Markup.escape(s) }
}

package enum BillingPeriodText {
    package static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    package static func french(_ p: BillingPeriod) -> String { "\(months[p.month - 1]) \(p.year)" }
}
