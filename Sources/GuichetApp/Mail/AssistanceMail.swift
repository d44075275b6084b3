import GuichetCore
import GuichetMail

extension MailTemplates {
    /// A remote-assistance commitment missed (000 art. 3.2, 4.1), escalated to the desk's supervision (D-RUN-22).
    package static func assistanceMissed(_ r: AssistanceRequest, what: String, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Engagement manqué : demande d'assistance \(r.id)", body: """
            Bonjour,

            La demande d'assistance à distance \(r.id) du client \(r.identification.customerNumber) (\(r.identification.firstName) \
            \(r.identification.lastName)) a manqué un engagement : \(what).
            Merci de rappeler le client au plus vite et de convenir d'un nouveau créneau.
            """)
    }
}
