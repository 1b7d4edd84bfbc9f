import Foundation
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// The real OpenAI-compatible plugin `.so`, loaded through the loader, against a local server speaking OpenAI's wire
/// format.
@Suite("OpenAI-compatible plugin over its wire format")
struct OpenAIPluginTests {
    static let apiKey = "sk-test-secret-key-000000001234"
    let request = ChatRequest(
        model: "gpt-6.1-terra", messages: [.system("Be brief."), .user("Say hello")], maxOutputTokens: 64)

    private func withProvider(
        _ handler: @escaping MockHTTPServer.Handler,
        _ body: (any Provider, MockHTTPServer) async throws -> Void
    ) async throws {
        try await BuiltPlugin.withProvider(
            product: "SwitchboardOpenAIPlugin", name: "openai",
            settings: { server in
                ["base_url": .string(server.baseURL + "/v1"), "api_key": .string(Self.apiKey)]
            }, handler, body)
    }

    private static func sse(_ fixture: String) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(
            status: 200, headers: [("content-type", "text/event-stream")], chunks: try Fixture.chunks(fixture))
    }

    @Test func aStreamedAnswerCarriesTextUsageAndFinish() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, server in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(events.first == .start(id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", model: "gpt-6.1-terra"))
            let text = events.compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined()
            #expect(text == "Hello, world!")
            #expect(
                events.contains(
                    .usage(Usage(inputUncached: 176, inputCacheRead: 1024, outputText: 110, outputReasoning: 40)))
            )
            #expect(events.last == .finish(.stop))

            let sent = try #require(server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.uri == "/v1/chat/completions")
            #expect(sent.header("authorization") == "Bearer \(Self.apiKey)")
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(sent.body))
            #expect(body["stream"] == true)
            #expect(body["stream_options"]?["include_usage"] == true)
            #expect(body["model"] == "gpt-6.1-terra")
            #expect(body["messages"]?.arrayValue?.count == 2)
            #expect(body["messages"]?.arrayValue?.first?["role"] == "system")
        }
    }

    @Test func completeIsTheStreamCollected() async throws {
        let response = try Self.sse("stream-text.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let answer = try await provider.complete(request)
            #expect(answer.text == "Hello, world!")
            #expect(answer.provider == "openai")
            #expect(answer.model == "gpt-6.1-terra")
            #expect(answer.finishReason == .stop)
            #expect(answer.usage.inputTokens == 1200)
            #expect(answer.usage.outputTokens == 150)
        }
    }

    @Test func aStreamedToolCallIsAssembled() async throws {
        let response = try Self.sse("stream-tool-call.sse")
        try await withProvider({ _ in response }) { provider, server in
            var toolRequest = request
            toolRequest.tools = [
                ToolDefinition(
                    name: "get_weather",
                    description: "Weather for a city",
                    parameters: ["type": "object", "properties": ["location": ["type": "string"]]]
                )
            ]
            let answer = try await provider.complete(toolRequest)
            #expect(
                answer.toolCalls == [
                    ToolCall(
                        id: "call_DdmO9pD3xa9XTPNJ32zg2hcA", name: "get_weather", arguments: #"{"location":"Paris"}"#)
                ])
            #expect(answer.finishReason == .toolCalls)
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(server.requests.first).body))
            #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == "get_weather")
            #expect(body["tools"]?.arrayValue?.first?["type"] == "function")
        }
    }

    @Test(arguments: [
        (401, "error-401.json", [(String, String)](), ProviderError.Kind.authentication, nil as Double?),
        (429, "error-429.json", [("retry-after", "2")], .rateLimited, 2.0),
        (500, "error-500.json", [], .server, nil),
        (400, "error-400-context.json", [], .contextWindowExceeded, nil),
        (403, "error-403.json", [], .permission, nil),
        (404, "error-404.json", [], .notFound, nil),
        (503, "error-503.json", [], .overloaded, nil),
        (400, "error-400-content-policy.json", [], .contentPolicy, nil),
        (400, "error-400-invalid.json", [], .invalidRequest, nil),
    ])
    func anHTTPErrorMapsIntoTheTaxonomy(
        status: Int,
        fixture: String,
        headers: [(String, String)],
        kind: ProviderError.Kind,
        retryAfter: Double?
    ) async throws {
        let body = try Fixture.text(fixture)
        try await withProvider({ _ in .json(status, body, headers: headers) }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.isEmpty)
            let failure = try #require(error)
            #expect(failure.kind == kind)
            #expect(failure.httpStatus == status)
            #expect(failure.provider == "openai")
            #expect(failure.retryAfter == retryAfter)
            let vendorMessage = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))["error"]?["message"]?
                .stringValue
            #expect(failure.message.hasSuffix(try #require(vendorMessage)))
            #expect(!failure.description.contains(Self.apiKey))
        }
    }

    @Test func anExhaustedQuotaIsAPermissionErrorNotARetryableRateLimit() async throws {
        let body = try Fixture.text("error-429-quota.json")
        try await withProvider({ _ in .json(429, body) }) { provider, _ in
            let (_, error) = await provider.collect(request)
            #expect(error?.kind == .permission)
            #expect(error?.message.hasPrefix("quota exhausted: ") == true)
            #expect(error?.isRetryable == false)
        }
    }

    @Test func aStreamThatStopsWithoutItsEndMarkerIsAnError() async throws {
        let response = try Self.sse("stream-cut.sse")
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.contains(.textDelta("The answer is")))
            let failure = try #require(error, "a cut-off stream must never be a short success")
            #expect([.connection, .server].contains(failure.kind))
            #expect(failure.message.contains("before the answer was complete"))
        }
    }

    @Test func modelsAreDiscoveredFromTheServer() async throws {
        let models = try Fixture.text("models.json")
        try await withProvider({ _ in .json(200, models) }) { provider, server in
            let discovered = try await provider.models()
            #expect(discovered.map(\.id) == ["gpt-6.1-terra", "my-local-model", "text-embedding-3-small"])
            #expect(discovered.first?.pricing?.input == 1, "a known model keeps its catalog entry")
            #expect(discovered.last?.capabilities == [.embeddings])
            #expect(discovered.last?.pricing?.input == 0.02)
            #expect(server.requests.first?.uri == "/v1/models")
            #expect(await provider.health().status == .ok)
        }
    }

    @Test func anUnreachableServerIsAConnectionErrorAndUnhealthy() async throws {
        let provider = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin").makeProvider(
            name: "nowhere",
            settings: ["base_url": "http://127.0.0.1:9/v1"]
        )
        let (_, error) = await provider.collect(request)
        #expect(error?.kind == .connection)
        #expect(error?.provider == "nowhere")
        #expect(await provider.health().status == .unavailable)
    }

    @Test func badSettingsAreRefusedNamingTheSetting() throws {
        let plugin = try BuiltPlugin.load(product: "SwitchboardOpenAIPlugin")
        #expect {
            try plugin.makeProvider(name: "broken", settings: ["base_url": "ftp://example.com"])
        } throws: { error in
            let error = error as? ProviderError
            return error?.kind == .invalidRequest
                && error?.message.contains("setting \"base_url\" of provider \"broken\"") == true
        }
    }
}

