/// One entry of a ticket's append-only history. The ticket's state, its SLA clocks and what
/// the reporter sees are all derived from this list.
public struct TicketEvent: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Filed; the acknowledgement with the reference goes out at once (002 §1.a).
        case filed
        /// The provider starts work (the first response).
        case started
        /// The provider needs more information: the ticket waits, clocks paused (002 §1.a).
        case infoRequested
        /// The reporter's answer, by reply e-mail or through the portal (002 §1.a).
        case reporterAnswered
        /// "RETOUR SUR TICKET OUVERT": information added to an open ticket (002 §1.b).
        case complementAdded
        /// "RETOUR SUR TICKET OUVERT": the reporter asked where the ticket stands (002 §1.b).
        case statusQueried
        /// Nature and responsibility domain found (004 §12, SUP-5).
        case diagnosed
        /// A target was missed and the ticket goes up a level (004 §12, SUP-7).
        case escalated
        /// Handled: the resolution report goes out (002 §1.a; complaints: the answer).
        case resolved
        case closed
        /// A public note, e.g. from staff.
        case noted
    }

    public let kind: Kind
    public let at: Instant
    /// Who acted: a staff login, "operator:<id>", "customer:<id>", "system".
    public let actor: String
    public let text: String?
    public let channel: TicketChannel?
    public let domain: ResponsibilityDomain?
    /// For `escalated`: which target was missed.
    public let target: SLATargetKind?

    public init(_ kind: Kind, at: Instant, actor: String, text: String? = nil, channel: TicketChannel? = nil,
                domain: ResponsibilityDomain? = nil, target: SLATargetKind? = nil) {
        self.kind = kind; self.at = at; self.actor = actor; self.text = text; self.channel = channel
        self.domain = domain; self.target = target
    }
}
