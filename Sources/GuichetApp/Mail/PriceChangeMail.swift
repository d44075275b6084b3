import GuichetCore
import GuichetMail

extension MailTemplates {
    /// 003 CG 11.4: the notice of a price change a month before it applies, with the right to terminate it opens (D-CTR-23).
    package static func priceChange(_ c: Contract, _ p: PriceChange, to: [String]) -> OutgoingMail {
        let right = p.benefitsOnly ? "Cette baisse ne vous ouvre pas de droit de résiliation sans frais."
            : "Vous pouvez résilier votre contrat sans frais à compter de ce message et jusqu'au \(p.terminationWindowEnd.frenchDate) "
              + "(conditions générales, article 16.2.2 ; article L. 224-33 du code de la consommation)."
        return OutgoingMail(to: to, subject: "Évolution du prix de votre abonnement (contrat \(c.id))", body: """
            Bonjour,

            À compter du \(p.effectiveOn.frenchDate), votre abonnement mensuel passe de \(InvoiceHTML.euros(p.from)) à \(InvoiceHTML.euros(p.to)) TTC\
            \(p.ground == .regulatory ? ", du fait de l'évolution du taux de la taxe" : "") (conditions générales, article 11.4).
            \(right)
            """)
    }
}
