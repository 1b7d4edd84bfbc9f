import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The host built from configuration: which plugins load, which instances exist, with which settings.
@Suite("Host from configuration")
struct SwitchboardHostTests {
    private func host(_ yaml: String, environment: [String: String] = [:]) throws -> SwitchboardHost {
        let configuration = try ConfigurationLoader(environment: environment, homeDirectory: "/nonexistent-home")
            .decode(yaml: yaml, name: "test.yaml")
        return SwitchboardHost(configuration: configuration)
    }

    @Test func instancesAreCreatedWithTheirSettingsAndDisabledPluginsAreNotLoaded() async throws {
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                status: 200,
                headers: [("content-type", "text/event-stream")],
                chunks: (try? Fixture.chunks(TestSupport.pluginFixture("OpenAI", "stream-text.sse"))) ?? []
            )
        }
        defer { Task { try await server.shutdown() } }
        let host = try host(
            """
            plugins:
              directories: [\(TestSupport.buildDirectory)]
              include_default_directories: false
              disable: [ollama]
            providers:
              lmstudio:
                plugin: openai
                local: true
                settings:
                  base_url: ${LMSTUDIO_URL}
                  api_key: ${LMSTUDIO_KEY:-lm-studio}
                models:
                  gpt-6.1-terra:
                    context_window: 64000
                    tier: standard
                extra_models:
                  - id: qwen2.5-7b-instruct
                    context_window: 32768
                    capabilities: [chat, code]
              quiet:
                plugin: echo
                enabled: false
            """,
            environment: ["LMSTUDIO_URL": server.baseURL + "/v1"]
        )
        let loaded = host.scan.loaded.map(\.id)
        #expect(loaded.contains("openai") && loaded.contains("echo"))
        #expect(!loaded.contains("ollama"))
        #expect(host.scan.skipped.contains { $0.hasSuffix("libSwitchboardOllamaPlugin.so") }, "disabled: never opened")
        #expect(host.registry.names == ["lmstudio"])
        #expect(host.configurationProblems == nil)

        let provider = try host.provider(named: "lmstudio")
        let answer = try await provider.complete(ChatRequest(model: "gpt-6.1-terra", messages: [.user("hi")]))
        #expect(answer.text == "Hello, world!")
        #expect(server.requests.first?.header("authorization") == "Bearer lm-studio")

        let catalog = try #require(provider as? ConfiguredProvider).apply(
            to: try TestSupport.loadPlugin("OpenAI").manifest.models)
        let terra = try #require(catalog.first { $0.id == "gpt-6.1-terra" })
        #expect(terra.contextWindow == 64000)
        #expect(terra.tier == .standard)
        #expect(terra.local, "local: true makes every model of the instance local")
        #expect(terra.maxOutputTokens == 128_000, "what the override leaves out stays from the catalog")
        #expect(terra.pricing == Pricing(input: 0, output: 0), "a local instance costs nothing unless configured to")
        #expect(catalog.last?.id == "qwen2.5-7b-instruct")
        #expect(catalog.last?.capabilities == [.chat, .code])

        #expect(throws: ProviderError.self) { try host.provider(named: "quiet") }
    }

    @Test func aPricingOverrideSetsTiersAndExtendedCacheWritesOverTheCatalogsPrices() throws {
        let host = try host(
            """
            plugins:
              directories: [\(TestSupport.buildDirectory)]
              include_default_directories: false
            providers:
              anthropic:
                plugin: anthropic
                settings: {api_key: sk-ant-test}
                models:
                  claude-opus-5-5:
                    pricing:
                      cache_write_extended: 9
                      long_context: {above_input_tokens: 200000, input: 8, output: 30}
                      service_tiers:
                        priority: {input: 10, output: 50}
            """)
        let provider = try host.provider(named: "anthropic")
        let catalog = try #require(provider as? ConfiguredProvider).apply(
            to: try TestSupport.loadPlugin("Anthropic").manifest.models)
        let pricing = try #require(catalog.first { $0.id == "claude-opus-5-5" }?.pricing)
        #expect(pricing.input == 4 && pricing.output == 20 && pricing.cacheRead == 0.2, "the catalog's own prices stay")
        #expect(pricing.cacheWriteExtended == 9)
        #expect(pricing.longContext == LongContextPricing(aboveInputTokens: 200_000, input: 8, output: 30))
        #expect(pricing.serviceTiers == ["priority": Pricing(input: 10, output: 50)])

        let longPrompt = Usage(inputUncached: 250_000, outputText: 1_000)
        let longCost: Double = (250_000.0 * 8 + 1_000 * 30) / 1_000_000
        #expect(abs((pricing.cost(of: longPrompt)) - longCost) < 1e-12, "above 200k tokens the tier's prices apply")
        let writes = Usage(inputUncached: 10, inputCacheWrite: 1_000, inputCacheWriteExtended: 1_000)
        let writeCost: Double = (10.0 * 4 + 1_000 * 9) / 1_000_000
        #expect(abs(pricing.cost(of: writes) - writeCost) < 1e-12)
    }

    @Test func aProviderNamingAMissingPluginIsReportedAndTheRestWork() throws {
        let host = try host(
            """
            plugins:
              directories: [\(TestSupport.buildDirectory)]
              include_default_directories: false
            providers:
              mistral:
                plugin: mistral-native
              echo:
                plugin: echo
            """
        )
        #expect(host.registry.names == ["echo"])
        let failure = try #require(host.instanceFailures["mistral"])
        #expect(failure.kind == .notFound)
        #expect(failure.message.contains("needs plugin \"mistral-native\", which is not loaded"))
        let problems = try #require(host.configurationProblems)
        #expect(problems.description.hasPrefix("test.yaml:"))
        #expect(problems.description.contains("mistral-native"))
    }
}
