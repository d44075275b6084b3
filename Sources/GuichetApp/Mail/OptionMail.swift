import GuichetCore
import GuichetMail

extension MailTemplates {
    /// 001 Annexe 2: the TV on a connected TV, provided 24 months, has come to its end.
    package static func optionEnded(_ c: Contract, _ o: ContractOption, on day: LocalDate, to: [String]) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Fin de votre option TV d'Orange sur TV connectée (contrat \(c.id))", body: """
            Bonjour,

            Votre option TV d'Orange sur TV connectée, demandée le \(o.requestedOn.frenchDate), vous était accessible pendant
            vingt-quatre mois (récapitulatif contractuel Livebox Infini, annexe 2). Elle a pris fin le \(day.frenchDate).
            """)
    }
}
