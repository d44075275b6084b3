import GuichetCore
import GuichetMail

/// The notices of dunning (`BillingService.runDunning`): the reminder before a suspension (001 CG 17, 003 CG 15) and the
/// formal notice before a termination (001 CG 18.2, 003 CG 16.1), each sent the day the run takes the step.
extension MailTemplates {
    package static func paymentReminder(_ i: Invoice, remaining: Money, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Relance : facture \(i.number) impayée", body: """
            Bonjour \(i.buyer.name),

            Sauf erreur de notre part, la facture \(i.number) du \(i.issueDate.frenchDate), échue le \(i.dueDate.frenchDate), reste impayée :
            \(remaining) € TTC restent dus (numéro client \(i.buyer.customerNumber)).

            Merci de régler cette somme au plus vite. Sans paiement, le service pourra être suspendu ; l'abonnement reste dû pendant la suspension.

            Relance envoyée le \(day.frenchDate).
            """)
    }

    package static func formalNotice(_ i: Invoice, remaining: Money, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Mise en demeure de payer la facture \(i.number)", body: """
            Bonjour \(i.buyer.name),

            Malgré notre relance, la facture \(i.number) du \(i.issueDate.frenchDate), échue le \(i.dueDate.frenchDate), reste impayée :
            \(remaining) € TTC restent dus (numéro client \(i.buyer.customerNumber)).

            Nous vous mettons en demeure de régler cette somme. Restée sans effet, la présente mise en demeure entraînera la résiliation
            du contrat, et des pénalités de retard s'appliquent (trois fois le taux de l'intérêt légal).

            Mise en demeure envoyée le \(day.frenchDate).
            """, receiptRequested: true)
    }
}
