import GuichetCore
import GuichetData
import GuichetStore
import Logging

/// Every service of Guichet over one store, wired in one place: `guichet serve` (through `buildApplication`), every
/// `guichet` command and the benchmarks take them from here, so that what runs is what is tested.
public struct Services: Sendable {
    public let store: any Store
    public let reference: Reference
    public let catalogs: CatalogRegistry
    public let contracts: ContractService
    public let usage: UsageService
    public let importer: BaseImport
    public let billing: BillingService
    public let porting: PortingService
    public let sda: SDAService
    public let support: SupportService
    public let keys: OperatorKeys
    public let assistance: RemoteAssistanceService
    public let accounts: AccountService
    public let privacy: PrivacyService
    public let obligations: ObligationRunner

    /// The services over `store`, its state tables built first where a migration left them to build (D-SCALE-5),
    /// the catalogs in service read from `catalogs` and the store. `passwordCost` is bcrypt's (lowered by tests only);
    /// `publicURL` is where mailed links point (none for the CLI, which mails no link).
    public static func live(store: any Store, catalogs folder: String, passwordCost: UInt8 = 12, publicURL: String? = nil,
                            logger: Logger) async throws -> Services {
        let reference = try Reference.load()
        try await StateTables.ensureBuilt(store, logger: logger)
        let catalogs = try await CatalogRegistry(store: store, folder: folder, taxZones: Set(reference.taxZones.keys))
        let contracts = ContractService(store: store, catalogs: catalogs, territories: reference.territories)
        let usage = UsageService(store: store, contracts: contracts, plan: reference.plan)
        let billing = BillingService(store: store, usage: usage, zones: reference.taxZones, seller: reference.seller)
        let support = SupportService(store: store, contracts: contracts, territories: reference.territories, table: reference.support)
        let assistance = try RemoteAssistanceService(billing: billing, table: reference.support, territories: reference.territories)
        let accounts = AccountService(store: store, passwordCost: passwordCost, publicURL: publicURL)
        return Services(store: store, reference: reference, catalogs: catalogs, contracts: contracts, usage: usage, importer: BaseImport(lines: usage.lines),
                        billing: billing, porting: PortingService(store: store, territories: reference.territories, plan: reference.plan,
                                                                                 rioOperatorCode: reference.portability.rioOperatorCode),
                        sda: SDAService(store: store, plan: reference.plan), support: support,
                        keys: OperatorKeys(store: store, contracts: contracts), assistance: assistance, accounts: accounts,
                        privacy: PrivacyService(contracts: contracts, billing: billing, support: support, accounts: accounts, assistance: assistance),
                        obligations: ObligationRunner(contracts: contracts, assistance: assistance))
    }

    /// What a `guichet` command works on: the database `location` names, migrated, and its services. The store is
    /// closed again if they cannot be built.
    public static func open(_ location: DatabaseLocation, catalogs folder: String, logger: Logger) async throws -> Services {
        let store = try await openAppStore(location, logger: logger)
        do {
            return try await live(store: store, catalogs: folder, logger: logger)
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// `serve --demo`: one customer of each family with their usage, invoices and tickets, and one account per role.
    public func seedDemo(at now: Instant) async throws -> [DemoUsers.Account] {
        try await DemoData.seed(contracts, at: now)
        try await DemoData.seedUsage(usage, contracts, at: now)
        try await DemoData.seedInvoices(billing, at: now)
        try await DemoData.seedSupport(support, at: now)
        return try await DemoUsers.seed(accounts, contracts, at: now)
    }
}

/// The reference tables shipped with Guichet (GuichetData's files), read once at start.
public struct Reference: Sendable {
    public let territories: [String: Territory]
    public let taxZones: [String: TaxZone]
    public let plan: NumberingPlan
    public let support: ReferenceData.SupportTable
    public let seller: Seller
    public let portability: ReferenceData.Portability

    public static func load() throws -> Reference {
        Reference(territories: try ReferenceData.territories(), taxZones: try ReferenceData.taxZones(), plan: try ReferenceData.numberingPlan(),
                  support: try ReferenceData.support(), seller: try ReferenceData.seller(), portability: try ReferenceData.portability())
    }
}
