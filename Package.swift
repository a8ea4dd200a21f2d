// swift-tools-version: 6.0
// Swift 6 language mode (the default for tools version 6.0) with strict concurrency.
import PackageDescription

// Swift 6.3's "large loadable types reg2mem" pass leaves a copy and a destroy of every struct of
// four or more fields that is built or returned (an outlined retain and release of each of its
// strings): 870 such calls in Model, 7 in decoding one Service. Without it: 592. An optimization
// pass only; the code is the same Swift (README, "Status and known gaps"). Passed to 6.3 and
// later only: the Dockerfile's default builder is 6.1, whose frontend was not checked for it.
#if compiler(>=6.3)
let largeLoadableTypes: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-large-loadable-types-reg2mem"])]
#else
let largeLoadableTypes: [SwiftSetting] = []
#endif

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
] + largeLoadableTypes

let package = Package(
    name: "midonet-kube",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "midonet-webhook", targets: ["Webhook"]),
        .executable(name: "midonet-applier", targets: ["Applier"]),
        .executable(name: "midonet-emulator", targets: ["Emulator"]),
        .executable(name: "midonet-bench", targets: ["Benchmarks"]),
        .executable(name: "http-bench", targets: ["HTTPBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Pure Swift: Kubernetes and MidoNet types, IDs, translation, plan, validation.
        .target(name: "Model", swiftSettings: strict),

        // What the process may use of the machine (processors: affinity and cgroup CPU quota).
        .target(name: "Platform", swiftSettings: strict),

        // System libraries (Debian: libssl-dev, libnghttp2-dev) and the macro shim.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CNghttp2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        .target(name: "CShims", dependencies: ["COpenSSL"]),

        // Our socket/HTTP layer: epoll loops, TLS over OpenSSL, HTTP/1.1, HTTP/2 via nghttp2, client.
        .target(
            name: "HTTPLayer",
            dependencies: [
                "COpenSSL", "CNghttp2", "CShims", "Platform",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // sqlite3_config, which is variadic (Swift cannot call it).
        .target(name: "CSQLiteShims", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),

        // The durable state shared by the webhook and the applier (SQLite, WAL).
        .target(
            name: "Store",
            dependencies: [
                "Model", "Platform", "CSQLiteShims", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "Webhook",
            dependencies: [
                "Model", "Store", "HTTPLayer", "Platform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Applier",
            dependencies: [
                "Model", "Store", "HTTPLayer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Emulator",
            dependencies: [
                "Model", "HTTPLayer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Benchmarks",
            dependencies: [
                "Model", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict
        ),

        // Constant-response server for scripts/bench-http.sh (HTTPLayer vs nginx).
        .executableTarget(
            name: "HTTPBench",
            dependencies: ["HTTPLayer", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // Shared by the test targets: fixtures, certificates, processes, ports.
        .target(name: "TestSupport", dependencies: ["CShims"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"], swiftSettings: strict),
        .testTarget(name: "ModelTests", dependencies: ["Model", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PlatformTests", dependencies: ["Platform", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPLayerTests", dependencies: ["HTTPLayer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Model", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(
            name: "WebhookTests",
            dependencies: ["Webhook", "Model", "Store", "HTTPLayer", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "ApplierTests",
            dependencies: ["Applier", "Model", "Store", "HTTPLayer", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "EmulatorTests", dependencies: ["Emulator", "Model", "TestSupport"], swiftSettings: strict),
    ]
)

// MARK: - Fuzzing (issue 8): libFuzzer targets, declared only when MIDONET_FUZZ is set, so that
// plain `swift build` never sees them (they have no main; libFuzzer supplies it). Built by
// `make fuzz` with `-Xswiftc -sanitize=fuzzer` into .build-fuzz.
if Context.environment["MIDONET_FUZZ"] != nil {
    package.targets += [
        .target(name: "LibFuzzerDriver", path: "Sources/Fuzz/Driver"),
        .executableTarget(name: "FuzzHTTP1", dependencies: ["HTTPLayer", "LibFuzzerDriver"], path: "Sources/Fuzz/HTTP1"),
        .executableTarget(name: "FuzzAdmissionReview", dependencies: ["Model", "LibFuzzerDriver"], path: "Sources/Fuzz/AdmissionReview"),
        .executableTarget(name: "FuzzAuditTranslate", dependencies: ["Model", "LibFuzzerDriver"], path: "Sources/Fuzz/AuditTranslate"),
    ]
}
