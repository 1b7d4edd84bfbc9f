// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Switchboard", targets: ["Switchboard"]),
        .library(name: "SwitchboardKit", targets: ["SwitchboardKit"]),
        .library(name: "SwitchboardTesting", targets: ["SwitchboardTesting"]),
        // What a plugin package's tests need: the conformance checks run in `switchboard conformance`, so the package
        // builds SwitchboardKit and this kit only. PluginKit/ vends the same products without the host's dependencies.
        .library(name: "SwitchboardConformanceKit", targets: ["SwitchboardConformanceKit"]),
        .library(name: "SwitchboardGateway", targets: ["SwitchboardGateway"]),
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-bench", targets: ["SwitchboardBench"]),
        .executable(name: "switchboard-embedding-example", targets: ["EmbeddingExample"]),
        // Provider plugins: each one is its own shared object that the host dlopens.
        .library(name: "SwitchboardOpenAIPlugin", type: .dynamic, targets: ["OpenAIPlugin"]),
        .library(name: "SwitchboardOllamaPlugin", type: .dynamic, targets: ["OllamaPlugin"]),
        .library(name: "SwitchboardEchoPlugin", type: .dynamic, targets: ["EchoPlugin"]),
        .library(name: "SwitchboardDeepSeekPlugin", type: .dynamic, targets: ["DeepSeekPlugin"]),
        .library(name: "SwitchboardAnthropicPlugin", type: .dynamic, targets: ["AnthropicPlugin"]),
        .library(name: "SwitchboardGeminiPlugin", type: .dynamic, targets: ["GeminiPlugin"]),
        .library(name: "SwitchboardClaudeCodePlugin", type: .dynamic, targets: ["ClaudeCodePlugin"]),
        .library(name: "SwitchboardGeminiCLIPlugin", type: .dynamic, targets: ["GeminiCLIPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // OTLP over HTTP only: the gRPC exporter's dependencies would double the build for nothing the gateway uses.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "SwitchboardABI",
            path: "Sources/SwitchboardABI"
        ),
        .target(
            name: "SwitchboardKit",
            dependencies: ["SwitchboardABI"]
        ),
        .target(
            name: "Switchboard",
            dependencies: [
                "CYAML",
                "SwitchboardABI",
                "SwitchboardKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        .target(
            name: "SwitchboardConformanceKit",
            dependencies: ["SwitchboardKit"]
        ),
        .target(
            name: "SwitchboardTesting",
            dependencies: [
                "Switchboard",
                "SwitchboardKit",
                "SwitchboardConformanceKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "SwitchboardScaffold"),
        .target(
            name: "SwitchboardGateway",
            dependencies: [
                "Switchboard",
                "SwitchboardKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "Switchboard",
                "SwitchboardScaffold",
                "SwitchboardGateway",
                "SwitchboardConformanceKit",
                "SwitchboardTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .executableTarget(
            name: "SwitchboardBench",
            dependencies: [
                "Switchboard", "SwitchboardKit", "SwitchboardABI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/SwitchboardBench"
        ),
        .executableTarget(
            name: "EmbeddingExample",
            dependencies: ["Switchboard", "SwitchboardKit"],
            path: "Examples/EmbeddingExample"
        ),
        .target(name: "OpenAIPlugin", dependencies: ["SwitchboardKit"], path: "Plugins/OpenAI", exclude: ["Tests"]),
        .target(name: "OllamaPlugin", dependencies: ["SwitchboardKit"], path: "Plugins/Ollama", exclude: ["Tests"]),
        .target(name: "EchoPlugin", dependencies: ["SwitchboardKit"], path: "Plugins/Echo", exclude: ["Tests"]),
        .target(
            name: "DeepSeekPlugin", dependencies: ["SwitchboardKit"], path: "Plugins/DeepSeek", exclude: ["Tests"]),
        .target(
            name: "AnthropicPlugin", dependencies: ["SwitchboardKit"], path: "Plugins/Anthropic", exclude: ["Tests"]),
        .target(name: "GeminiPlugin", dependencies: ["SwitchboardKit"], path: "Plugins/Gemini", exclude: ["Tests"]),
        .target(
            name: "ClaudeCodePlugin", dependencies: ["SwitchboardKit"], path: "Plugins/ClaudeCode", exclude: ["Tests"]),
        .target(
            name: "GeminiCLIPlugin", dependencies: ["SwitchboardKit"], path: "Plugins/GeminiCLI", exclude: ["Tests"]),
        // Each bundled plugin's tests live beside it (Plugins/<Name>/Tests, with its recorded transcripts in
        // Fixtures/), the way plugin-template/ keeps a third-party plugin's; they load the built .so.
        .testTarget(
            name: "OpenAIPluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/OpenAI/Tests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OllamaPluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/Ollama/Tests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "DeepSeekPluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/DeepSeek/Tests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "EchoPluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/Echo/Tests"
        ),
        .testTarget(
            name: "AnthropicPluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/Anthropic/Tests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "GeminiPluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/Gemini/Tests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ClaudeCodePluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/ClaudeCode/Tests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "GeminiCLIPluginTests",
            dependencies: ["Switchboard", "SwitchboardKit", "SwitchboardTesting"],
            path: "Plugins/GeminiCLI/Tests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SwitchboardKitTests",
            dependencies: ["SwitchboardKit", "SwitchboardTesting"]
        ),
        .testTarget(
            name: "SwitchboardTests",
            dependencies: [
                "Switchboard", "SwitchboardKit", "SwitchboardScaffold", "SwitchboardTesting", "SwitchboardGateway",
                "SwitchboardConformanceKit",
                "PostgresTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            exclude: ["Fixtures"]
        ),
        // A database of its own per test in the PostgreSQL cluster `.ci/postgres` starts, and a relay that takes it down and
        // brings it back, for every test target.
        .target(
            name: "PostgresTestSupport",
            dependencies: [
                "Switchboard", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/PostgresTestSupport"
        ),
        .testTarget(
            name: "SwitchboardGatewayTests",
            dependencies: [
                "SwitchboardGateway",
                "Switchboard",
                "SwitchboardKit",
                "SwitchboardTesting",
                "PostgresTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)

// Upcoming language features on for every target, the way swift-log does it.
for target in package.targets where target.type != .system && target.name != "SwitchboardABI" {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
