/// The Factur-X XML (UN/CEFACT CII D16B, EN 16931 profile) of an invoice or credit note, for
/// business customers (France's e-invoicing obligation). Amounts are HT per line (`netAmounts`),
/// VAT per rate in the header; element order follows the CII schema's sequences.
public enum FacturX {
    public static let guideline = "urn:cen.eu:en16931:2017"

    public static func xml(_ invoice: Invoice, zone: TaxZone) -> String {
        var x = XMLText()
        x.raw(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        x.open("rsm:CrossIndustryInvoice", attributes: #" xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100""#)
        x.open("rsm:ExchangedDocumentContext")
        x.open("ram:GuidelineSpecifiedDocumentContextParameter"); x.leaf("ram:ID", guideline); x.close()
        x.close()
        x.open("rsm:ExchangedDocument")
        x.leaf("ram:ID", invoice.number)
        // UNTDID 1001: 380 commercial invoice, 381 credit note.
        x.leaf("ram:TypeCode", invoice.kind == .invoice ? "380" : "381")
        x.open("ram:IssueDateTime"); x.leaf("udt:DateTimeString", date(invoice.issueDate), attributes: #" format="102""#); x.close()
        for mention in invoice.mentions { x.open("ram:IncludedNote"); x.leaf("ram:Content", mention); x.close() }
        x.close()
        x.open("rsm:SupplyChainTradeTransaction")
        let category = taxCategory(zone)
        for (i, line) in invoice.lines.enumerated() {
            let net = invoice.totals.netAmounts[i]
            x.open("ram:IncludedSupplyChainTradeLineItem")
            x.open("ram:AssociatedDocumentLineDocument"); x.leaf("ram:LineID", "\(i + 1)"); x.close()
            x.open("ram:SpecifiedTradeProduct"); x.leaf("ram:Name", line.label); x.close()
            x.open("ram:SpecifiedLineTradeAgreement")
            // The net unit price is never negative (BR-27): a credit is a negative quantity.
            x.open("ram:NetPriceProductTradePrice"); x.leaf("ram:ChargeAmount", amount(Money(units: abs(unitNet(net, quantity: line.quantity).units)))); x.close()
            x.close()
            x.open("ram:SpecifiedLineTradeDelivery")
            x.leaf("ram:BilledQuantity", "\(net < .zero ? -line.quantity : line.quantity)", attributes: #" unitCode="C62""#)
            x.close()
            x.open("ram:SpecifiedLineTradeSettlement")
            tradeTax(&x, category: category, zone: zone, basis: nil, tax: nil)
            if let from = line.from, let to = line.to {
                x.open("ram:BillingSpecifiedPeriod")
                x.open("ram:StartDateTime"); x.leaf("udt:DateTimeString", date(from), attributes: #" format="102""#); x.close()
                x.open("ram:EndDateTime"); x.leaf("udt:DateTimeString", date(to), attributes: #" format="102""#); x.close()
                x.close()
            }
            x.open("ram:SpecifiedTradeSettlementLineMonetarySummation"); x.leaf("ram:LineTotalAmount", amount(net)); x.close()
            x.close()
            x.close()
        }
        x.open("ram:ApplicableHeaderTradeAgreement")
        x.leaf("ram:BuyerReference", invoice.buyer.customerNumber)
        party(&x, "ram:SellerTradeParty", name: invoice.seller.name, siren: invoice.seller.siren, address: invoice.seller.address,
              vatID: category == "O" ? nil : invoice.seller.vatID)
        party(&x, "ram:BuyerTradeParty", name: invoice.buyer.name, siren: invoice.buyer.siren, address: invoice.buyer.address, vatID: invoice.buyer.vatID)
        x.close()
        x.open("ram:ApplicableHeaderTradeDelivery"); x.close()
        x.open("ram:ApplicableHeaderTradeSettlement")
        x.leaf("ram:InvoiceCurrencyCode", invoice.currency)
        tradeTax(&x, category: category, zone: zone, basis: invoice.totals.excludingTax, tax: invoice.totals.tax)
        if let period = invoice.period {
            x.open("ram:BillingSpecifiedPeriod")
            x.open("ram:StartDateTime"); x.leaf("udt:DateTimeString", date(period.first), attributes: #" format="102""#); x.close()
            x.open("ram:EndDateTime"); x.leaf("udt:DateTimeString", date(period.last), attributes: #" format="102""#); x.close()
            x.close()
        }
        x.open("ram:SpecifiedTradePaymentTerms")
        x.open("ram:DueDateDateTime"); x.leaf("udt:DateTimeString", date(invoice.dueDate), attributes: #" format="102""#); x.close()
        x.close()
        x.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
        let lineTotal = invoice.totals.netAmounts.reduce(Money.zero, +)
        x.leaf("ram:LineTotalAmount", amount(lineTotal))
        x.leaf("ram:TaxBasisTotalAmount", amount(invoice.totals.excludingTax))
        x.leaf("ram:TaxTotalAmount", amount(invoice.totals.tax), attributes: " currencyID=\"\(invoice.currency)\"")
        x.leaf("ram:GrandTotalAmount", amount(invoice.totals.includingTax))
        x.leaf("ram:DuePayableAmount", amount(invoice.totals.includingTax))
        x.close()
        if let corrected = invoice.corrects {
            x.open("ram:InvoiceReferencedDocument"); x.leaf("ram:IssuerAssignedID", corrected); x.close()
        }
        x.close()
        x.close()
        x.close()
        return x.text
    }

    /// UNTDID 5305: S standard rate, Z zero rated, O outside the scope of VAT (Mayotte, art. 294 CGI).
    static func taxCategory(_ zone: TaxZone) -> String {
        switch zone.treatment {
        case .notApplicable: "O"
        case .vat(let rate): rate.hundredthsOfPercent == 0 ? "Z" : "S"
        }
    }

    static func tradeTax(_ x: inout XMLText, category: String, zone: TaxZone, basis: Money?, tax: Money?) {
        x.open("ram:ApplicableTradeTax")
        if let tax { x.leaf("ram:CalculatedAmount", amount(tax)) }
        x.leaf("ram:TypeCode", "VAT")
        if basis != nil, case .notApplicable(let mention) = zone.treatment { x.leaf("ram:ExemptionReason", mention) }
        if let basis { x.leaf("ram:BasisAmount", amount(basis)) }
        x.leaf("ram:CategoryCode", category)
        if category != "O" { x.leaf("ram:RateApplicablePercent", percent(zone.effectiveRate)) }
        x.close()
    }

    static func party(_ x: inout XMLText, _ element: String, name: String, siren: String?, address: Address?, vatID: String?) {
        x.open(element)
        x.leaf("ram:Name", name)
        if let siren {
            // ISO 6523 ICD 0002: SIRENE.
            x.open("ram:SpecifiedLegalOrganization"); x.leaf("ram:ID", siren, attributes: #" schemeID="0002""#); x.close()
        }
        x.open("ram:PostalTradeAddress")
        if let address {
            x.leaf("ram:PostcodeCode", address.postcode)
            x.leaf("ram:LineOne", address.line1)
            if let l2 = address.line2 { x.leaf("ram:LineTwo", l2) }
            x.leaf("ram:CityName", address.city)
        }
        // The overseas departments are France for VAT identification and addresses on invoices.
        x.leaf("ram:CountryID", "FR")
        x.close()
        if let vatID { x.open("ram:SpecifiedTaxRegistration"); x.leaf("ram:ID", vatID, attributes: #" schemeID="VA""#); x.close() }
        x.close()
    }

    static func unitNet(_ net: Money, quantity: Int) -> Money {
        net.multiplied(by: 1, dividedBy: Int64(max(1, quantity)), roundedTo: .cent, .halfUp)
    }

    static func date(_ d: LocalDate) -> String {
        let (y, m, day) = d.components
        return "\(y)\(m < 10 ? "0" : "")\(m)\(day < 10 ? "0" : "")\(day)"
    }

    /// Two decimals, as CII amounts are written ("1234.50", "-3.20").
    static func amount(_ m: Money) -> String {
        let cents = m.rounded(to: .cent, .halfUp).units / 100
        let sign = cents < 0 ? "-" : ""
        let c = cents.magnitude
        return "\(sign)\(c / 100).\(c % 100 < 10 ? "0" : "")\(c % 100)"
    }

    static func percent(_ r: VATRate) -> String {
        let h = r.hundredthsOfPercent
        return "\(h / 100).\(h % 100 < 10 ? "0" : "")\(h % 100)"
    }
}

/// A minimal XML writer: escaped text, indented elements, closed in order.
struct XMLText {
    private(set) var text = ""
    private var stack: [String] = []

    mutating func raw(_ s: String) { text += s + "\n" }
    mutating func open(_ name: String, attributes: String = "") {
        text += String(repeating: "  ", count: stack.count) + "<\(name)\(attributes)>\n"
        stack.append(name)
    }
    mutating func close() {
        let name = stack.removeLast()
        text += String(repeating: "  ", count: stack.count) + "</\(name)>\n"
    }
    mutating func leaf(_ name: String, _ value: String, attributes: String = "") {
        text += String(repeating: "  ", count: stack.count) + "<\(name)\(attributes)>\(Markup.escape(value))</\(name)>\n"
    }
}

/// Text made safe inside XML or HTML elements and attribute values: the invoice's XML and its page.
public enum Markup {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

