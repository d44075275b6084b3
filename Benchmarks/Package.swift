// swift-tools-version:6.1
// Guichet's benchmarks: a separate package so that the main build and tests never compile them.
// Run: swift run -c release --package-path Benchmarks guichet-bench   (see docs/performance.md)
import PackageDescription

let package = Package(
    name: "GuichetBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Guichet", path: "..")],
    targets: [
        .target(name: "AllocationCounter"),
        .executableTarget(
            name: "guichet-bench",
            dependencies: [
                "AllocationCounter",
                .product(name: "GuichetCore", package: "Guichet"),
                .product(name: "GuichetData", package: "Guichet"),
                .product(name: "GuichetStore", package: "Guichet"),
                .product(name: "GuichetServer", package: "Guichet"),
            ]
        ),
    ]
)