// MARK: A whole JSON answer to a streamed request

extension OpenAIPluginTests {
    /// A 200 whose body is `Fixtures/<name>`, in chunks, with these headers.
    private static func document(_ fixture: String, headers: [(String, String)]) throws -> MockHTTPServer.Response {
        MockHTTPServer.Response(status: 200, headers: headers, chunks: try Fixture.chunks(fixture))
    }

    @Test(
        "a chat.completion answering stream: true yields the events of the same answer streamed",
        arguments: [
            [("content-type", "application/json")], [("Content-Type", "application/json; charset=utf-8")],
            // No content type, or a wrong one: the first byte, `{`, decides.
            [], [("content-type", "text/plain; charset=utf-8")],
        ]
    )
    func aWholeCompletionIsDecoded(headers: [(String, String)]) async throws {
        let response = try Self.document("completion-text.json", headers: headers)
        try await withProvider({ _ in response }) { provider, server in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: "chatcmpl-BVr8sX1kQ3fHc9TzN4mPq2LwYd7aE", model: "gpt-6.1-terra"),
                    .textDelta("Hello, world!"),
                    .usage(Usage(inputUncached: 176, inputCacheRead: 1024, outputText: 110, outputReasoning: 40)),
                    .finish(.stop),
                ]
            )
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(server.requests.first).body))
            #expect(body["stream"] == true)
        }
    }

    @Test func aWholeCompletionWithToolCallsAndNullContentYieldsEachCall() async throws {
        let response = try Self.document("completion-tool-calls.json", headers: [("content-type", "application/json")])
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: "chatcmpl-BVrA2nRkz7bG0x1sTQpYcLmHa4eUv", model: "gpt-6.1-terra"),
                    .toolCallStart(index: 0, id: "call_8qTQVHcN9wYbX1a0f3LJrK2m", name: "get_weather"),
                    .toolCallDelta(index: 0, arguments: #"{"location":"Paris"}"#),
                    .toolCallStart(index: 1, id: "call_Zt4fG7mUe5sWd2pQ9vXyA1bC", name: "get_weather"),
                    .toolCallDelta(index: 1, arguments: #"{"location":"Tokyo"}"#),
                    .toolCallEnd(index: 0),
                    .toolCallEnd(index: 1),
                    .usage(Usage(inputUncached: 82, outputText: 46)),
                    .finish(.toolCalls),
                ]
            )
            let answer = try await provider.complete(request)
            #expect(answer.toolCalls.map(\.name) == ["get_weather", "get_weather"])
            #expect(answer.text == "")
        }
    }

    @Test func aWholeCompletionWithReasoningContentYieldsThinkingThenText() async throws {
        let response = try Self.document("completion-reasoning.json", headers: [("content-type", "application/json")])
        try await withProvider({ _ in response }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(error == nil)
            #expect(
                events == [
                    .start(id: "930c60df-bf64-41c9-a88e-3ec75f81e00e", model: "deepseek-reasoner"),
                    .thinkingDelta(text: "Compare the decimals: 0.11 < 0.8, so 9.11 < 9.8.", signature: nil),
                    .textDelta("9.11 is smaller than 9.8."),
                    .usage(Usage(inputUncached: 18, outputText: 12, outputReasoning: 52)),
                    .finish(.length),
                ]
            )
        }
    }

    @Test func aWholeErrorDocumentWithStatus200IsMappedAsAnInStreamError() async throws {
        let body =
            #"{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}"#
        try await withProvider({ _ in .json(200, body) }) { provider, _ in
            let (events, error) = await provider.collect(request)
            #expect(events.isEmpty)
            let failure = try #require(error)
            #expect(failure.kind == .server)
            #expect(failure.message.contains("The server had an error while processing your request."))
        }
    }

    @Test func aWholeDocumentThatIsNotACompletionIsAServerErrorQuotingIt() async throws {
        try await withProvider({ _ in .json(200, #"{"choices":"none"}"#) }) { provider, _ in
            let (_, error) = await provider.collect(request)
            let failure = try #require(error)
            #expect(failure.kind == .server)
            #expect(failure.message.contains("not a chat completion"))
            #expect(failure.message.contains(#"{"choices":"none"}"#))
        }
    }
}
