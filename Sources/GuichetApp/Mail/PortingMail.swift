import GuichetCore
import GuichetMail

/// 001 Annexe 3 art. 3.2: « Lorsque Orange a confirmé l'éligibilité de la demande de Portabilité à l'Opérateur receveur, le
/// Client en est informé » — with what the porting does (art. 3.3) and what it forbids until then (art. 3.4).
extension MailTemplates {
    package static func portOutConfirmed(_ c: Contract, portingOn day: LocalDate, withinWithdrawal: Bool, to: [String]) -> OutgoingMail {
        let engagement = withinWithdrawal
            ? "Le portage intervenant pendant le délai de rétractation, seul le service fourni jusqu'au portage vous sera facturé ; les équipements sont à restituer dans les quatorze jours suivant le portage."
            : "Les dispositions relatives à la durée d'engagement de votre contrat restent applicables."
        return OutgoingMail(to: to, subject: "Portabilité de votre numéro confirmée (contrat \(c.id))", body: """
            Bonjour,

            Nous avons confirmé à votre nouvel opérateur l'éligibilité de votre demande de portabilité du numéro fixe de votre
            contrat \(c.id). Le portage aura lieu le \(day.frenchDate) ; il entraîne la résiliation de votre contrat à cette date.
            \(engagement)

            Jusqu'au portage, aucun changement d'offre n'est possible pour ce numéro ; l'ajout ou le retrait d'une option reste
            possible avec effet immédiat (annexe 3, articles 3.2 à 3.4).
            """)
    }
}
