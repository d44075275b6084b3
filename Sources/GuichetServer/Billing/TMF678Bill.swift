import Foundation
import GuichetApp
import GuichetCore

/// TMF678 `CustomerBill` and `AppliedCustomerBillingRate` views of an issued invoice.
struct TMF678Bill: Encodable, Sendable {
    struct Period: Encodable, Sendable { let startDateTime: String; let endDateTime: String }
    struct TaxItem: Encodable, Sendable { let taxCategory: String; let taxRate: Decimal; let taxAmount: TMFAmount }
    struct Ref: Encodable, Sendable {
        let id: String
        let href: String?
        let role: String?
        let name: String?
        enum CodingKeys: String, CodingKey { case id, href, role, name, type = "@referredType" }
        let type: String
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encodeIfPresent(href, forKey: .href); try c.encodeIfPresent(role, forKey: .role)
            try c.encodeIfPresent(name, forKey: .name); try c.encode(type, forKey: .type)
        }
    }
    struct Document: Encodable, Sendable { let href: String; let mimeType: String; let name: String }

    let id: String
    let href: String
    let billNo: String
    let category: String
    let billDate: String
    let paymentDueDate: String
    let billingPeriod: Period?
    let state: String
    let amountDue: TMFAmount
    let remainingAmount: TMFAmount
    let taxExcludedAmount: TMFAmount
    let taxIncludedAmount: TMFAmount
    let taxItem: [TaxItem]
    let billingAccount: Ref
    let relatedParty: [Ref]
    let billDocument: [Document]
    let type = "CustomerBill"

    enum CodingKeys: String, CodingKey {
        case id, href, billNo, category, billDate, paymentDueDate, billingPeriod, state, amountDue, remainingAmount, taxExcludedAmount,
             taxIncludedAmount, taxItem, billingAccount, relatedParty, billDocument, type = "@type"
    }

    static let base = "/tmf-api/customerBillManagement/v4"

    init(_ v: BillingService.InvoiceView) {
        let i = v.invoice
        id = i.id; href = "\(Self.base)/customerBill/\(i.id)"; billNo = i.number
        category = i.kind == .invoice ? "normal" : "creditNote"
        billDate = "\(i.issueDate)T00:00:00Z"; paymentDueDate = "\(i.dueDate)T00:00:00Z"
        billingPeriod = i.period.map { Period(startDateTime: "\($0.first)T00:00:00Z", endDateTime: "\($0.last)T23:59:59Z") }
        state = v.state.tmf
        amountDue = TMFAmount(i.totals.includingTax); remainingAmount = TMFAmount(v.remaining.rounded(to: .cent, .halfUp))
        taxExcludedAmount = TMFAmount(i.totals.excludingTax); taxIncludedAmount = TMFAmount(i.totals.includingTax)
        taxItem = [TaxItem(taxCategory: "VAT \(i.totals.zoneID)", taxRate: Decimal(i.totals.rate.hundredthsOfPercent) / 10_000, taxAmount: TMFAmount(i.totals.tax))]
        billingAccount = Ref(id: i.buyer.account, href: nil, role: nil, name: i.buyer.name, type: "BillingAccount")
        relatedParty = [Ref(id: i.buyer.customerID, href: nil, role: "customer", name: i.buyer.name, type: "Customer")]
        billDocument = [Document(href: "/api/v1/invoices/\(i.id)/html", mimeType: "text/html", name: "\(i.number).html")]
            + (i.buyer.kind == .business ? [Document(href: "/api/v1/invoices/\(i.id)/facturx.xml", mimeType: "application/xml", name: "\(i.number).xml")] : [])
    }
}

struct TMF678Rate: Encodable, Sendable {
    let id: String
    let href: String
    let name: String
    let type: String
    let date: String
    let isBilled = true
    let bill: TMF678Bill.Ref
    let periodCoverage: TMF678Bill.Period?
    let taxExcludedAmount: TMFAmount
    let taxIncludedAmount: TMFAmount?
    let explanation: Explanation

    enum CodingKeys: String, CodingKey {
        case id, href, name, type, date, isBilled, bill, periodCoverage, taxExcludedAmount, taxIncludedAmount, explanation, atType = "@type"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(href, forKey: .href); try c.encode(name, forKey: .name); try c.encode(type, forKey: .type)
        try c.encode(date, forKey: .date); try c.encode(isBilled, forKey: .isBilled); try c.encode(bill, forKey: .bill)
        try c.encodeIfPresent(periodCoverage, forKey: .periodCoverage); try c.encode(taxExcludedAmount, forKey: .taxExcludedAmount)
        try c.encodeIfPresent(taxIncludedAmount, forKey: .taxIncludedAmount); try c.encode(explanation, forKey: .explanation)
        try c.encode("AppliedCustomerBillingRate", forKey: .atType)
    }

    static func rates(_ i: Invoice) -> [TMF678Rate] {
        i.lines.enumerated().map { n, l in
            TMF678Rate(id: "\(i.id)-\(n + 1)", href: "\(TMF678Bill.base)/appliedCustomerBillingRate/\(i.id)-\(n + 1)", name: l.label,
                       type: l.category.rawValue, date: "\(i.issueDate)T00:00:00Z",
                       bill: TMF678Bill.Ref(id: i.id, href: "\(TMF678Bill.base)/customerBill/\(i.id)", role: nil, name: i.number, type: "CustomerBill"),
                       periodCoverage: l.from.flatMap { f in l.to.map { TMF678Bill.Period(startDateTime: "\(f)T00:00:00Z", endDateTime: "\($0)T23:59:59Z") } },
                       taxExcludedAmount: TMFAmount(i.totals.netAmounts[n]),
                       taxIncludedAmount: l.taxIncluded ? TMFAmount(l.amount) : nil, explanation: l.explanation)
        }
    }
}
