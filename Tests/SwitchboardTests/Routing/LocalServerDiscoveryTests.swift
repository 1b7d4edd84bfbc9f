import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Synchronization
import Testing

/// A local OpenAI-compatible server (LM Studio, vLLM, llama.cpp) through the real `openai` plugin `.so`: it offers
/// the models its server reports plus the configured ones, never the plugin's (OpenAI's) catalog.
@Suite("Local servers offer what they report")
struct LocalServerDiscoveryTests {
    /// LM Studio's `GET /v1/models`, in OpenAI's list shape.
    static let lmStudioModels = """
        {"object":"list","data":[\
        {"id":"qwen2.5-7b-instruct","object":"model","created":1733000000,"owned_by":"organization_owner"},\
        {"id":"text-embedding-nomic-embed-text-v1.5","object":"model","created":1733000000,"owned_by":"organization_owner"}]}
        """

    /// A host with one `openai` instance named `name` at `baseURL`.
    static func host(
        _ name: String, baseURL: String, local: Bool, models: [SwitchboardConfiguration.Model] = []
    ) -> SwitchboardHost {
        var configuration = SwitchboardConfiguration(
            plugins: .init(
                directories: [TestSupport.buildDirectory], includeDefaultDirectories: false, enable: ["openai"]),
            providers: [
                .init(
                    name: name, plugin: "openai", local: local, settings: ["base_url": .string(baseURL)], models: models
                )
            ]
        )
        configuration.usage.ledger = .memory
        return SwitchboardHost(configuration: configuration)
    }

    static func ids(_ host: SwitchboardHost, _ provider: String) -> [String] {
        host.models.entries.filter { $0.provider == provider }.map(\.model.id)
    }

    /// A loopback port nothing listens on (a server's, closed again).
    static func closedPort() async throws -> Int {
        let server = try await MockHTTPServer.start { _ in .json(200, "{}") }
        let port = server.port
        try await server.shutdown()
        return port
    }

