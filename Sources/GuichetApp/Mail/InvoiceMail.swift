import GuichetCore
import GuichetMail
import GuichetStore

/// 001 CG 10.1: « Le Client recevra chaque mois une notification de mise à disposition de sa facture sur son adresse électronique
/// de contact »;
/// the same notice for every customer with an e-mail address (D-BILL-11).
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
    /// The notice queued with `invoice` when it is issued; none without an e-mail address (the invoice is online all the same).
    public static func availableNotice(_ invoice: Invoice, to address: String?, at now: Instant) -> (@Sendable (String) throws -> NewEvent)? {
        guard let address else { return nil }
        return { number in try Outbox.event(MailTemplates.invoiceAvailable(invoice, number: number, to: [address]), at: now) }
    }
}
