/// The late-payment surcharge billed (001 CG 10.2, 003 CG 7; D-RUN-19). It compensates a delay and pays for no supply, so
/// it is outside VAT's scope (CGI art. 256; BOI-TVA-BASE-10-10-10); EN 16931 lets no invoice mix that category with a
/// taxed one (BR-O-11 to 14), so each amount is an invoice of its own, which names the late invoice.
extension Invoice {
    /// `amount`: what accrued since the surcharge last billed for `late`; `explanation`: the computation of the whole.
    public static func surcharge(id: String, of late: Invoice, amount: Money, explanation: Explanation, issuedOn day: LocalDate,
                                 zone: TaxZone) -> Invoice {
        let periods = explanation.inputs["periods"].map { " (\($0) période(s) de 15 jours)" } ?? ""
        let line = InvoiceLine(label: "Majoration pour retard de paiement de la facture \(late.number)\(periods)", amount: amount,
                               taxIncluded: false, explanation: explanation)
        return Invoice(id: id, kind: .invoice, number: "", issueDate: day, period: nil, seller: late.seller, buyer: late.buyer, lines: [line],
                       zone: surchargeZone(zone), surchargeOf: late.number)
    }

    /// The customer's zone, VAT not applying: the invoice says why instead of a rate.
    public static func surchargeZone(_ zone: TaxZone) -> TaxZone {
        TaxZone(id: zone.id, name: zone.name, treatment: .notApplicable(mention: surchargeMention), source: "D-RUN-19")
    }

    public static let surchargeMention = "Majoration hors du champ d'application de la TVA : indemnité de retard, sans contrepartie d'une prestation (CGI art. 256)."
}
