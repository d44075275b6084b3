import GuichetCore
import GuichetMail

extension MailTemplates {
    /// 003 CS-FB 4: « Un échéancier annuel est adressé au Client ayant souscrit à un forfait bloqué, ledit échéancier
    /// précisant la redevance d'abonnement mensuelle due, le montant mensuel des options et les réductions éventuelles. »
    package static func paymentSchedule(_ c: Contract, months: [(month: String, fee: Money)], to: [String]) -> OutgoingMail {
        let rows = months.map { "  \($0.month) : \(InvoiceHTML.euros($0.fee)) TTC" }.joined(separator: "\n")
        return OutgoingMail(to: to, subject: "Échéancier annuel de votre forfait bloqué (contrat \(c.id))", body: """
            Bonjour,

            Voici l'échéancier des douze prochains mois de votre forfait bloqué (conditions spécifiques, article 4) :

            \(rows)

            Options : aucune. Réductions : aucune.
            Chaque mensualité est le crédit de communication de votre forfait bloqué ; vos recharges s'y ajoutent.
            """)
    }
}
