import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real DeepSeek plugin `.so`, loaded through the loader, against a local server speaking DeepSeek's wire format:
/// OpenAI's Chat Completions with `reasoning_content` deltas, `prompt_cache_hit_tokens` in usage, `: keep-alive`
/// comments while the model thinks, and DeepSeek's error bodies (402 for an empty balance).
@Suite("DeepSeek plugin over its wire format")
struct DeepSeekPluginTests {
    static let apiKey = "sk-deepseek-test-0000000000001234"
    let request = ChatRequest(model: "deepseek-chat", messages: [.user("Say hello")], maxOutputTokens: 64)

    private func withProvider(
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardDeepSeekPlugin", name: "deepseek",
            settings: { server in ["base_url": .string(server.baseURL), "api_key": .string(Self.apiKey)] },
            handler, body)
    }

    private static func sse(_ fixture: String) throws -> MockHTTPServer.Response {
        try Fixture.response(fixture, contentType: "text/event-stream")
    }

    @Test(arguments: ConformanceCheck.allCases)
    func deepSeekConforms(_ check: ConformanceCheck) async throws {
        let bodies: [HTTPFailure: String] = [
            .unauthorized: try Fixture.text("error-401.json"), .forbidden: try Fixture.text("error-403.json"),
            .notFound: try Fixture.text("error-404.json"), .rateLimited: try Fixture.text("error-429.json"),
            .contextWindowExceeded: try Fixture.text("error-400-context.json"),
            .serverError: try Fixture.text("error-500.json"), .unavailable: try Fixture.text("error-503.json"),
        ]
        let conformance = ProviderConformance(
            plugin: try BuiltPlugin.path(product: "SwitchboardDeepSeekPlugin"),
            settings: { ["base_url": .string($0), "api_key": .string(Self.apiKey)] },
            transcripts: ConformanceTranscripts(
                stream: try Self.sse("stream-text.sse"),
                truncatedStream: try Self.sse("stream-cut.sse"),
                errorBody: { bodies[$0] ?? "" },
                toolCall: .init(tool: "get_weather", response: try Self.sse("stream-tool-call.sse")),
                thinking: try Self.sse("stream-reasoning.sse"),
                routes: ["/models": .json(200, try Fixture.text("models.json"))],
                vendorErrors: [
                    .init(
                        "HTTP 402 Insufficient Balance", status: 402, body: try Fixture.text("error-402.json"),
                        kind: .permission, message: "Insufficient Balance")
                ]
            ),
            secrets: [Self.apiKey],
            instanceName: "deepseek"
        )
        try await conformance.run(check)
    }

    @Test func theRequestIsDeepSeeksChatCompletionWithMaxTokens() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, server in
            let answer = try await provider.complete(request)
            #expect(answer.text == "Hello, world!")
            #expect(answer.usage == Usage(inputUncached: 14, outputText: 4))

            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/chat/completions")
            #expect(sent.header("authorization") == "Bearer \(Self.apiKey)")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))
            #expect(body["max_tokens"] == 64)
            #expect(body["max_completion_tokens"] == nil)
            #expect(body["stream_options"]?["include_usage"] == true)
        }
    }

    @Test func reasoningContentIsThinkingAndCacheHitsAreCacheReads() async throws {
        let response = try Self.sse("stream-reasoning.sse")
        try await withProvider({ _ in response }) { provider, _ in
            var thinking = request
            thinking.model = "deepseek-reasoner"
            let (events, error) = await provider.collect(thinking)
            #expect(error == nil)
            let thought = events.compactMap { if case .thinkingDelta(let text, _) = $0 { text } else { nil } }
            #expect(thought.joined() == "Nine times nine is 81.")
            #expect(events.contains(.textDelta("81")))
            #expect(
                events.contains(
                    .usage(Usage(inputUncached: 16, inputCacheRead: 1024, outputText: 6, outputReasoning: 20))))
            #expect(events.last == .finish(.stop))
        }
    }

    @Test func promptCacheHitTokensAloneCountAsCacheReads() async throws {
        let response = try Self.sse("stream-tool-call.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(events.contains(.usage(Usage(inputUncached: 56, inputCacheRead: 64, outputText: 19))))
            #expect(events.last == .finish(.toolCalls))
        }
    }

    @Test func anEmptyBalanceIsAPermissionErrorNamingTheProviderWithoutTheKey() async throws {
        let body = try Fixture.text("error-402.json")
        try await withProvider({ _ in .json(402, body) }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.isEmpty)
            let failure = try #require(error)
            #expect(failure.kind == .permission)
            #expect(failure.httpStatus == 402)
            #expect(failure.provider == "deepseek")
            #expect(failure.message == "Insufficient Balance")
        }
    }

    @Test func aRejectedKeyIsAnAuthenticationErrorThatNeverQuotesTheKey() async throws {
        let body = try Fixture.text("error-401.json")
        try await withProvider({ _ in .json(401, body) }) { provider, _ in
            let failure = try #require(await provider.collect(request).error)
            #expect(failure.kind == .authentication)
            #expect(failure.httpStatus == 401)
            #expect(failure.message == "Authentication Fails, Your api key: ****1234 is invalid")
            #expect(!failure.message.contains(Self.apiKey))
        }
    }

    @Test func aBaseURLThatIsNotHTTPIsRefusedNamingTheSetting() throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardDeepSeekPlugin")
        let error = #expect(throws: ProviderError.self) {
            try plugin.makeProvider(name: "deepseek", settings: ["base_url": "ftp://api.deepseek.com"])
        }
        #expect(error?.kind == .invalidRequest)
        #expect(
            error?.message
                == "setting \"base_url\" of provider \"deepseek\" must be an http or https URL such as "
                + "https://api.deepseek.com; found \"ftp://api.deepseek.com\"")
    }

    @Test func theListedModelsAreDescribedFromTheCatalog() async throws {
        let models = try Fixture.text("models.json")
        try await withProvider({ _ in .json(200, models) }) { provider, server in
            let listed = try await provider.models()
            #expect(listed.map(\.id) == ["deepseek-chat", "deepseek-reasoner"])
            #expect(listed.last?.capabilities.contains(.thinking) == true)
            #expect(
                listed.first?.pricing
                    == Pricing(
                        input: 0.28, output: 0.42, cacheRead: 0.028,
                        sourceURL: "https://api-docs.deepseek.com/quick_start/pricing", asOf: "2026-12-04"))
            #expect(server.requests.first?.uri == "/models")
        }
    }
}
