// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Guichet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "guichet", targets: ["guichet"]),
        .library(name: "GuichetCore", targets: ["GuichetCore"]),
        .library(name: "GuichetData", targets: ["GuichetData"]),
        .library(name: "GuichetStore", targets: ["GuichetStore"]),
        .library(name: "GuichetMail", targets: ["GuichetMail"]),
        .library(name: "GuichetApp", targets: ["GuichetApp"]),
        .library(name: "GuichetServer", targets: ["GuichetServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Pure domain: no I/O, no framework imports.
        .target(name: "GuichetCore", swiftSettings: strict),
        // Reference tables as data files (territories, holidays, tax zones).
        .target(name: "GuichetData", dependencies: ["GuichetCore", .product(name: "Yams", package: "Yams")], resources: [.process("Resources")], swiftSettings: strict),
        .target(
            name: "GuichetStore",
            dependencies: [
                "GuichetCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // E-mail: an SMTP client, the message format, inbound messages and maildirs.
        .target(name: "GuichetMail", dependencies: ["GuichetCore"], swiftSettings: strict),
        // The services, repositories, workers and their one composition root (`Services.live`): what `serve`, the CLI
        // and the benchmarks share, without HTTP.
        .target(
            name: "GuichetApp",
            dependencies: [
                "GuichetCore",
                "GuichetData",
                "GuichetStore",
                "GuichetMail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "GuichetServer",
            dependencies: [
                "GuichetApp",
                "GuichetCore",
                "GuichetData",
                "GuichetStore",
                "GuichetMail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/templates"), .copy("Resources/static")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "guichet",
            dependencies: [
                "GuichetApp",
                "GuichetServer",
                "GuichetMail",
                "GuichetStore",
                "GuichetCore",
                "GuichetData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "GuichetCoreTests", dependencies: ["GuichetCore", "GuichetData", "GuichetTestSupport"], swiftSettings: strict),
        // Fresh databases of each engine, for the test targets only.
        .target(
            name: "GuichetTestSupport",
            dependencies: ["GuichetStore", .product(name: "Logging", package: "swift-log"), .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/GuichetTestSupport",
            swiftSettings: strict
        ),
        // Services on the in-memory event store: their rules without HTTP or a file.
        .testTarget(name: "GuichetAppTests", dependencies: ["GuichetApp", "GuichetCore", "GuichetData", "GuichetStore", "GuichetTestSupport"],
                    swiftSettings: strict),
        .testTarget(
            name: "GuichetStoreTests",
            dependencies: ["GuichetStore", "GuichetCore", "GuichetTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GuichetServerTests",
            dependencies: [
                "GuichetApp",
                "GuichetServer",
                "GuichetStore",
                "GuichetCore",
                "GuichetMail",
                "GuichetTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        // Runs the built `guichet` executable as a user would.
        // (The bill-run test prepares its many accounts in-process, through the services.)
        .testTarget(name: "GuichetCLITests", dependencies: ["guichet", "GuichetApp", "GuichetServer", "GuichetStore", "GuichetCore", "GuichetData", "GuichetMail", "GuichetTestSupport"],
                    swiftSettings: strict),
    ]
)
