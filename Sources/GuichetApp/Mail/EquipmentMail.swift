import GuichetCore
import GuichetMail

/// 001 CG 6.3: the formal notice to return a Livebox's equipment, and the confirmation of its return.
extension MailTemplates {
    package static func equipmentNotice(_ c: Contract, items: [EquipmentReturn.Kind], on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Mise en demeure de restituer vos équipements (contrat \(c.id))", body: """
            Bonjour,

            Votre contrat \(c.id) a pris fin le \((c.history.last?.on ?? day).frenchDate). Les équipements mis à disposition
            (\(ContractService.frenchItems(items))) ne nous sont pas parvenus dans le délai prévu.

            Nous vous mettons en demeure de les restituer, complets et en bon état de fonctionnement. Sans restitution dans
            les sept jours suivant la présentation de ce courrier, vous serez redevable de 100 € par Livebox et de 200 € par
            décodeur (conditions générales, article 6.3).

            Mise en demeure envoyée le \(day.frenchDate).
            """, receiptRequested: true)
    }

    package static func equipmentReturned(_ c: Contract, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Restitution de vos équipements (contrat \(c.id))", body: """
            Bonjour,

            Nous avons bien reçu le \(day.frenchDate) les équipements de votre contrat \(c.id). Ce message atteste de leur
            restitution effective (conditions générales, article 6.3).
            """)
    }
}
