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

extension ContractService {
    /// Sends the request, or says why it could not be: no e-mail address on record.
    public func askAddressUpdate(_ customerID: String, at now: Instant) async throws -> String {
        guard let c = try await customer(customerID) else { throw ContractServiceError.notFound(customerID) }
        guard let address = c.details.contacts.compactMap(\.email).first else {
            throw ContractError.invalid(field: "customer", reason: "no e-mail address on record: the request goes by letter or telephone")
        }
        let day = territories[c.territoryID]?.zone.local(now).date ?? now.utcDate
        _ = try await store.append([try Outbox.event(MailTemplates.addressUpdate(c.name, customerNumber: c.customerNumber, on: day, to: [address]), at: now)],
                                   idempotency: nil)
        return "e-mailed to \(address) on \(day)"
    }
}