    @Test func aLocalServerOffersOnlyTheModelsItReportsAndTheConfiguredOnes() async throws {
        let broken = Mutex(false)
        let server = try await MockHTTPServer.start { request in
            if broken.withLock({ $0 }) { return .json(500, #"{"error":"Model manager crashed"}"#) }
            return request.uri == "/v1/models"
                ? .json(200, Self.lmStudioModels) : .json(404, #"{"error":"unexpected"}"#)
        }
        defer { Task { try await server.shutdown() } }
        let host = Self.host(
            "lmstudio", baseURL: server.baseURL + "/v1", local: true,
            models: [.init(id: "my-finetune", contextWindow: 32_000)])

        #expect(Self.ids(host, "lmstudio") == ["my-finetune"], "before discovery: only what the configuration names")
        #expect(host.models.isServerReported(provider: "lmstudio"))

        let failures = await host.models.refresh(timeout: .seconds(60))
        #expect(failures.isEmpty, "\(failures)")
        #expect(
            Self.ids(host, "lmstudio") == [
                "my-finetune", "qwen2.5-7b-instruct", "text-embedding-nomic-embed-text-v1.5",
            ])
        #expect(
            !Self.ids(host, "lmstudio").contains("gpt-6.2-astra")
                && !Self.ids(host, "lmstudio").contains("gpt-6.1-terra"))
        let entries = host.models.entries.filter { $0.provider == "lmstudio" }
        #expect(entries.allSatisfy { $0.local && $0.estimatedCost(for: .typical) == 0 })
        #expect(entries.first { $0.model.id == "my-finetune" }?.model.contextWindow == 32_000)
        #expect(server.requests.map(\.uri) == ["/v1/models"])
        #expect(host.models.availability(of: "lmstudio") == .available)

        // The server breaks: the models it reported go with it (no last known list), the configured one stays.
        broken.withLock { $0 = true }
        let second = await host.models.refresh(timeout: .seconds(60))
        #expect(second["lmstudio"]?.kind == .server, "\(second)")
        #expect(Self.ids(host, "lmstudio") == ["my-finetune"])
        #expect(host.models.availability(of: "lmstudio").isDown)
    }

    @Test func aLoopbackBaseURLMakesALocalServerWithoutLocalTrue() async throws {
        let server = try await MockHTTPServer.start { _ in .json(200, Self.lmStudioModels) }
        defer { Task { try await server.shutdown() } }
        let host = Self.host("vllm", baseURL: server.baseURL + "/v1", local: false)
        #expect(Self.ids(host, "vllm").isEmpty)
        await host.models.refresh(timeout: .seconds(60))
        #expect(Self.ids(host, "vllm") == ["qwen2.5-7b-instruct", "text-embedding-nomic-embed-text-v1.5"])
    }

    @Test func aLocalServerThatIsNotRunningOffersNoModelsAndSaysWhy() async throws {
        let port = try await Self.closedPort()
        let host = Self.host("lmstudio", baseURL: "http://127.0.0.1:\(port)/v1", local: true)
        let failures = await host.models.refresh(timeout: .seconds(60))

        #expect(failures["lmstudio"]?.kind == .connection, "\(failures)")
        #expect(Self.ids(host, "lmstudio").isEmpty, "never OpenAI's catalog")
        let without = host.models.providersWithoutModels()
        #expect(without.map(\.provider) == ["lmstudio"])
        #expect(without.first?.reason.hasPrefix("discovery failed: ") == true, "\(without)")
        #expect(without.first?.reason.contains("127.0.0.1:\(port)") == true, "\(without)")
        let availability = host.models.availability(of: "lmstudio")
        #expect(availability.status == .down)
        #expect(availability.reason?.hasPrefix("discovery failed: ") == true)
        #expect(!host.models.isAvailable(provider: "lmstudio"))
        let report = await host.availability(timeout: .seconds(60))
        #expect(report.first { $0.provider == "lmstudio" }?.models == 0)
    }

    @Test func aServerStillLoadingIsAskedAgainWithBackoffUntilItReportsItsModels() async throws {
        // LM Studio answers 503 while it loads its model, then lists its models.
        let loading = Mutex(2)
        let server = try await MockHTTPServer.start { _ in
            let stillLoading = loading.withLock { remaining in
                defer { remaining -= 1 }
                return remaining > 0
            }
            return stillLoading
                ? .json(503, #"{"error":"Model is still loading"}"#) : .json(200, Self.lmStudioModels)
        }
        defer { Task { try await server.shutdown() } }
        let host = Self.host("lmstudio", baseURL: server.baseURL + "/v1", local: true)
        let failures = await host.models.refresh(timeout: .seconds(60))
        #expect(failures["lmstudio"]?.kind == .overloaded || failures["lmstudio"]?.kind == .server, "\(failures)")
        #expect(Self.ids(host, "lmstudio").isEmpty)

        let clock = SimulatedClock()
        let discovered = Mutex<[String]>([])
        await host.models.rediscover(timeout: .seconds(60), maximumInterval: .seconds(3), clock: clock) { provider in
            discovered.withLock { $0.append(provider) }
        }
        #expect(clock.waits == [.seconds(1), .seconds(2)], "one more 503, then the list")
        #expect(discovered.withLock { $0 } == ["lmstudio"])
        #expect(Self.ids(host, "lmstudio") == ["qwen2.5-7b-instruct", "text-embedding-nomic-embed-text-v1.5"])
        #expect(host.models.availability(of: "lmstudio") == .available)
        #expect(server.requests.count == 3)
    }

    @Test func theWaitBetweenAttemptsDoublesUpToItsMaximumAndStopsWhenCancelled() async throws {
        let port = try await Self.closedPort()
        let host = Self.host("lmstudio", baseURL: "http://127.0.0.1:\(port)/v1", local: true)
        await host.models.refresh(timeout: .seconds(60))
        let clock = SimulatedClock()
        let rediscovery = Task {
            await host.models.rediscover(timeout: .seconds(60), maximumInterval: .seconds(8), clock: clock)
        }
        // Attempts against a port nothing listens on go on until the task is cancelled; then it returns.
        #expect(await eventually(within: .seconds(60)) { clock.waits.count >= 6 })
        rediscovery.cancel()
        await rediscovery.value
        #expect(
            Array(clock.waits.prefix(6)) == [
                .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8),
            ])
        #expect(Self.ids(host, "lmstudio").isEmpty)
    }

    @Test func aProviderThatRefusesDiscoveryForAnotherReasonIsNotAskedAgain() async throws {
        let server = try await MockHTTPServer.start { _ in
            .json(401, #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#)
        }
        defer { Task { try await server.shutdown() } }
        let host = Self.host("vllm", baseURL: server.baseURL + "/v1", local: true)
        #expect(await host.models.refresh(timeout: .seconds(60))["vllm"]?.kind == .authentication)
        let clock = SimulatedClock()
        await host.models.rediscover(timeout: .seconds(60), clock: clock)
        #expect(clock.waits.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test func aCloudInstanceKeepsItsCatalog() throws {
        let host = Self.host("openai", baseURL: "https://api.openai.com/v1", local: false)
        let ids = Self.ids(host, "openai")
        #expect(ids.contains("gpt-6.1-terra") && ids.contains("gpt-6.2-astra"), "\(ids)")
        #expect(!host.models.isServerReported(provider: "openai"))
        #expect(host.models.providersWithoutModels().isEmpty)
    }
}
