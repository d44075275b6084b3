/// Invoice numbers: one gapless sequence per series (CGI art. 242 nonies A: "numéro unique basé sur
/// une séquence chronologique et continue"); a series per document kind and calendar year of issue
/// (D-BILL-5). The number is taken by the store in the transaction that writes the invoice.
public enum InvoiceNumbering {
    public static func series(_ kind: Invoice.Kind, issuedOn day: LocalDate) -> String {
        (kind == .invoice ? "FA" : "AV") + String(day.year)
    }

    public static func number(series: String, sequence: Int64) -> String {
        let digits = String(sequence)
        return "\(series)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }
}

/// An invoice's life after issue (TMF678 `state`): issued → sent → partially paid → settled; a
/// fully credited invoice is settled by its credit notes.
public enum InvoiceState: String, Sendable, Hashable, Codable, CaseIterable {
    case draft, issued, sent, partiallyPaid, settled

    /// TMF678 CustomerBill.state.
    public var tmf: String {
        switch self {
        case .draft: "new"
        case .issued: "validated"
        case .sent: "sent"
        case .partiallyPaid: "partiallyPaid"
        case .settled: "settled"
        }
    }

    public func canBecome(_ next: InvoiceState) -> Bool {
        switch (self, next) {
        case (.issued, .sent), (.issued, .partiallyPaid), (.issued, .settled), (.sent, .partiallyPaid), (.sent, .settled),
             (.partiallyPaid, .partiallyPaid), (.partiallyPaid, .settled): true
        default: false
        }
    }
}
