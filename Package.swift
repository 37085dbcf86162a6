// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "AlumniDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "alumni", targets: ["alumni"]),
        .library(name: "AlumniCore", targets: ["AlumniCore"]),
        .library(name: "AlumniStore", targets: ["AlumniStore"]),
        .library(name: "AlumniMail", targets: ["AlumniMail"]),
        .library(name: "AlumniServer", targets: ["AlumniServer"]),
        .library(name: "AlumniJobs", targets: ["AlumniJobs"]),
        .library(name: "AlumniSettings", targets: ["AlumniSettings"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: []),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "AlumniCore"),
        .target(
            name: "AlumniSettings", dependencies: [.product(name: "Configuration", package: "swift-configuration")]),
        .target(
            name: "AlumniStore",
            dependencies: [
                "AlumniCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "AlumniMail",
            dependencies: [
                "AlumniCore",
                "AlumniResources",
                "AlumniSettings",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The background work `alumni serve` schedules and the commands run by hand: alert scans,
        // farewells, outbox delivery.
        .target(
            name: "AlumniJobs",
            dependencies: [
                "AlumniCore", "AlumniMail", "AlumniStore", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The staff desk: server-rendered pages over the same store functions as the API.
        .target(
            name: "AlumniWeb",
            dependencies: [
                "AlumniCore",
                "AlumniMail",
                "AlumniStore",
                "AlumniResources",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .target(
            name: "AlumniServer",
            dependencies: [
                "AlumniCore",
                "AlumniJobs",
                "AlumniMail",
                "AlumniSettings",
                "AlumniStore",
                "AlumniResources",
                "AlumniWeb",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "AlumniResources", path: "Resources",
            resources: [.copy("openapi.yaml"), .copy("templates"), .copy("desk"), .copy("portal"), .copy("systemd")]),
        .executableTarget(
            name: "alumni",
            dependencies: [
                "AlumniCore",
                "AlumniJobs",
                "AlumniStore",
                "AlumniMail",
                "AlumniResources",
                "AlumniServer",
                "AlumniSettings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "alumni-benchmarks",
            dependencies: [
                "AlumniCore", "AlumniJobs", "AlumniMail", "AlumniServer", "AlumniStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/alumni-benchmarks"
        ),
        // What the test targets share: temporary folders that clean up after themselves, a settable clock.
        .target(
            name: "AlumniTestSupport", dependencies: ["AlumniCore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Support"),
        .testTarget(name: "AlumniCoreTests", dependencies: ["AlumniCore"]),
        .testTarget(name: "AlumniStoreTests", dependencies: ["AlumniStore", "AlumniTestSupport"]),
        .testTarget(
            name: "AlumniMailTests",
            dependencies: [
                "AlumniMail", "AlumniSettings", "AlumniStore", "AlumniTestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AlumniServerTests",
            dependencies: [
                "AlumniServer", "AlumniWeb", "AlumniJobs", "AlumniMail", "AlumniSettings", "AlumniStore",
                "AlumniTestSupport",
                // Built for the tests that hold the command line to the API's and the desk's answers.
                "alumni",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["alumni", "AlumniStore", "AlumniTestSupport"]),
    ]
)
