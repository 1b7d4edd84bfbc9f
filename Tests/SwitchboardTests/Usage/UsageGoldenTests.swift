import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// Golden costs: each provider's real wire format, through the real plugin `.so` and a host built from configuration,
/// priced from the plugin's manifest (or a configuration override), recorded in the ledger.
@Suite("Usage and cost per provider")
struct UsageGoldenTests {
    /// One provider instance of `plugin` (loaded from the build directory) answering from `server`.
    ///
    /// The server stands in for the vendor on 127.0.0.1, which makes the instance a local server to the host: it
    /// offers only the models it reports or is configured with, never the plugin's catalog, so each test names its
    /// model under `models` (without a price, the catalog's still applies).
    static func host(
        plugin: String, settings: JSONValue, local: Bool = false, models: [SwitchboardConfiguration.Model] = [],
        priceFiles: [PriceFile] = []
    ) -> SwitchboardHost {
        var configuration = SwitchboardConfiguration(
            plugins: .init(
                directories: [TestSupport.buildDirectory], includeDefaultDirectories: false, enable: [plugin]),
            providers: [.init(name: plugin, plugin: plugin, local: local, settings: settings, models: models)]
        )
        configuration.usage.ledger = .memory
        configuration.pricing = .init(files: priceFiles.map(\.path), loaded: priceFiles)
        return SwitchboardHost(configuration: configuration)
    }

    /// Asks `host` for `model` of its one provider, through the metered executor, streamed or not.
    static func ask(_ host: SwitchboardHost, model: String, streaming: Bool = false) async throws -> StrategyResult {
        let provider = try #require(host.configuration.providers.first?.name)
        let entry = try #require(host.models.entries.first { $0.provider == provider && $0.model.id == model })
        let candidate = RouteCandidate(
            provider: provider, model: entry.model, rationale: "golden", estimatedCost: nil, confidence: 1)
        let request = ChatRequest(model: model, messages: [.user("Say hello")], maxOutputTokens: 64, tags: ["golden"])
        guard streaming else { return try await host.complete(request, strategy: .auto, candidates: [candidate]) }
        var completed: StrategyResult?
        for try await event in host.stream(request, strategy: .auto, candidates: [candidate]) {
            if case .completed(let result) = event { completed = result }
        }
        return try #require(completed)
    }

    static func sse(_ body: String) -> MockHTTPServer.Response {
        MockHTTPServer.Response(status: 200, headers: [("content-type", "text/event-stream")], chunks: [.text(body)])
    }

