// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "AlumniDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "alumni", targets: ["alumni"]),
        .library(name: "AlumniCore", targets: ["AlumniCore"]),
        .library(name: "AlumniStore", targets: ["AlumniStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "AlumniCore"),
        .target(
            name: "AlumniStore",
            dependencies: [
                "AlumniCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "alumni",
            dependencies: [
                "AlumniCore",
                "AlumniStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "alumni-benchmarks",
            dependencies: ["AlumniCore", "AlumniStore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/alumni-benchmarks"
        ),
        .testTarget(name: "AlumniCoreTests", dependencies: ["AlumniCore"]),
        .testTarget(name: "AlumniStoreTests", dependencies: ["AlumniStore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["alumni"]),
    ]
)
