import GuichetCore
import GuichetMail

/// 001 CG 2, 003 CG 4: the reminder that a distance sale's subscription documents have not come.
extension MailTemplates {
    package static func documentsReminder(_ c: Contract, on day: LocalDate, until: LocalDate, article: String, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Relance : pièces justificatives de votre souscription (contrat \(c.id))", body: """
            Bonjour,

            Vous avez souscrit à distance le contrat \(c.id) le \(c.orderedOn.frenchDate). Nous n'avons pas reçu, dans les quinze
            jours suivant cette date, les copies recto verso de vos pièces justificatives (pièce d'identité en cours de validité,
            relevé d'identité bancaire ou postal à votre nom, et les documents qui vous ont été demandés).

            Sans ces copies, votre contrat sera suspendu puis résilié le \(until.frenchDate), sans indemnité ; l'abonnement et
            les communications restent dus jusqu'à cette date (conditions générales, article \(article.split(separator: " ").last ?? "")).

            Relance envoyée le \(day.frenchDate).
            """)
    }
}