    static func fixture(_ name: String, type: String = "text/event-stream") throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(status: 200, headers: [("content-type", type)], chunks: try Fixture.chunks(name))
    }

    /// Checks the answer's priced usage, and that the ledger holds exactly it.
    static func expect(
        _ result: StrategyResult, _ host: SwitchboardHost, usage: Usage, costUSD: Double, source: PriceSource
    ) async throws {
        let priced = try #require(result.usage)
        #expect(priced.usage == usage)
        #expect(result.response.usage == usage)
        #expect(abs(priced.costUSD - costUSD) < 1e-12, "cost \(priced.costUSD), expected \(costUSD)")
        #expect(priced.source == source)
        #expect(abs(result.costUSD - costUSD) < 1e-12)
        let recorded = try #require(try await host.meter.ledger?.totals(UsageQuery(tag: "golden")).first)
        #expect(recorded.requests == 1)
        #expect(recorded.usage.inputTokens == usage.inputTokens && recorded.usage.outputTokens == usage.outputTokens)
        #expect(abs(recorded.costUSD - costUSD) < 1e-12)
    }

    @Test func openAICachedTokensAreCutFromThePromptAndReasoningFromTheCompletion() async throws {
        // prompt_tokens 1200 with 1024 cached; completion_tokens 150 with 40 reasoning. gpt-6.1-terra: 1 / 5, cache read
        // 0.05.
        let server = try await MockHTTPServer.start { _ in
            (try? Self.fixture(TestSupport.pluginFixture("OpenAI", "stream-text.sse"))) ?? .json(500, "{}")
        }
        try await server.whileRunning {
            let settings: JSONValue = ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-test"]
            let host = Self.host(plugin: "openai", settings: settings, models: [.init(id: "gpt-6.1-terra")])
            let result = try await Self.ask(host, model: "gpt-6.1-terra")
            try await Self.expect(
                result, host,
                usage: Usage(inputUncached: 176, inputCacheRead: 1024, outputText: 110, outputReasoning: 40),
                costUSD: (176 * 1 + 1024 * 0.05 + 110 * 5 + 40 * 5) / 1e6,
                source: .manifest(plugin: "openai", version: "1.0.0"))
        }
    }

    /// An Anthropic Messages stream from `model` whose usage is input 12, cache read 500, cache writes 3000 of which
    /// 2000 for 1 hour, and output 7.
    static func anthropicOneHourCacheWriteStream(model: String) -> String {
        let usage =
            #"{"input_tokens":12,"cache_creation_input_tokens":3000,"cache_read_input_tokens":500,"#
            + #""cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000},"output_tokens":1}"#
        let events = [
            #"{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","#
                + #""model":"\#(model)","content":[],"stop_reason":null,"usage":\#(usage)}}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}"#,
            #"{"type":"message_stop"}"#,
        ]
        return events.map { "event: \($0.split(separator: "\"")[3])\ndata: \($0)\n\n" }.joined()
    }

    /// A Gemini stream from gemini-2.5-pro whose prompt is 250,000 tokens (100,000 cached): candidates 1000,
    /// thoughts 500.
    static let geminiProLongPromptStream = """
        data: {"candidates":[{"content":{"parts":[{"text":"Hello"}],"role":"model"},"finishReason":"STOP",\
        "index":0}],"usageMetadata":{"promptTokenCount":250000,"candidatesTokenCount":1000,\
        "totalTokenCount":251500,"cachedContentTokenCount":100000,"thoughtsTokenCount":500},\
        "modelVersion":"gemini-2.5-pro"}


        """

    /// The OpenAI fixture's stream, served in `tier` as its chunks say.
    static func openAIStream(servedIn tier: String) throws -> String {
        try String(contentsOfFile: TestSupport.pluginFixture("OpenAI", "stream-text.sse"), encoding: .utf8)
            .replacingOccurrences(of: #""service_tier":"default""#, with: #""service_tier":"\#(tier)""#)
    }

    @Test(arguments: [
        // gpt-6.2-sol's catalog entry lists no `flex` prices: the request costs what the standard tier would
        // (2 / 10, cache read 0.10, reasoning at the output price): 176 × 2 + 1024 × 0.10 + 110 × 10 + 40 × 10.
        ("gpt-6.2-sol", 1954.4e-6),
        // gpt-6-luna lists `flex` at half its prices (0.05 / 0.25, cache read 0.005):
        // 176 × 0.05 + 1024 × 0.005 + 110 × 0.25 + 40 × 0.25.
        ("gpt-6-luna", 51.42e-6),
    ])
    func aFlexRequestIsPricedAtTheTiersPricesWhereTheCatalogListsThemAndKeptInTheLedger(
        model: String, costUSD: Double
    ) async throws {
        let stream = try Self.openAIStream(servedIn: "flex")
        let server = try await MockHTTPServer.start { _ in Self.sse(stream) }
        try await server.whileRunning {
            let settings: JSONValue = ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-test"]
            let host = Self.host(plugin: "openai", settings: settings, models: [.init(id: model)])
            let result = try await Self.ask(host, model: model, streaming: true)
            let usage = Usage(
                inputUncached: 176, inputCacheRead: 1024, outputText: 110, outputReasoning: 40, serviceTier: "flex")
            try await Self.expect(
                result, host, usage: usage, costUSD: costUSD, source: .manifest(plugin: "openai", version: "1.0.0"))
            let recorded = try #require(try await host.meter.ledger?.records().last?.record.usage.usage)
            #expect(recorded == usage)
        }
    }

    @Test func aConfiguredReasoningPriceIsUsedAndNamedAsTheSource() async throws {
        let server = try await MockHTTPServer.start { _ in
            (try? Self.fixture(TestSupport.pluginFixture("OpenAI", "stream-text.sse"))) ?? .json(500, "{}")
        }
        try await server.whileRunning {
            let settings: JSONValue = ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-test"]
            let host = Self.host(
                plugin: "openai", settings: settings,
                models: [.init(id: "gpt-6.1-terra", pricing: .init(reasoning: 20))])
            let result = try await Self.ask(host, model: "gpt-6.1-terra", streaming: true)
            try await Self.expect(
                result, host,
                usage: Usage(inputUncached: 176, inputCacheRead: 1024, outputText: 110, outputReasoning: 40),
                costUSD: (176 * 1 + 1024 * 0.05 + 110 * 5 + 40 * 20) / 1e6,
                source: .configuration(keyPath: "providers.openai.models.gpt-6.1-terra.pricing"))
        }
    }

    @Test func anthropicCacheReadsAndWritesComeOnTopOfInputAndArePricedApart() async throws {
        // input_tokens 25, cache_read 3400, cache_creation 1200 (5-minute), output 15. claude-sonnet-5-5: 2 / 10, read
        // 0.10, 5-minute write 2.50.
        let server = try await MockHTTPServer.start { _ in
            (try? Self.fixture(TestSupport.pluginFixture("Anthropic", "stream-text.sse"))) ?? .json(500, "{}")
        }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "anthropic", settings: ["base_url": .string(server.baseURL), "api_key": "sk-ant-test"],
                models: [.init(id: "claude-sonnet-5-5")])
            let result = try await Self.ask(host, model: "claude-sonnet-5-5")
            try await Self.expect(
                result, host,
                usage: Usage(inputUncached: 25, inputCacheRead: 3400, inputCacheWrite: 1200, outputText: 15),
                costUSD: (25 * 2 + 3400 * 0.10 + 1200 * 2.50 + 15 * 10) / 1e6,
                source: .manifest(plugin: "anthropic", version: "1.0.0"))
        }
    }

    @Test func anthropicOneHourCacheWritesArePricedAtTheExtendedRate() async throws {
        // input_tokens 12, cache_read 500, cache_creation 3000 of which 2000 for 1 hour, output 7. claude-opus-5-5:
        // 4 / 20, read 0.20, 5-minute write 5, 1-hour write 8.
        let body = Self.anthropicOneHourCacheWriteStream(model: "claude-opus-5-5")
        let server = try await MockHTTPServer.start { _ in Self.sse(body) }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "anthropic", settings: ["base_url": .string(server.baseURL), "api_key": "sk-ant-test"],
                models: [.init(id: "claude-opus-5-5")])
            let result = try await Self.ask(host, model: "claude-opus-5-5", streaming: true)
            try await Self.expect(
                result, host,
                usage: Usage(
                    inputUncached: 12, inputCacheRead: 500, inputCacheWrite: 3000, inputCacheWriteExtended: 2000,
                    outputText: 7),
                costUSD: (12 * 4 + 500 * 0.20 + 1000 * 5 + 2000 * 8 + 7 * 20) / 1e6,
                source: .manifest(plugin: "anthropic", version: "1.0.0"))
        }
    }

    @Test func geminiProPromptOverTwoHundredThousandTokensIsPricedAtTheLongContextTier() async throws {
        // promptTokenCount 250000 with 100000 cached; candidates 1000, thoughts 500. Over 200k prompt tokens,
        // gemini-2.5-pro bills the whole request at 2.5 / 15, cache read 0.25 (1.25 / 10 / 0.125 below).
        let body = Self.geminiProLongPromptStream
        let server = try await MockHTTPServer.start { _ in Self.sse(body) }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "gemini", settings: ["base_url": .string(server.baseURL + "/v1beta"), "api_key": "test-key"],
                models: [.init(id: "gemini-2.5-pro")])
            let result = try await Self.ask(host, model: "gemini-2.5-pro", streaming: true)
            try await Self.expect(
                result, host,
                usage: Usage(inputUncached: 150_000, inputCacheRead: 100_000, outputText: 1000, outputReasoning: 500),
                costUSD: (150_000 * 2.5 + 100_000 * 0.25 + 1000 * 15 + 500 * 15) / 1e6,
                source: .manifest(plugin: "gemini", version: "1.0.0"))
        }
    }

    @Test func aPriceFileBeatsTheCatalogButLosesToTheConfigurationsModelsPricing() async throws {
        // promptTokenCount 1210 with 1024 cached; candidates 4, thoughts 48. The catalog says gemini-2.5-flash costs
        // 0.3 / 2.5, cache read 0.03; the price file 0.5 / 4, cache read 0.1; `models:` sets input to 0.7.
        let server = try await MockHTTPServer.start { _ in
            (try? Self.fixture(TestSupport.pluginFixture("Gemini", "stream-text.sse"))) ?? .json(500, "{}")
        }
        try await server.whileRunning {
            let directory = try ConfigurationTemporaryDirectory()
            defer { directory.remove() }
            let path = try directory.write(
                "prices.yaml",
                "models:\n  gemini/gemini-2.5-flash: {input: 0.5, output: 4, cache_read: 0.1, as_of: 2026-12-01}\n")
            let file = try PriceFile(contentsOf: path)
            let settings: JSONValue = ["base_url": .string(server.baseURL + "/v1beta"), "api_key": "test-key"]
            let usage = Usage(inputUncached: 186, inputCacheRead: 1024, outputText: 4, outputReasoning: 48)
            let filePriced = Self.host(
                plugin: "gemini", settings: settings, models: [.init(id: "gemini-2.5-flash")], priceFiles: [file])
            try await Self.expect(
                try await Self.ask(filePriced, model: "gemini-2.5-flash", streaming: true), filePriced, usage: usage,
                costUSD: (186 * 0.5 + 1024 * 0.1 + 52 * 4) / 1e6, source: .priceFile(path: path))
            let listed = try #require(filePriced.models.entries.first { $0.model.id == "gemini-2.5-flash" })
            #expect(
                listed.model.pricing?.asOf == "2026-12-01", "the registry, and so the router, sees the file's price")
            let configured = Self.host(
                plugin: "gemini", settings: settings,
                models: [.init(id: "gemini-2.5-flash", pricing: .init(input: 0.7))], priceFiles: [file])
            try await Self.expect(
                try await Self.ask(configured, model: "gemini-2.5-flash", streaming: true), configured, usage: usage,
                costUSD: (186 * 0.7 + 1024 * 0.1 + 52 * 4) / 1e6,
                source: .configuration(keyPath: "providers.gemini.models.gemini-2.5-flash.pricing"))
        }
    }

    @Test func aLiteLLMPricedClaudeIsChargedItsOneHourCacheWritesAtTheExtendedPrice() async throws {
        // input_tokens 12, cache_read 500, cache_creation 3000 of which 2000 for 1 h, output 7. claude-sonnet-4-5 is in
        // no catalog; LiteLLM's file prices it 3 / 15, read 0.3, write 3.75, 1 h write 6.
        let body = Self.anthropicOneHourCacheWriteStream(model: "claude-sonnet-4-5")
        let server = try await MockHTTPServer.start { _ in Self.sse(body) }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "anthropic", settings: ["base_url": .string(server.baseURL), "api_key": "sk-ant-test"],
                models: [.init(id: "claude-sonnet-4-5")],
                priceFiles: [try PriceFile(contentsOf: PriceFileTests.litellmExcerpt)])
            try await Self.expect(
                try await Self.ask(host, model: "claude-sonnet-4-5", streaming: true), host,
                usage: Usage(
                    inputUncached: 12, inputCacheRead: 500, inputCacheWrite: 3000, inputCacheWriteExtended: 2000,
                    outputText: 7),
                costUSD: (12 * 3 + 500 * 0.3 + 1000 * 3.75 + 2000 * 6 + 7 * 15) / 1e6,
                source: .priceFile(path: PriceFileTests.litellmExcerpt))
        }
    }

    @Test func aLiteLLMPricedGeminiProPromptOverTwoHundredThousandTokensIsPricedAtItsAbove200kTier() async throws {
        // As geminiProPromptOverTwoHundredThousandTokensIsPricedAtTheLongContextTier, priced from LiteLLM's
        // `gemini/gemini-2.5-pro` (input_cost_per_token_above_200k_tokens 2.5e-06 and its kin) instead of the catalog.
        let body = Self.geminiProLongPromptStream
        let server = try await MockHTTPServer.start { _ in Self.sse(body) }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "gemini", settings: ["base_url": .string(server.baseURL + "/v1beta"), "api_key": "test-key"],
                models: [.init(id: "gemini-2.5-pro")],
                priceFiles: [try PriceFile(contentsOf: PriceFileTests.litellmExcerpt)])
            try await Self.expect(
                try await Self.ask(host, model: "gemini-2.5-pro", streaming: true), host,
                usage: Usage(inputUncached: 150_000, inputCacheRead: 100_000, outputText: 1000, outputReasoning: 500),
                costUSD: (150_000 * 2.5 + 100_000 * 0.25 + 1000 * 15 + 500 * 15) / 1e6,
                source: .priceFile(path: PriceFileTests.litellmExcerpt))
            let listed = try #require(host.models.entries.first { $0.model.id == "gemini-2.5-pro" })
            #expect(listed.model.pricing?.sourceURL == "https://ai.google.dev/gemini-api/docs/pricing")
        }
    }

    @Test func geminiCachedContentIsInsideThePromptAndThoughtsAreApartFromTheCandidates() async throws {
        // promptTokenCount 1210 with 1024 cached; candidates 4, thoughts 48. gemini-2.5-flash: 0.3 / 2.5, cache read 0.03.
        let server = try await MockHTTPServer.start { _ in
            (try? Self.fixture(TestSupport.pluginFixture("Gemini", "stream-text.sse"))) ?? .json(500, "{}")
        }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "gemini", settings: ["base_url": .string(server.baseURL + "/v1beta"), "api_key": "test-key"],
                models: [.init(id: "gemini-2.5-flash")])
            let result = try await Self.ask(host, model: "gemini-2.5-flash", streaming: true)
            try await Self.expect(
                result, host,
                usage: Usage(inputUncached: 186, inputCacheRead: 1024, outputText: 4, outputReasoning: 48),
                costUSD: (186 * 0.3 + 1024 * 0.03 + 4 * 2.5 + 48 * 2.5) / 1e6,
                source: .manifest(plugin: "gemini", version: "1.0.0"))
        }
    }

    @Test func ollamaIsLocalAndFreeWithItsKVCacheSplitOut() async throws {
        let done =
            #"{"model":"llama3.2","message":{"role":"assistant","content":"Hi"},"done":false}"# + "\n"
            + #"{"model":"llama3.2","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":26,"prompt_eval_cached_count":20,"eval_count":12}"#
            + "\n"
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                status: 200, headers: [("content-type", "application/x-ndjson")], chunks: [.text(done)])
        }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "ollama", settings: ["base_url": .string(server.baseURL)], local: true,
                models: [.init(id: "llama3.2")])
            let result = try await Self.ask(host, model: "llama3.2")
            try await Self.expect(
                result, host, usage: Usage(inputUncached: 6, inputCacheRead: 20, outputText: 12), costUSD: 0,
                source: .local)
        }
    }

    @Test func ollamaWithoutPromptEvalCountGetsAnEstimatedInput() async throws {
        // Older Ollama versions drop prompt_eval_count when the whole prompt came from the KV cache.
        let done =
            #"{"model":"llama3.2","message":{"role":"assistant","content":"Hi"},"done":false}"# + "\n"
            + #"{"model":"llama3.2","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"eval_count":12}"#
            + "\n"
        let server = try await MockHTTPServer.start { _ in
            MockHTTPServer.Response(
                status: 200, headers: [("content-type", "application/x-ndjson")], chunks: [.text(done)])
        }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "ollama", settings: ["base_url": .string(server.baseURL)], local: true,
                models: [.init(id: "llama3.2")])
            let result = try await Self.ask(host, model: "llama3.2")
            // "Say hello" is 9 characters: 3 tokens.
            try await Self.expect(
                result, host, usage: Usage(inputUncached: 3, outputText: 12, estimated: true), costUSD: 0,
                source: .local)
        }
    }

    @Test func aStreamWithoutUsageIsEstimatedAndFlagged() async throws {
        // A compatible server that ignores stream_options.include_usage: no usage chunk at all.
        let body = """
            data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-6.1-terra","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello there, friend!"}}]}

            data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-6.1-terra","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]


            """
        let server = try await MockHTTPServer.start { _ in Self.sse(body) }
        try await server.whileRunning {
            let host = Self.host(
                plugin: "openai", settings: ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-test"],
                models: [.init(id: "gpt-6.1-terra")])
            let result = try await Self.ask(host, model: "gpt-6.1-terra", streaming: true)
            // 3 tokens in ("Say hello"), 5 out ("Hello there, friend!" is 20 characters).
            try await Self.expect(
                result, host, usage: Usage(inputUncached: 3, outputText: 5, estimated: true),
                costUSD: (3 * 1 + 5 * 5) / 1e6,
                source: .manifest(plugin: "openai", version: "1.0.0"))
        }
    }
}
