import GuichetCore
import GuichetMail

extension MailTemplates {
    /// 003 CG 5: the failure reported is not resolved by its day; the customer keeps « sa faculté de résilier le Contrat ».
    package static func activationFailureLapsed(_ c: Contract, _ f: ActivationFailure, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Mise en service de votre ligne : vous pouvez résilier (contrat \(c.id))", body: """
            Bonjour,

            Vous nous avez signalé le \(f.reportedOn.frenchDate) l'échec de la mise en service de votre ligne. Il n'a pas été
            résolu au \(f.resolveBy.frenchDate). Vous pouvez résilier votre contrat : nous vous rembourserons alors la totalité
            des sommes versées au plus tard trente jours après votre demande (conditions générales, article 5).
            """)
    }

    /// 003 CG 5: « Orange effectue ce remboursement par virement ou à défaut par chèque ».
    package static func activationFailureRefunded(_ c: Contract, amount: Money, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Remboursement après résiliation de votre contrat \(c.id)", body: """
            Bonjour,

            Suite à la résiliation de votre contrat pour l'échec de sa mise en service, nous vous remboursons le \(day.frenchDate)
            la totalité des sommes versées, \(InvoiceHTML.euros(amount)), par virement ou à défaut par chèque (conditions
            générales, article 5).
            """)
    }
}
