/// 002 — wholesale e-services, whose incidents operators report in e-soutien: free, without engagement.
public struct EServicesTerms: ContractTerms {
    public var document: String { "002" }
    public var reasonsArticle: String { "002 (no engagement)" }
    public var terminationArticle: String { "002 (no engagement)" }
}
