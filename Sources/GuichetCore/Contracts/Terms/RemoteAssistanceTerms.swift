/// 000 — remote PC assistance: forfaits without engagement.
public struct RemoteAssistanceTerms: ContractTerms {
    public var document: String { "000" }
    public var reasonsArticle: String { "000 art. 10" }
    public var terminationArticle: String { "000 art. 1" }

    /// Art. 10: 7 jours francs from acceptance, waived once the customer accepted that the service be performed before.
    public func withdrawalDeadline(_ c: Contract, calendar: WorkCalendar) -> Deadline? {
        calendar.joursFrancs(7, after: c.orderedOn, rule: "withdrawal", source: "000 art. 10")
    }
    public var withdrawalWaivedByExecution: Bool { true }
}
