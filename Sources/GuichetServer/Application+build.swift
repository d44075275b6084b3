import GuichetApp
import GuichetCore
import GuichetData
import GuichetMail
import GuichetStore
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Builds the whole HTTP application on the services of `Services.live`. The `guichet serve` command and the tests
/// call this one function, so that what is tested is what runs.
public func buildApplication(
    configuration: AppConfiguration, store: any Store, logger: Logger
) async throws -> some ApplicationProtocol {
    let services = try await Services.live(store: store, catalogs: configuration.catalogs, passwordCost: configuration.passwordCost,
                                           publicURL: configuration.publicURL, logger: logger)
    try await services.accounts.configureBootstrapToken(configuration.bootstrapToken, at: configuration.now())
    let demoUsers = configuration.demo ? try await services.seedDemo(at: configuration.now()) : []
    let worker = configuration.smtp.map { OutboxWorker(store: store, settings: $0, now: configuration.now, logger: logger, interval: configuration.mailInterval) }
    let supportWorker = SupportWorker(support: services.support, maildir: configuration.inboundMaildir.map(Maildir.init), now: configuration.now,
                                      logger: logger, interval: .seconds(60))
    let registry = PrometheusCollectorRegistry()
    let router = try await buildRouter(services, configuration: configuration, registry: registry, demoUsers: demoUsers, workers: (worker, supportWorker),
                                       logger: logger)
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Guichet"),
        services: [StoreLifecycle(store: store, logger: logger), supportWorker,
                   RetentionWorker(privacy: services.privacy, usage: services.usage, now: configuration.now, logger: logger, interval: .seconds(24 * 3600))]
            + (configuration.scheduler ? [ObligationWorker(runner: services.obligations, now: configuration.now, logger: logger, interval: .seconds(60))] : [])
            + (worker.map { [$0 as any Service] } ?? []),
        logger: logger
    )
}

/// The routes over the services, each space and API on its own, behind the middleware (outermost first).
func buildRouter(_ services: Services, configuration: AppConfiguration, registry: PrometheusCollectorRegistry, demoUsers: [DemoUsers.Account],
                 workers: (mail: OutboxWorker?, support: SupportWorker), logger: Logger) async throws -> Router<AppRequestContext> {
    let store = services.store, now = configuration.now
    let router = Router(context: AppRequestContext.self)
    let alarm = StorageAlarm()
    router.add(middleware: SecurityHeadersMiddleware(tls: configuration.publicURL.lowercased().hasPrefix("https:")))
    router.add(middleware: DeprecationMiddleware())
    router.add(middleware: HTTPMetricsMiddleware(registry: registry))
    router.add(middleware: TMFErrorMiddleware(alarm: alarm, now: now))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: AccessMiddleware(accounts: services.accounts, now: now))

    HealthRoutes(store: store, version: configuration.version, alarm: alarm, now: now).register(on: router)
    router.get("/metrics") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    try OpenAPIRoute().register(on: router)
    HomeRoute(configuration: configuration).register(on: router)
    try StaticRoutes().register(on: router)
    ReferenceRoutes(reference: services.reference).register(on: router.group("/api/v1"))
    CatalogRoutes(registry: services.catalogs, now: now).register(on: router)
    PriceIndexRoutes(service: services.contracts, now: now).register(on: router)
    ContractRoutes(service: services.contracts, now: now).register(on: router)
    TMFProductRoutes(service: services.contracts, now: now).register(on: router)
    UsageRoutes(service: services.usage, now: now).register(on: router)
    ImportRoutes(importer: services.importer, now: now).register(on: router)
    BillingRoutes(service: services.billing, now: now, logger: logger).register(on: router)
    NumberingRoutes(service: services.contracts, plan: services.reference.plan).register(on: router)
    PortingRoutes(service: services.porting, contracts: services.contracts, lines: services.usage.lines, now: now).register(on: router)
    SDARoutes(service: services.sda, now: now).register(on: router)
    ObligationRoutes(runner: services.obligations, contracts: services.contracts, now: now).register(on: router)
    SupportRoutes(service: services.support, keys: services.keys, now: now).register(on: router)
    ESoutienRoutes(service: services.support, keys: services.keys, now: now).register(on: router)
    RemoteAssistanceRoutes(service: services.assistance, now: now).register(on: router)
    let pages = try await PortalPage.load(demo: configuration.demo)
    SignInRoutes(accounts: services.accounts, pages: pages, throttle: SignInThrottle(configuration.throttle), demoUsers: demoUsers, now: now)
        .register(on: router)
    let spaces = Spaces(contracts: services.contracts, billing: services.billing, usage: services.usage, support: services.support,
                        assistance: services.assistance, privacy: services.privacy, catalogs: services.catalogs, porting: services.porting,
                        territories: services.reference.territories, pages: pages, now: now)
    CustomerSpaceRoutes(spaces: spaces).register(on: router)
    BusinessSpaceRoutes(spaces: spaces, accounts: services.accounts, sda: services.sda).register(on: router)
    ESoutienPortalRoutes(spaces: spaces).register(on: router)
    BackOfficeRoutes(spaces: spaces, store: store, porting: services.porting, accounts: services.accounts, keys: services.keys).register(on: router)
    AccessRoutes(accounts: services.accounts, store: store, contracts: services.contracts, now: now).register(on: router)
    PrivacyRoutes(service: services.privacy, now: now).register(on: router)
    MailRoutes(support: services.support, store: store, worker: workers.mail, supportWorker: workers.support, now: now).register(on: router)
    return router
}

/// Closes the store once the server has stopped taking requests (graceful shutdown).
struct StoreLifecycle: Service, CustomStringConvertible {
    let store: any Store
    let logger: Logger
    var description: String { "StoreLifecycle" }

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("closing the database", metadata: ["database": "\(store.location)"])
        try await store.close()
    }
}
