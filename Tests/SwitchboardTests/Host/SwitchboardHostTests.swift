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
