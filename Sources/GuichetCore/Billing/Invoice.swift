/// An invoice or a credit note as issued: immutable once numbered (corrections are credit notes
/// that reference it); its life after issue (sent, paid) is a separate, append-only history.
public struct Invoice: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable { case invoice, creditNote }

    public let id: String
    public let kind: Kind
    /// "FA2026-000001"; empty on a draft (dry run).
    public let number: String
    public let issueDate: LocalDate
    public let dueDate: LocalDate
    public let period: BillingPeriod?
    public let seller: Seller
    public let buyer: BilledParty
    public let lines: [InvoiceLine]
    public let totals: InvoiceTotals
    /// The number of the invoice a credit note corrects.
    public let corrects: String?
    /// The number of the invoice whose late payment this one charges the surcharge of (001 CG 10.2, 003 CG 7; D-RUN-19):
    /// out of VAT's scope, and not itself followed up by dunning.
    public let surchargeOf: String?
    public let currency: String
    /// The legal mentions printed on it (CGI art. 242 nonies A; C. com. L441-9, L441-10).
    public let mentions: [String]

    public init(id: String, kind: Kind, number: String, issueDate: LocalDate, period: BillingPeriod?, seller: Seller, buyer: BilledParty,
                lines: [InvoiceLine], zone: TaxZone, corrects: String? = nil, surchargeOf: String? = nil) {
        self.id = id; self.kind = kind; self.number = number; self.issueDate = issueDate
        dueDate = issueDate.adding(days: seller.paymentTermDays)
        self.period = period; self.seller = seller; self.buyer = buyer; self.lines = lines
        totals = InvoiceTotals(lines: lines, zone: zone)
        self.corrects = corrects; self.surchargeOf = surchargeOf
        currency = "EUR"
        mentions = Self.mentions(seller: seller, buyer: buyer, zone: zone, dueDate: dueDate)
    }

    /// The same invoice numbered: what the store writes in the transaction that takes the number.
    public func numbered(_ number: String) -> Invoice {
        Invoice(id: id, kind: kind, number: number, issueDate: issueDate, dueDate: dueDate, period: period, seller: seller, buyer: buyer,
                lines: lines, totals: totals, corrects: corrects, surchargeOf: surchargeOf, currency: currency, mentions: mentions)
    }

    private init(id: String, kind: Kind, number: String, issueDate: LocalDate, dueDate: LocalDate, period: BillingPeriod?, seller: Seller,
                 buyer: BilledParty, lines: [InvoiceLine], totals: InvoiceTotals, corrects: String?, surchargeOf: String?, currency: String,
                 mentions: [String]) {
        self.id = id; self.kind = kind; self.number = number; self.issueDate = issueDate; self.dueDate = dueDate; self.period = period
        self.seller = seller; self.buyer = buyer; self.lines = lines; self.totals = totals; self.corrects = corrects; self.surchargeOf = surchargeOf
        self.currency = currency; self.mentions = mentions
    }

    static func mentions(seller: Seller, buyer: BilledParty, zone: TaxZone, dueDate: LocalDate) -> [String] {
        var m = ["Date d'échéance : \(dueDate.frenchDate)", "Pas d'escompte pour paiement anticipé."]
        if case .notApplicable(let mention) = zone.treatment { m.append(mention) }
        m.append(seller.latePaymentMention)
        if buyer.kind == .business {
            // C. com. L441-10 II: the fixed recovery indemnity is owed by professionals only.
            m.append("Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € (C. com. art. L441-10 et D441-5).")
        }
        return m
    }
}

/// Who issues invoices: the operator's legal identity, configuration (`Data/seller.json`).
public struct Seller: Sendable, Hashable, Codable {
    public let name: String
    public let legalForm: String
    public let address: Address
    public let siren: String
    public let vatID: String
    public let rcs: String
    /// Days from the invoice date to its due date: the documents print "la date indiquée sur la
    /// facture" without a term (001 CG 10.2, 003 CG 7) — configuration (D-BILL-4).
    public let paymentTermDays: Int
    public let latePaymentMention: String
    /// True while the identity is the shipped sample, not the operator's.
    public let sample: Bool

    public init(name: String, legalForm: String, address: Address, siren: String, vatID: String, rcs: String, paymentTermDays: Int,
                latePaymentMention: String, sample: Bool) {
        self.name = name; self.legalForm = legalForm; self.address = address; self.siren = siren; self.vatID = vatID; self.rcs = rcs
        self.paymentTermDays = paymentTermDays; self.latePaymentMention = latePaymentMention; self.sample = sample
    }
}

/// The customer as the invoice names them.
public struct BilledParty: Sendable, Hashable, Codable {
    public let customerID: String
    public let customerNumber: String
    public let account: String
    public let name: String
    public let kind: PartyKind
    public let address: Address?
    public let siren: String?
    public let vatID: String?

    public init(customerID: String, customerNumber: String, account: String, name: String, kind: PartyKind, address: Address?,
                siren: String? = nil, vatID: String? = nil) {
        self.customerID = customerID; self.customerNumber = customerNumber; self.account = account; self.name = name; self.kind = kind
        self.address = address; self.siren = siren; self.vatID = vatID
    }
}

extension LocalDate {
    /// "17/05/2026", as French invoices print dates.
    public var frenchDate: String {
        let (y, m, d) = components
        return "\(d < 10 ? "0" : "")\(d)/\(m < 10 ? "0" : "")\(m)/\(y)"
    }
}
