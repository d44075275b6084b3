import GuichetCore
import GuichetMail

extension MailTemplates {
    /// 001 CG 10.4, 003 CG 8: what was left of the advance on consumption paid back after the last invoice.
    package static func advanceRefunded(_ c: Contract, refunded: Money, kept: Money, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Remboursement de votre avance sur consommation (contrat \(c.id))", body: """
            Bonjour,

            Votre dernière facture est réglée. Le \(day.frenchDate), nous vous remboursons \(refunded) € au titre de l'avance sur
            consommation de votre contrat \(c.id), par virement (ou par chèque si nous n'avons pas vos coordonnées bancaires).
            \(kept) € de cette avance sont venus en déduction de vos factures.
            """)
    }
}
