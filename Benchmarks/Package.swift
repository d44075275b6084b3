// swift-tools-version:6.1
// Guichet's benchmarks: a separate package so that the main build and tests never compile them.
// Run: swift run -c release --package-path Benchmarks guichet-bench   (see docs/performance.md)
import PackageDescription

let package = Package(
    name: "GuichetBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Guichet", path: ".."),
        // The SQL baseline of the rating benchmark talks to SQLite directly, as a user without Guichet would.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        .target(name: "AllocationCounter"),
        .executableTarget(
            name: "guichet-bench",
            dependencies: [
                "AllocationCounter",
                .product(name: "GuichetCore", package: "Guichet"),
                .product(name: "GuichetData", package: "Guichet"),
                .product(name: "GuichetStore", package: "Guichet"),
                .product(name: "GuichetApp", package: "Guichet"),
                .product(name: "GuichetServer", package: "Guichet"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
