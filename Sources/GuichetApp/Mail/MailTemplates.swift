import GuichetCore
import GuichetMail

/// The e-mails Guichet sends, in French as the documents are. Each says which article asks for it.
package enum MailTemplates {
    package static func tag(_ t: Ticket) -> String { "[\(t.reference)]" }

    /// 002 §1.a: "un accusé de réception reprenant la référence du ticket".
    package static func acknowledgement(_ t: Ticket, zone: ZoneRules) -> OutgoingMail {
        let what = t.filing.eService.map { "e-service \($0.label)" } ?? t.filing.family.rawValue
        return OutgoingMail(to: [t.filing.contactEmail], subject: "\(tag(t)) Accusé de réception : \(t.filing.subject)", body: """
            Bonjour,

            Votre signalisation a bien été enregistrée sous la référence \(t.reference).
            Objet : \(t.filing.subject)
            Concerne : \(what)
            Déposée le : \(zone.local(t.filedAt).iso) (heure locale)

            Pour compléter ce ticket ou demander où il en est, utilisez « RETOUR SUR TICKET OUVERT » avec ce numéro,
            ou répondez à ce message en gardant la référence dans l'objet.
            """)
    }

    /// 002 §1.a: the provider's questions, to the address given when filing.
    package static func informationRequest(_ t: Ticket, questions: String) -> OutgoingMail {
        OutgoingMail(to: [t.filing.contactEmail], subject: "\(tag(t)) Demande d'informations complémentaires", body: """
            Bonjour,

            Pour traiter le ticket \(t.reference), nous avons besoin des informations suivantes :

            \(questions)

            Merci de répondre à ce message en gardant la référence \(t.reference) dans l'objet. Le ticket reste en attente de votre réponse.
            """)
    }

    /// 002 §1.a: "un compte-rendu de résolution"; complaints: the answer.
    package static func resolution(_ t: Ticket, report: String, zone: ZoneRules, at: Instant) -> OutgoingMail {
        OutgoingMail(to: [t.filing.contactEmail], subject: "\(tag(t)) Compte-rendu de résolution", body: """
            Bonjour,

            Le ticket \(t.reference) (« \(t.filing.subject) ») a été traité le \(zone.local(at).iso) (heure locale).

            Compte-rendu :
            \(report)
            """)
    }

    /// 004 §12 (SUP-6): the incident is on the customer's side; the ticket is closed.
    package static func customerDomainClosure(_ t: Ticket, diagnosis: String) -> OutgoingMail {
        OutgoingMail(to: [t.filing.contactEmail], subject: "\(tag(t)) Incident relevant de votre domaine de responsabilité", body: """
            Bonjour,

            Le diagnostic de l'incident \(t.reference) montre qu'il relève de votre domaine de responsabilité (réseau, équipements ou accès
            Internet du Client). Le ticket est clos.

            Diagnostic : \(diagnosis)
            """)
    }

    /// 002 §1.b: the answer to "demander l'état d'avancement".
    package static func status(_ t: Ticket, zone: ZoneRules) -> OutgoingMail {
        let last = t.events.last { $0.kind != .statusQueried }
        return OutgoingMail(to: [t.filing.contactEmail], subject: "\(tag(t)) État d'avancement", body: """
            Bonjour,

            Ticket \(t.reference) : \(label(t.status)).
            Dernière action : \(last.map { "\($0.kind.rawValue) le \(zone.local($0.at).iso)" } ?? "—")
            """)
    }

    package static func label(_ s: TicketStatus) -> String {
        switch s {
        case .acknowledged: "enregistré, en attente de prise en charge"
        case .inProgress: "en cours de traitement"
        case .pending: "en attente de vos informations complémentaires"
        case .resolved: "traité"
        case .closed: "clos"
        }
    }

    /// 002 §5: the fallback mailbox refused a report; the reason is given.
    package static func fallbackRefused(to: String, subject: String, reason: String) -> OutgoingMail {
        OutgoingMail(to: [to], subject: "Signalisation non prise en compte : \(subject)", body: """
            Bonjour,

            Votre message n'a pas été pris en compte : \(reason)
            """)
    }

    /// 002 §4: "les dates, heures et durées prévisionnelles d'interruption d'e-soutien".
    package static func maintenance(_ w: MaintenanceWindow, to: [String], zone: ZoneRules) -> OutgoingMail {
        OutgoingMail(to: to, subject: "Travaux programmés : interruption d'e-soutien", body: """
            Bonjour,

            Une intervention programmée interrompra le service e-soutien \(w.notice(zone: zone)).

            \(w.description)

            En cas de signalisation urgente pendant l'interruption, utilisez l'adresse de secours prévue (002 §5).
            """)
    }

    /// 000 art. 4.7: "un courrier électronique avec accusé de réception précisant la date de
    /// réalisation de la Prestation et le montant qui sera facturé".
    package static func assistanceConfirmation(_ r: AssistanceRequest, amount: Money, lines: [String], zone: ZoneRules, at: Instant) -> OutgoingMail {
        OutgoingMail(to: [r.identification.email], subject: "Assistance à distance : confirmation de votre prestation", body: """
            Bonjour \(r.identification.firstName) \(r.identification.lastName),

            Date de réalisation de la prestation : \(zone.local(at).date.frenchDate)
            Numéro client : \(r.identification.customerNumber)
            \(lines.joined(separator: "\n"))

            Montant qui sera facturé sur votre prochaine facture : \(amount) € TTC
            """, receiptRequested: true)
    }
}
