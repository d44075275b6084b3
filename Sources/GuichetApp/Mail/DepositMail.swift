import GuichetCore
import GuichetMail

extension MailTemplates {
    /// 001 CG 3, 003 CG 9: the deposit paid back, with what was kept against sums still due.
    package static func depositRefunded(_ c: Contract, refunded: Money, kept: Money, on day: LocalDate, to: [String]) -> OutgoingMail {
        let deduction = kept > .zero ? "\n\(kept) € ont été conservés en déduction des sommes restant dues sur vos factures." : ""
        return OutgoingMail(to: to, subject: "Remboursement de votre dépôt de garantie (contrat \(c.id))", body: """
            Bonjour,

            Le \(day.frenchDate), nous vous remboursons \(refunded) € au titre du dépôt de garantie de votre contrat \(c.id), par
            virement (ou par chèque si nous n'avons pas vos coordonnées bancaires). La somme déposée ne porte pas intérêt.\(deduction)
            """)
    }

    /// 001 CG 6.3: the decoder's deposit paid back after its return.
    package static func decoderDepositRefunded(_ c: Contract, amount: Money, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Remboursement du dépôt de garantie de votre décodeur (contrat \(c.id))", body: """
            Bonjour,

            Votre décodeur nous est revenu complet et en bon état. Le \(day.frenchDate), nous vous remboursons les \(amount) € de
            son dépôt de garantie, par virement (ou par chèque si nous n'avons pas vos coordonnées bancaires) — conditions
            générales, article 6.3.
            """)
    }
}
