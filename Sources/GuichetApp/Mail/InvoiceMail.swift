import Foundation
import GuichetCore
import GuichetMail
import GuichetStore

/// 001 CG 10.1: « Le Client recevra chaque mois une notification de mise à disposition de sa facture sur son adresse électronique
/// de contact »;
/// the same notice for every customer with an e-mail address (D-BILL-11), and to the third-party payer who receives the
/// invoices (001 CG 10.3, D-BILL-14).
extension MailTemplates {
    /// 001 CG 10.1: the cover letter of a paper invoice, printed with it.
    package static func paperInvoice(_ i: Invoice, number: String) -> OutgoingMail {
        let period = i.period.map { " de \(BillingPeriodText.french($0))" } ?? ""
        return OutgoingMail(to: [], subject: "Votre facture\(period) (n° \(number))", body: """
            Bonjour \(i.buyer.name),

            Comme vous l'avez demandé, voici sur papier votre facture \(number) du \(i.issueDate.frenchDate)\(period), également
            disponible dans votre Espace Client. Montant : \(InvoiceHTML.euros(i.totals.includingTax)) TTC, à régler au plus tard le
            \(i.dueDate.frenchDate).

            Numéro client : \(i.buyer.customerNumber).
            """)
    }

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
    /// What is stored with `invoice` when it is issued: the notice to `addresses` (none without one: the invoice is online
    /// all the same), and, for a customer who asked for paper invoices, the letter staff print it with (CG 10.1, D-BILL-15). Written
    /// and encoded here, where the invoice is drafted (on any core), with a mark where its number goes: the transaction that
    /// numbers the invoice, the bill run's one writer, only puts the number in.
    /// `paper`: the customer who asked for paper invoices, and the day the letter is queued (today in their territory).
    public static func availableNotice(_ invoice: Invoice, to addresses: [String], paper: (customer: ContractService.Customer, on: LocalDate)? = nil,
                                       at now: Instant) throws -> (@Sendable (String) throws -> IssueNotices)? {
        let mail = addresses.isEmpty ? nil
            : String(decoding: try JSONEncoder().encode(MailTemplates.invoiceAvailable(invoice, number: numberMark, to: addresses)), as: UTF8.self)
        let letter = try paper.map { p in
            try StoredJSON.text(LetterRepository.letter(MailTemplates.paperInvoice(invoice, number: numberMark), to: p.customer, reference: "invoice \(numberMark)",
                                                        on: p.on, invoiceID: invoice.id))
        }
        guard mail != nil || letter != nil else { return nil }
        return { number in
            var events: [NewEvent] = [], rows: [StateRow] = []
            if let mail {
                events.append(try NewEvent(stream: MailStream.outbox, type: MailStream.queuedType, payload: mail.replacingOccurrences(of: numberMark, with: number),
                                           recordedAt: now))
            }
            if let letter {
                let body = letter.replacingOccurrences(of: numberMark, with: number)
                let l = try LetterRepository.decode(body)
                events.append(try NewEvent(stream: LetterRepository.stream(l.id), type: LetterRepository.queuedType, payload: body, recordedAt: now))
                rows.append(LetterRepository.row(l, body: body))
            }
            return IssueNotices(events: events, rows: rows)
        }
    }

    /// Where the number goes: no customer's name or address can hold it.
    private static let numberMark = "#\(UUID().uuidString)#"
}
