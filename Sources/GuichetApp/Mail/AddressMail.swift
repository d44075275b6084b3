import GuichetCore
import GuichetMail

/// 001 CG 17: « Dans le cas où Orange est informée que le Client n'habite pas à l'adresse qu'il a indiquée, Orange envoie au
/// Client un courrier électronique lui demandant de mettre à jour ses coordonnées. »
extension MailTemplates {
    package static func addressUpdate(_ name: String, customerNumber: String, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Merci de mettre à jour vos coordonnées", body: """
            Bonjour \(name),

            Nous avons été informés que vous n'habitez plus à l'adresse que vous nous avez indiquée. Merci de mettre à jour vos
            coordonnées depuis votre Espace Client ou auprès du Service Clients (numéro client \(customerNumber)).

            Message envoyé le \(day.frenchDate).
            """)
    }
}
