import GuichetCore
import GuichetData
import GuichetMail
import GuichetStore
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Builds the whole HTTP application. The `guichet serve` command and the tests call this
/// one function, so that what is tested is what runs.
public func buildApplication(
    configuration: AppConfiguration, store: any Store, logger: Logger
) async throws -> some ApplicationProtocol {
    let reference = try Reference.load()
    try await StateTables.ensureBuilt(store, logger: logger)
    let catalogs = try await CatalogRegistry(store: store, folder: configuration.catalogs, taxZones: Set(reference.taxZones.keys))
    let registry = PrometheusCollectorRegistry()
    let router = Router(context: AppRequestContext.self)
    let alarm = StorageAlarm()
    router.add(middleware: SecurityHeadersMiddleware(tls: configuration.publicURL.lowercased().hasPrefix("https:")))
    router.add(middleware: HTTPMetricsMiddleware(registry: registry))
    router.add(middleware: TMFErrorMiddleware(alarm: alarm, now: configuration.now))
    router.add(middleware: LogRequestsMiddleware(.debug))
    let accounts = AccountService(store: store, passwordCost: configuration.passwordCost, publicURL: configuration.publicURL)
    try await accounts.configureBootstrapToken(configuration.bootstrapToken, at: configuration.now())
    router.add(middleware: AccessMiddleware(accounts: accounts, now: configuration.now))

    HealthRoutes(store: store, version: configuration.version, alarm: alarm, now: configuration.now).register(on: router)
    router.get("/metrics") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    try OpenAPIRoute().register(on: router)
    HomeRoute(configuration: configuration).register(on: router)
    try StaticRoutes().register(on: router)
    ReferenceRoutes(reference: reference).register(on: router.group("/api/v1"))
    CatalogRoutes(registry: catalogs, now: configuration.now).register(on: router)
    let contracts = ContractService(store: store, catalogs: catalogs, territories: reference.territories)
    if configuration.demo { try await DemoData.seed(contracts, at: configuration.now()) }
    ContractRoutes(service: contracts, now: configuration.now).register(on: router)
    TMFProductRoutes(service: contracts, now: configuration.now).register(on: router)
    let plan = try ReferenceData.numberingPlan()
    let usage = UsageService(contracts: contracts, plan: plan)
    if configuration.demo { try await DemoData.seedUsage(usage, contracts, at: configuration.now()) }
    UsageRoutes(service: usage, now: configuration.now).register(on: router)
    ImportRoutes(importer: BaseImport(lines: usage.lines), now: configuration.now).register(on: router)
    let billing = BillingService(usage: usage, zones: reference.taxZones, seller: try ReferenceData.seller())
    if configuration.demo { try await DemoData.seedInvoices(billing, at: configuration.now()) }
    BillingRoutes(service: billing, now: configuration.now).register(on: router)
    NumberingRoutes(service: contracts, plan: plan).register(on: router)
    let porting = PortingService(store: store, territories: reference.territories, plan: plan)
    PortingRoutes(service: porting, now: configuration.now).register(on: router)
    let sda = SDAService(store: store, plan: plan)
    SDARoutes(service: sda, now: configuration.now).register(on: router)
    let supportTable = try ReferenceData.support()
    let support = SupportService(store: store, contracts: contracts, territories: reference.territories, table: supportTable)
    if configuration.demo { try await DemoData.seedSupport(support, at: configuration.now()) }
    let keys = OperatorKeys(store: store, contracts: contracts)
    SupportRoutes(service: support, keys: keys, now: configuration.now).register(on: router)
    ESoutienRoutes(service: support, keys: keys, now: configuration.now).register(on: router)
    let assistance = try RemoteAssistanceService(billing: billing, table: supportTable, territories: reference.territories)
    RemoteAssistanceRoutes(service: assistance,
                           now: configuration.now).register(on: router)
    let worker = configuration.smtp.map { OutboxWorker(store: store, settings: $0, now: configuration.now, logger: logger, interval: configuration.mailInterval) }
    let supportWorker = SupportWorker(support: support, maildir: configuration.inboundMaildir.map(Maildir.init), now: configuration.now,
                                      logger: logger, interval: .seconds(60))
    let demoUsers = configuration.demo ? try await DemoUsers.seed(accounts, contracts, at: configuration.now()) : []
    let pages = try await PortalPage.load(demo: configuration.demo)
    SignInRoutes(accounts: accounts, pages: pages, throttle: SignInThrottle(configuration.throttle),
                 demoUsers: demoUsers, now: configuration.now).register(on: router)
    let privacy = PrivacyService(contracts: contracts, billing: billing, support: support, accounts: accounts, assistance: assistance)
    let spaces = Spaces(contracts: contracts, billing: billing, usage: usage, support: support, assistance: assistance, privacy: privacy, catalogs: catalogs,
                        territories: reference.territories, pages: pages, now: configuration.now)
    CustomerSpaceRoutes(spaces: spaces).register(on: router)
    BusinessSpaceRoutes(spaces: spaces, accounts: accounts, sda: sda).register(on: router)
    ESoutienPortalRoutes(spaces: spaces).register(on: router)
    BackOfficeRoutes(spaces: spaces, store: store, porting: porting, accounts: accounts, keys: keys).register(on: router)
    AccessRoutes(accounts: accounts, store: store, contracts: contracts, now: configuration.now).register(on: router)
    PrivacyRoutes(service: privacy, now: configuration.now).register(on: router)
    MailRoutes(support: support, store: store, worker: worker, supportWorker: supportWorker, now: configuration.now).register(on: router)

    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Guichet"),
        services: [StoreLifecycle(store: store, logger: logger), supportWorker,
                   RetentionWorker(privacy: privacy, usage: usage, now: configuration.now, logger: logger, interval: .seconds(24 * 3600))]
            + (worker.map { [$0 as any Service] } ?? []),
        logger: logger
    )
}

/// Closes the store once the server has stopped taking requests (graceful shutdown).
struct StoreLifecycle: Service {
    let store: any Store
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("closing the database", metadata: ["database": "\(store.location)"])
        try await store.close()
    }
}

/// The reference tables the routes read, loaded once at start.
struct Reference: Sendable {
    let territories: [String: Territory]
    let taxZones: [String: TaxZone]

    static func load() throws -> Reference {
        Reference(territories: try ReferenceData.territories(), taxZones: try ReferenceData.taxZones())
    }
}
