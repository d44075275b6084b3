import Foundation
import GuichetCore
import GuichetMail
import GuichetStore

/// 001 CG 10.1: « Le Client recevra chaque mois une notification de mise à disposition de sa facture sur son adresse électronique
/// de contact »;
/// the same notice for every customer with an e-mail address (D-BILL-11), and to the third-party payer who receives the
/// invoices (001 CG 10.3, D-BILL-14).
extension MailTemplates {
    package static func invoiceAvailable(_ i: Invoice, number: String, to: [String]) -> OutgoingMail {
        let period = i.period.map { " de \(BillingPeriodText.french($0))" } ?? ""
        return OutgoingMail(to: to, subject: "Votre facture\(period) est disponible", body: """
            Bonjour \(i.buyer.name),

            Votre facture \(number) du \(i.issueDate.frenchDate)\(period) est disponible dans votre Espace Client.
            Montant : \(InvoiceHTML.euros(i.totals.includingTax)) TTC, à régler au plus tard le \(i.dueDate.frenchDate).

            Numéro client : \(i.buyer.customerNumber).
            """)
    }
}

extension BillingService {
    /// The notice queued with `invoice` when it is issued, to `addresses`; none without one (the invoice is online all the same).
    /// Written and encoded here, where the invoice is drafted (on any core), with a mark where its number goes: the
    /// transaction that numbers the invoice, the bill run's one writer, only puts the number in.
    public static func availableNotice(_ invoice: Invoice, to addresses: [String], at now: Instant) throws -> (@Sendable (String) throws -> NewEvent)? {
        guard !addresses.isEmpty else { return nil }
        let template = String(decoding: try JSONEncoder().encode(MailTemplates.invoiceAvailable(invoice, number: numberMark, to: addresses)), as: UTF8.self)
        return { number in
            try NewEvent(stream: MailStream.outbox, type: MailStream.queuedType, payload: template.replacingOccurrences(of: numberMark, with: number),
                         recordedAt: now)
        }
    }

    /// Where the number goes: no customer's name or address can hold it.
    private static let numberMark = "#\(UUID().uuidString)#"
}
